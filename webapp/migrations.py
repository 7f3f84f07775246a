"""The schema's history: numbered, append-only. Never edit a migration that has shipped."""

from sqlite_utils import Migrations

migrations = Migrations("folka")


@migrations()
def m001_initial(db):
    """Teams, users, clients, contacts, topics, visits, notes, promises and applied operations.

    Records a phone can create offline (topics, visits, notes, promises) have UUID keys made
    on the phone and keep the phone's time of the event beside the server's received time.
    Times are UTC in ISO 8601 with milliseconds ("2026-11-24T08:30:00.000Z").
    """
    db.executescript(
        """
        CREATE TABLE teams (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('rep', 'manager', 'admin')),
            team_id INTEGER REFERENCES teams(id),
            locale TEXT NOT NULL DEFAULT 'en',
            timezone TEXT NOT NULL DEFAULT 'Europe/Oslo',
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            team_id INTEGER NOT NULL REFERENCES teams(id),
            owner_id INTEGER REFERENCES users(id),
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            lat REAL,
            lon REAL,
            rhythm_days INTEGER NOT NULL DEFAULT 28,
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE INDEX clients_team ON clients(team_id, archived);
        CREATE INDEX clients_owner ON clients(owner_id);
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX contacts_client ON contacts(client_id);
        CREATE TABLE topics (
            id TEXT PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            title TEXT NOT NULL,
            follow_up TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'followed_up', 'closed')),
            status_at TEXT NOT NULL,
            last_mentioned_at TEXT NOT NULL,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE INDEX topics_contact ON topics(contact_id, last_mentioned_at);
        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            checked_in_at TEXT NOT NULL,
            checked_out_at TEXT,
            lat REAL,
            lon REAL,
            accuracy_m REAL,
            distance_m REAL,
            out_lat REAL,
            out_lon REAL,
            out_accuracy_m REAL,
            -- 1 when the visit was ended by a later check-in rather than by checking out.
            closed_by_check_in INTEGER NOT NULL DEFAULT 0,
            received_at TEXT NOT NULL
        );
        CREATE INDEX visits_client ON visits(client_id, checked_in_at);
        CREATE INDEX visits_user ON visits(user_id, checked_in_at);
        CREATE TABLE notes (
            id TEXT PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            -- No foreign key: a note synced before its check-in names a visit still on its way.
            visit_id TEXT,
            body TEXT NOT NULL,
            written_at TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE INDEX notes_client ON notes(client_id, written_at);
        CREATE INDEX notes_user ON notes(user_id, written_at);
        CREATE TABLE note_contacts (
            note_id TEXT NOT NULL REFERENCES notes(id),
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            PRIMARY KEY (note_id, contact_id)
        );
        CREATE INDEX note_contacts_contact ON note_contacts(contact_id);
        CREATE TABLE note_topics (
            note_id TEXT NOT NULL REFERENCES notes(id),
            topic_id TEXT NOT NULL REFERENCES topics(id),
            status TEXT NOT NULL,
            PRIMARY KEY (note_id, topic_id)
        );
        CREATE INDEX note_topics_topic ON note_topics(topic_id);
        CREATE TABLE promises (
            id TEXT PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            note_id TEXT REFERENCES notes(id),
            text TEXT NOT NULL,
            due_date TEXT NOT NULL,
            made_at TEXT NOT NULL,
            kept_at TEXT,
            kept_changed_at TEXT,
            received_at TEXT NOT NULL
        );
        CREATE INDEX promises_client ON promises(client_id, kept_at, due_date);
        CREATE INDEX promises_user ON promises(user_id, due_date);
        CREATE TABLE operations (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m002_calendar_tokens(db):
    """Secret calendar-feed links, one per user, stored only as a SHA-256 hash of the token."""
    db.execute(
        """
        CREATE TABLE calendar_tokens (
            user_id INTEGER PRIMARY KEY REFERENCES users(id),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            last_used_at TEXT
        )
        """
    )


@migrations()
def m003_security(db):
    """Server-side sessions, two-step login, login throttling and the append-only audit log.

    Statements run one by one (not executescript, which would commit the migration's
    transaction half-way).
    """
    statements = [
        "ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0",
        # Set only for a temporary password from an admin: it stops working after this time.
        "ALTER TABLE users ADD COLUMN password_expires_at TEXT",
        "ALTER TABLE users ADD COLUMN password_changed_at TEXT",
        "ALTER TABLE users ADD COLUMN totp_secret TEXT",
        # A secret shown on the set-up page, waiting for its first code.
        "ALTER TABLE users ADD COLUMN totp_pending_secret TEXT",
        "ALTER TABLE users ADD COLUMN totp_enabled_at TEXT",
        # The last time step used: a code is accepted once only.
        "ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0",
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id INTEGER NOT NULL REFERENCES users(id),
            remember INTEGER NOT NULL DEFAULT 0,
            user_agent TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            ended_at TEXT
        )
        """,
        "CREATE INDEX sessions_user ON sessions(user_id, ended_at)",
        """
        CREATE TABLE recovery_codes (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            code_hash TEXT NOT NULL,
            used_at TEXT
        )
        """,
        "CREATE INDEX recovery_codes_user ON recovery_codes(user_id, code_hash)",
        """
        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """,
        "CREATE INDEX login_failures_key ON login_failures(key, at)",
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor_id INTEGER REFERENCES users(id),
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX audit_log_action ON audit_log(action, id)",
        """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
        """
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
    ]
    for statement in statements:
        db.execute(statement)


