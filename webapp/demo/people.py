"""Who and where: companies near real cities, the people there and their personal topics."""

import math
import uuid

from webapp import timeutil
from webapp.demo import hours
from webapp.demo.hours import DAY
from webapp.demo.phrases import TEXT
from webapp.demo.places import COUNTRIES

RHYTHMS = (14, 21, 28, 28, 42, 56)
SHORT_RHYTHMS = (14, 21, 28)  # so a due or overdue client still has a visit in the window
#: How many days ago a client was added: an old customer, or (never visited) a new one.
AGE_DAYS = {False: (200, 900), True: (3, 20)}
#: How many personal topics a contact has: not everyone tells.
TOPICS_PER_CONTACT = (0, 1, 1, 1, 2)
STATUSES = ("open", "followed_up", "closed")
STATUS_WEIGHTS = (65, 25, 10)


def make_client(rng, rep, country, city, category, names, now):
    """A company near a real city, owned by the rep, with a rhythm that fits its category; a
    client never visited is new, added in the last weeks."""
    data = COUNTRIES[country]
    name = None
    while name is None or name in names:
        trade = rng.choice(data["trades"]) if data["trades"] else ""
        surname = pick_surname(rng, data, "male")
        name = rng.choice(data["companies"]).format(surname=surname, trade=trade)
    names.add(name)
    lat, lon = near(rng, city[1], city[2], rng.uniform(300, 4000))
    rhythms = RHYTHMS if category in ("ok", "never") else SHORT_RHYTHMS
    return {
        "id": None,
        "team_id": rep["team_id"],
        "owner_id": rep["id"],
        "name": name,
        "address": f"{rng.choice(data['streets'])} {rng.randint(1, 120)}",
        "city": city[0],
        "country": country,
        "lat": lat,
        "lon": lon,
        "rhythm_days": rng.choice(rhythms),
        "archived": 0,
        "created_at": timeutil.iso(
            hours.office_hours(
                rng, now - rng.uniform(*AGE_DAYS[category == "never"]) * DAY, rep["tz"]
            )
        ),
    }


def pick_surname(rng, data, gender):
    """A surname in the person's form: "Kowalski/Kowalska" lists the male and female forms."""
    forms = rng.choice(data["surnames"]).split("/")
    return forms[-1] if gender == "female" else forms[0]


def make_contacts(rng, client, rep, first_id, seen, now):
    """Two to four people with local names and job titles, added in the client's first month;
    no two in a country share a name (`seen`), so a search for one finds one."""
    data = COUNTRIES[client["country"]]
    count = rng.randint(2, 4)
    people = []
    for title in rng.sample(data["titles"], count):
        name = None
        while name is None or (client["country"], name) in seen:
            gender = rng.choice(("male", "female"))
            name = f"{rng.choice(data[gender])} {pick_surname(rng, data, gender)}"
        seen.add((client["country"], name))
        added = timeutil.parse(client["created_at"])
        created = min(added + rng.uniform(0, 30) * DAY, now)
        created = max(hours.office_hours(rng, created, rep["tz"]), added)
        people.append(
            {
                "id": first_id + len(people),
                "client_id": client["id"],
                "name": name,
                "title": title,
                "created_at": timeutil.iso(created),
            }
        )
    return people


def make_topics(rng, contacts, rep):
    """Up to two personal topics per contact (someone at each client has one), in the rep's
    language, none twice per client; across the rep's clients each topic comes up once before
    any comes again."""
    counts = [rng.choice(TOPICS_PER_CONTACT) for _ in contacts]
    counts[0] = max(counts[0], 1)
    used, topics = set(), []
    for contact, count in zip(contacts, counts, strict=True):
        for _ in range(count):
            title, follow_up, mention = _next_topic(rng, rep, used)
            topics.append(
                {
                    "id": new_id(rng),
                    "contact_id": contact["id"],
                    "title": title,
                    "follow_up": follow_up if rng.random() < 0.8 else "",
                    "created_by": rep["id"],
                    # Working fields, removed by history.settle_topic:
                    "_mention": mention,
                    "_mentions": [],
                    "_final": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                    "_known": False,  # True: not recorded in its first mention
                }
            )
    return topics


def _next_topic(rng, rep, used):
    """The next topic from the rep's shuffled deck that this client (`used`) has not had."""
    deck = rep.setdefault("topic_deck", [])
    while True:
        if not deck:
            templates = TEXT[rep["locale"]]["topics"]
            deck.extend(rng.sample(templates, len(templates)))
        for i in range(len(deck) - 1, -1, -1):
            if deck[i][0] not in used:
                used.add(deck[i][0])
                return deck.pop(i)
        deck.clear()  # every one left was this client's already: a fresh deck


def near(rng, lat, lon, metres):
    """A point about `metres` from (lat, lon) in a random direction."""
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.cos(bearing) / 111_320
    dlon = metres * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def new_id(rng):
    """A random (version 4) UUID drawn from the seeded generator, so ids repeat run to run."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
