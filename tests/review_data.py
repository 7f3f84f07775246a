"""A fixed week of field work for the weekly review's tests, with every figure worked out.

ISO week 2026-W45 runs Monday 2 to Sunday 8 November 2026. The users' zone, Europe/Oslo,
is UTC+1 then, so the week is [2026-11-01T23:00Z, 2026-11-08T23:00Z). Times below are UTC
with the Oslo time in the comment. Each record is named in the figures it should count in.

The rep ("Rep rep") that week:
  V1 Mon 09:00-10:00 Fjord    60 min; note N1 linked, follows up "Golf"     -> personal
  V2 Tue 10:00-11:30 Berg     90 min; note N2 unlinked, same day, new topic  -> personal
  V3 Tue 11:00-12:00 Fjord    60 min, overlaps V2 by 30 min; no note of the rep's (the
                               colleague's same-day note at Fjord does not count)
  V4 Thu 14:00-      Berg     never checked out: 0 min, unfinished; note N3 linked, no topic
  V5 Sun 23:30-23:50 Fjord    20 min; note N4 at 00:10 Monday, unlinked: another local day
  (V0 Sun 1 Nov 23:59 is week 44; V6 Mon 9 Nov 00:30, still Sunday in UTC, is week 46.)
  => visits 5, clients 2, time 60 + 120 (V2 ∪ V3) + 20 = 200 min, 1 unfinished,
     personal touch 2 of 5 = 40 %, notes 3 (N1 N2 N3; N4 is week 46),
     visits per weekday Mon 1, Tue 2, Wed 0, Thu 1, Fri 0, Sat 0, Sun 1.
  Promises: P1 made Mon due 4 Nov kept Wed 15:00 (on time); P2 made Tue due 4 Nov kept
  Thu 00:30 Oslo = Wed 23:30 UTC (late: the local date counts); P3 made in week 43, kept
  Mon (late); P4 due 6 Nov still open (overdue); P5 made Thu due 12 Nov (open, not yet
  due); P6 due 15 Oct kept only on 10 Nov (overdue at the week's end); P7 made Wed due
  Sun 8 Nov kept Sun 23:30 (on time); P8 made in week 44, due 20 Nov (open).
  => made 4 (P1 P2 P5 P7), kept on time 2 (P1 P7), kept late 2 (P2 P3), overdue 2 (P4 P6).
  New personal topics: "Cabin trip" (Tue) and "Cabin" (Sun 23:30) => 2.

The colleague ("Rep colleague"): C1 Tue 09:00-09:45 at their client, note linked with a
new topic -> 1 visit, 1 client, 45 min, 100 %, 2 notes, 1 new topic.
Team North: visits 6, clients 3, 245 min, 3 of 6 = 50 %, notes 5, promises 4/2/2/2,
new topics 3. The southern stranger's visit that week never shows.

Plan for week 46, as of the end of week 45 (Monday 9 Nov 00:00 Oslo = 8 Nov 23:00Z):
  clients: Gammel Kunde AS (last visit 1 Sep, every 28 days: 69 days since, 41 overdue),
  Nord Trykk AS (never visited), Berg Elektro AS (every 7 days, due Thu 12 Nov);
  promises: P6 (25 days overdue), P4 (3 days overdue), P5 (due 12 Nov);
  questions: Per's "Cabin" (Berg, a client to visit), Anna's "Dog was sick" (Fjord);
  not met for 90 days: Nils Nord and Ola Fjord (never), Kari Gammel (160 days).
"""

from webapp import db as database

FJORD_CITY = "Bergen"


def at(text):
    """A stored time from a short UTC form: "11-02 08:00" -> 2026-11-02T08:00:00.000Z."""
    if len(text) == 11:
        text = "2026-" + text
    day, clock = text.split(" ")
    return f"{day}T{clock}:00.000Z"


class Builder:
    """Inserts rows with the exact times the figures above depend on."""

    def __init__(self, db):
        self.db = db
        self.n = 0

    def _id(self, kind):
        self.n += 1
        return f"00000000-0000-4000-{kind}-{self.n:012d}"

    def _insert(self, table, row):
        with database.transaction(self.db):
            self.db[table].insert(row)
        return row.get("id")

    def visit(self, client, user, start, end=None):
        return self._insert(
            "visits",
            {
                "id": self._id("9000"),
                "client_id": client,
                "user_id": user,
                "checked_in_at": at(start),
                "checked_out_at": at(end) if end else None,
                "received_at": at(start),
            },
        )

    def note(self, client, user, written, body, visit=None, contacts=(), topics=()):
        note_id = self._id("8000")
        self._insert(
            "notes",
            {
                "id": note_id,
                "client_id": client,
                "user_id": user,
                "visit_id": visit,
                "body": body,
                "written_at": at(written),
                "received_at": at(written),
            },
        )
        with database.transaction(self.db):
            for contact in contacts:
                self.db["note_contacts"].insert({"note_id": note_id, "contact_id": contact})
            for topic, status in topics:
                self.db["note_topics"].insert(
                    {"note_id": note_id, "topic_id": topic, "status": status}
                )
        return note_id

    def topic(self, contact, title, created, by=None, follow_up="", status="open"):
        return self._insert(
            "topics",
            {
                "id": self._id("7000"),
                "contact_id": contact,
                "title": title,
                "follow_up": follow_up,
                "status": status,
                "status_at": at(created),
                "last_mentioned_at": at(created),
                "created_by": by,
                "created_at": at(created),
                "received_at": at(created),
            },
        )

    def promise(self, client, user, text, made, due, kept=None):
        return self._insert(
            "promises",
            {
                "id": self._id("a000"),
                "client_id": client,
                "user_id": user,
                "text": text,
                "due_date": due,
                "made_at": at(made),
                "kept_at": at(kept) if kept else None,
                "kept_changed_at": at(kept) if kept else None,
                "received_at": at(made),
            },
        )