@migrations()
def m004_indexes(db):
    """Indexes that keep the field pages as fast with a million notes as with a thousand.

    A rep's Today list (team, not archived, owner), the visit a user is checked in at and the
    note written about a visit (the weekly review) are found through an index instead of by
    scanning the team's clients, the user's whole visit history or all the user's notes.
    (team_id, archived, owner_id) serves every query clients_team served, so that one goes.
    Found by `make bench`.
    """
    db.execute("CREATE INDEX clients_team_owner ON clients(team_id, archived, owner_id)")
    db.execute("DROP INDEX clients_team")
    db.execute(
        "CREATE INDEX visits_open ON visits(user_id, checked_in_at) WHERE checked_out_at IS NULL"
    )
    db.execute("CREATE INDEX notes_visit ON notes(visit_id) WHERE visit_id IS NOT NULL")


_CLIENT_TEAM = "(SELECT team_id FROM clients WHERE id = {row}.client_id)"
_USER_TEAM = "(SELECT team_id FROM users WHERE id = {row}.user_id)"
_NOTE_TEAM = (
    "(SELECT c.team_id FROM notes n JOIN clients c ON c.id = n.client_id"
    " WHERE n.id = {row}.note_id)"
)
_ROW_EVENTS = ("INSERT", "UPDATE", "DELETE")

#: What the kept pages show (webapp/pagecache.py), the teams each row's change concerns, and
#: the changes that matter. (The review counts a rep's work at their team's clients only.)
_TEAMS_OF = {
    "users": (["{row}.team_id"], _ROW_EVENTS),
    "clients": (["{row}.team_id"], _ROW_EVENTS),
    "contacts": ([_CLIENT_TEAM], _ROW_EVENTS),
    "visits": ([_CLIENT_TEAM], _ROW_EVENTS),
    "notes": ([_CLIENT_TEAM], _ROW_EVENTS),
    "promises": ([_CLIENT_TEAM], _ROW_EVENTS),
    "topics": (
        [
            "(SELECT c.team_id FROM contacts k JOIN clients c ON c.id = k.client_id"
            " WHERE k.id = {row}.contact_id)"
        ],
        _ROW_EVENTS,
    ),
    "note_contacts": ([_NOTE_TEAM], _ROW_EVENTS),
    "note_topics": ([_NOTE_TEAM], _ROW_EVENTS),
    # The review shows whether the user has a calendar feed, and the team's name.
    "calendar_tokens": ([_USER_TEAM], ("INSERT", "DELETE")),
    "teams": (["{row}.id"], ("UPDATE OF name",)),
}


