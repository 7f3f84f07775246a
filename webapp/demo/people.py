"""Who and where: companies near real cities, the people there and their personal topics."""

import math
import uuid

from webapp import timeutil
from webapp.demo import hours
from webapp.demo.hours import DAY
from webapp.demo.text import COUNTRIES
from webapp.demo.text import TEXT

RHYTHMS = (14, 21, 28, 28, 42, 56)
SHORT_RHYTHMS = (14, 21, 28)  # so a due or overdue client still has a visit in the window
STATUSES = ("open", "followed_up", "closed")
STATUS_WEIGHTS = (65, 25, 10)


def make_client(rng, rep, country, city, category, names, now):
    """A company near a real city, owned by the rep, with a rhythm that fits its category."""
    data = COUNTRIES[country]
    surname = None
    while surname is None or (country, surname) in names:  # one family firm per surname
        surname = pick_surname(rng, data, "male")
    names.add((country, surname))
    trade = rng.choice(data["trades"]) if data["trades"] else ""
    name = rng.choice(data["companies"]).format(surname=surname, trade=trade)
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
            hours.office_hours(rng, now - rng.uniform(200, 900) * DAY, rep["tz"])
        ),
    }


def pick_surname(rng, data, gender):
    """A surname in the person's form: "Kowalski/Kowalska" lists the male and female forms."""
    forms = rng.choice(data["surnames"]).split("/")
    return forms[-1] if gender == "female" else forms[0]


def make_contacts(rng, client, rep, first_id):
    """Two to four people with distinct local names and job titles."""
    data = COUNTRIES[client["country"]]
    count = rng.randint(2, 4)
    people, seen = [], set()
    for title in rng.sample(data["titles"], count):
        name = None
        while name is None or name in seen:
            gender = rng.choice(("male", "female"))
            name = f"{rng.choice(data[gender])} {pick_surname(rng, data, gender)}"
        seen.add(name)
        created = timeutil.parse(client["created_at"]) + rng.uniform(0, 30) * DAY
        created = max(
            hours.office_hours(rng, created, rep["tz"]), timeutil.parse(client["created_at"])
        )
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
    """One to three personal topics per contact, in the rep's language, none twice per client."""
    templates = iter(rng.sample(TEXT[rep["locale"]]["topics"], len(TEXT[rep["locale"]]["topics"])))
    topics = []
    for contact in contacts:
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3))):
            title, follow_up, mention = next(templates)
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


def near(rng, lat, lon, metres):
    """A point about `metres` from (lat, lon) in a random direction."""
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.cos(bearing) / 111_320
    dlon = metres * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def new_id(rng):
    """A random (version 4) UUID drawn from the seeded generator, so ids repeat run to run."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