def build(world, make, db):
    """Week 45 of 2026 as described in the module docstring; returns the ids by name."""
    b = Builder(db)
    rep, colleague = world["rep"]["id"], world["colleague"]["id"]
    north, fjord, theirs = world["north"], world["mine"], world["theirs"]
    berg = make.client(north, rep, name="Berg Elektro AS", city="Oslo", rhythm_days=7)
    nord = make.client(north, rep, name="Nord Trykk AS", city="Tromsø")
    gammel = make.client(north, rep, name="Gammel Kunde AS", city="Molde")
    gone = make.client(north, rep, name="Archived Old AS", archived=1)
    anna = make.contact(fjord, name="Anna Fjord")
    ola = make.contact(fjord, name="Ola Fjord")
    per = make.contact(berg, name="Per Berg")
    nils = make.contact(nord, name="Nils Nord")
    kari = make.contact(gammel, name="Kari Gammel")
    make.contact(gone, name="Gone Person")
    theirs_contact = make.contact(theirs, name="Their Contact")

    golf = b.topic(
        anna, "Golf", "2026-09-01 10:00", by=rep, follow_up="Ask about the handicap",
        status="followed_up",
    )  # fmt: skip
    dog = b.topic(anna, "Dog was sick", "2026-10-01 10:00", by=rep, follow_up="Ask how the dog is")
    b.topic(anna, "Closed thing", "2026-10-02 10:00", by=rep, follow_up="x", status="closed")
    cabin_trip = b.topic(per, "Cabin trip", "11-03 11:00", by=rep)
    cabin = b.topic(per, "Cabin", "11-08 22:30", by=rep, follow_up="Ask about the cabin")
    their_topic = b.topic(theirs_contact, "Sailing", "11-03 08:50", by=colleague, follow_up="y")

    ids = {"berg": berg, "nord": nord, "gammel": gammel, "gone": gone, "ola": ola, "nils": nils}
    ids.update(anna=anna, per=per, kari=kari, dog=dog, cabin=cabin)
    ids["v0"] = b.visit(fjord, rep, "11-01 22:59", "11-01 23:30")
    ids["v1"] = b.visit(fjord, rep, "11-02 08:00", "11-02 09:00")
    ids["v2"] = b.visit(berg, rep, "11-03 09:00", "11-03 10:30")
    ids["v3"] = b.visit(fjord, rep, "11-03 10:00", "11-03 11:00")
    ids["v4"] = b.visit(berg, rep, "11-05 13:00")
    ids["v5"] = b.visit(fjord, rep, "11-08 22:30", "11-08 22:50")
    ids["v6"] = b.visit(berg, rep, "11-08 23:30", "11-09 00:00")
    b.visit(gammel, rep, "2026-09-01 08:00", "2026-09-01 09:00")
    b.visit(gone, rep, "2026-01-05 08:00", "2026-01-05 09:00")
    ids["n1"] = b.note(
        fjord, rep, "11-02 09:10", "Anna's golf is going well.", visit=ids["v1"],
        contacts=[anna], topics=[(golf, "followed_up")],
    )  # fmt: skip
    ids["n2"] = b.note(
        berg, rep, "11-03 11:00", "@channel Per is planning a cabin trip.",
        contacts=[per], topics=[(cabin_trip, "open")],
    )  # fmt: skip
    ids["n3"] = b.note(berg, rep, "11-05 13:30", "=1+2 price list discussed", visit=ids["v4"])
    ids["n4"] = b.note(fjord, rep, "11-08 23:10", "Late note.", topics=[(dog, "open")])
    b.note(gammel, rep, "2026-06-01 10:00", "Met Kari.", contacts=[kari])

    ids["c1"] = b.visit(theirs, colleague, "11-03 08:00", "11-03 08:45")
    b.note(theirs, colleague, "11-03 08:50", "Sailing.", visit=ids["c1"],
           topics=[(their_topic, "open")])  # fmt: skip
    b.note(fjord, colleague, "11-03 12:00", "Colleague at Fjord.", topics=[(golf, "open")])

    b.visit(world["other_team"], world["stranger"]["id"], "11-03 08:00", "11-03 09:00")

    ids["p1"] = b.promise(fjord, rep, "Send price list", "11-02 09:10", "2026-11-04", "11-04 14:00")
    ids["p2"] = b.promise(berg, rep, "Call back", "11-03 11:00", "2026-11-04", "11-04 23:30")
    ids["p3"] = b.promise(fjord, rep, "Old one", "2026-10-20 10:00", "2026-10-30", "11-02 10:00")
    ids["p4"] = b.promise(fjord, rep, "Book a demo", "2026-10-26 10:00", "2026-11-06")
    ids["p5"] = b.promise(berg, rep, "Bring samples", "11-05 13:30", "2026-11-12")
    ids["p6"] = b.promise(
        fjord, rep, "Fix the invoice", "2026-10-01 10:00", "2026-10-15", "11-10 09:00"
    )
    ids["p7"] = b.promise(berg, rep, "Email the offer", "11-04 10:00", "2026-11-08", "11-08 22:30")
    ids["p8"] = b.promise(berg, rep, "Visit with boss", "2026-10-28 10:00", "2026-11-20")
    return ids