@migrations()
def m005_data_versions(db):
    """A version per team that every change to what its pages show increases.

    Kept pages (webapp/pagecache.py) are served only while their team's version is the one
    they were rendered at. Triggers, rather than the code that writes, keep it: every path
    that writes (forms, the sync, admin, privacy erasure, purge) is covered the same way.
    """
    db.execute("ALTER TABLE teams ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0")
    for table, (teams, events) in _TEAMS_OF.items():
        for event in events:
            rows = {"INSERT": ["NEW"], "DELETE": ["OLD"]}.get(event, ["OLD", "NEW"])
            found = [team.format(row=row) for row in rows for team in teams]
            # "= x" where one team is named: a quarter cheaper than "IN (x)".
            where = f"= {found[0]}" if len(found) == 1 else f"IN ({', '.join(found)})"
            db.execute(
                f"CREATE TRIGGER {table}_{event.split()[0].lower()}_version "
                f"AFTER {event} ON {table} "
                f"BEGIN UPDATE teams SET data_version = data_version + 1 WHERE id {where}; END"
            )


# The figures of a week that is over change only when late data about it arrives (a phone
# syncs a check-in or a note days later, a promise is marked kept offline, a topic is
# erased). Every write to the tables they are computed from deletes the kept figures it can
# touch, whichever code path makes it, so what is kept is never stale: what is missing is
# computed again when next asked for (webapp.weekcache).
_WEEK_FIGURES_TRIGGERS = {
    # A visit counts in the week it was checked in; the clients' overdue lists look at
    # visits before each week's end.
    "visits": (
        "{row}.user_id",
        ["{row}.checked_in_at"],
        "client_id, user_id, checked_in_at, checked_out_at",
        "DELETE FROM week_overdue_clients WHERE ref > {row}.checked_in_at AND team_id ="
        " (SELECT team_id FROM clients WHERE id = {row}.client_id)",
    ),
    # A note counts in the week it was written, and gives a personal touch to the visit it
    # names (whose week may be another) or to visits of its local day (the same week).
    "notes": (
        "{row}.user_id",
        ["{row}.written_at", "(SELECT checked_in_at FROM visits WHERE id = {row}.visit_id)"],
        "client_id, user_id, visit_id, written_at",
        None,
    ),
    # A note's topics decide whether it gives a personal touch.
    "note_topics": (
        "(SELECT user_id FROM notes WHERE id = {row}.note_id)",
        [
            "(SELECT written_at FROM notes WHERE id = {row}.note_id)",
            "(SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id"
            " WHERE n.id = {row}.note_id)",
        ],
        "note_id, topic_id",
        None,
    ),
    # A new topic counts in the week its creator made it.
    "topics": (
        "{row}.created_by",
        ["{row}.created_at"],
        "contact_id, created_by, created_at",
        None,
    ),
}


