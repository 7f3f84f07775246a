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