@migrations()
def m006_week_figures(db):
    """The figures of weeks that are over, kept per person and week, and kept correct.

    `week_figures` holds one person's figures of one complete week as seen in one time zone
    and limited to one team's clients (`scope`, 0 for every team, as an admin sees them);
    `week_overdue_clients` a team's clients overdue for a visit at a week's end. Triggers
    delete whatever a write to visits, notes, note_topics, topics, promises, contacts or
    clients can change, so only correct figures are ever kept. Two indexes serve computing
    them: new topics by their creator, promises by their maker.
    """
    db.execute(
        """
        CREATE TABLE week_figures (
            user_id INTEGER NOT NULL,
            scope INTEGER NOT NULL,
            zone TEXT NOT NULL,
            week_start TEXT NOT NULL,
            -- webapp.weekcache.VERSION of the code that computed the row.
            version INTEGER NOT NULL,
            week_end TEXT NOT NULL,
            visits INTEGER NOT NULL,
            touched INTEGER NOT NULL,
            -- JSON: the other figures, visits per weekday and the clients met.
            figures TEXT NOT NULL,
            -- JSON: how many promises at active clients were overdue at the week's end,
            -- and the first of them as "due-date made-at id", soonest due first.
            overdue TEXT NOT NULL,
            PRIMARY KEY (user_id, week_start, zone, scope)
        )
        """
    )
    db.execute("CREATE INDEX week_figures_end ON week_figures(user_id, week_end)")
    db.execute(
        """
        CREATE TABLE week_overdue_clients (
            team_id INTEGER NOT NULL,
            scope INTEGER NOT NULL,
            ref TEXT NOT NULL,
            version INTEGER NOT NULL,
            -- JSON: ids of the clients overdue at `ref`, the most overdue first.
            clients TEXT NOT NULL,
            PRIMARY KEY (team_id, scope, ref)
        )
        """
    )
    db.execute("CREATE INDEX topics_created_by ON topics(created_by, created_at)")
    db.execute("CREATE INDEX promises_maker ON promises(user_id, made_at)")
    for table, (user, moments, columns, extra) in _WEEK_FIGURES_TRIGGERS.items():
        for event, rows in (
            ("INSERT", ["NEW"]),
            (f"UPDATE OF {columns}", ["OLD", "NEW"]),
            ("DELETE", ["OLD"]),
        ):
            body = []
            for row in rows:
                for moment in moments:
                    at = moment.format(row=row)
                    body.append(
                        f"DELETE FROM week_figures WHERE user_id = {user.format(row=row)}"
                        f" AND week_start <= {at} AND week_end > {at};"
                    )
                if extra:
                    body.append(extra.format(row=row) + ";")
            name = f"week_figures_{table}_{event.split()[0].lower()}"
            db.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {' '.join(body)} END")
    # A promise counts in the weeks it was made and kept, and as overdue in any week that
    # ends after it was made.
    for event, rows in (
        ("INSERT", ["NEW"]),
        ("UPDATE OF client_id, user_id, due_date, made_at, kept_at", ["OLD", "NEW"]),
        ("DELETE", ["OLD"]),
    ):
        body = " ".join(
            f"DELETE FROM week_figures WHERE user_id = {row}.user_id"
            f" AND week_end > MIN({row}.made_at, COALESCE({row}.kept_at, {row}.made_at));"
            for row in rows
        )
        name = f"week_figures_promises_{event.split()[0].lower()}"
        db.execute(f"CREATE TRIGGER {name} AFTER {event} ON promises BEGIN {body} END")
    # Moving a contact moves its topics to another client; moving a client to another team
    # changes whose figures it counts in, and its name, rhythm or archiving the overdue list.
    db.execute(
        "CREATE TRIGGER week_figures_contacts_update AFTER UPDATE OF client_id ON contacts BEGIN"
        " DELETE FROM week_figures WHERE user_id IN"
        " (SELECT created_by FROM topics WHERE contact_id = NEW.id); END"
    )
    db.execute(
        "CREATE TRIGGER week_figures_clients_team AFTER UPDATE OF team_id ON clients"
        " BEGIN DELETE FROM week_figures; END"
    )
    # Promises at archived clients leave the list of overdue promises.
    db.execute(
        "CREATE TRIGGER week_figures_clients_archived AFTER UPDATE OF archived ON clients"
        " BEGIN DELETE FROM week_figures WHERE user_id IN"
        " (SELECT user_id FROM promises WHERE client_id = NEW.id); END"
    )
    for event, rows in (
        ("INSERT", ["NEW"]),
        ("UPDATE OF team_id, name, rhythm_days, archived", ["OLD", "NEW"]),
        ("DELETE", ["OLD"]),
    ):
        body = " ".join(
            f"DELETE FROM week_overdue_clients WHERE team_id = {row}.team_id;" for row in rows
        )
        name = f"week_overdue_clients_{event.split()[0].lower()}"
        db.execute(f"CREATE TRIGGER {name} AFTER {event} ON clients BEGIN {body} END")
