-- index api_tokens_user
CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);

-- index attachments_note
CREATE INDEX attachments_note ON attachments(note_id);

-- index audit_log_action
CREATE INDEX audit_log_action ON audit_log(action, id);

-- index clients_external_id
CREATE INDEX clients_external_id ON clients(team_id, external_id) WHERE external_id IS NOT NULL;

-- index clients_org_number
CREATE INDEX clients_org_number ON clients(team_id, org_number) WHERE org_number IS NOT NULL;

-- index clients_owner
CREATE INDEX clients_owner ON clients(owner_id);

-- index clients_ref
CREATE UNIQUE INDEX clients_ref ON clients(ref) WHERE ref IS NOT NULL;

-- index clients_team_owner
CREATE INDEX clients_team_owner ON clients(team_id, archived, owner_id);

-- index contacts_client
CREATE INDEX contacts_client ON contacts(client_id);

-- index contacts_ref
CREATE UNIQUE INDEX contacts_ref ON contacts(ref) WHERE ref IS NOT NULL;

-- index covers_covering
CREATE INDEX covers_covering ON covers(covering_id, last_day);

-- index day_plan_stops_client
CREATE INDEX day_plan_stops_client ON day_plan_stops(client_id);

-- index day_plans_owner_day
CREATE INDEX day_plans_owner_day ON day_plans(owner_id, day);

-- index day_plans_team_day
CREATE INDEX day_plans_team_day ON day_plans(team_id, day);

-- index field_changes_op
CREATE UNIQUE INDEX field_changes_op ON field_changes(op_id, record, record_id, field) WHERE op_id != '';

-- index field_changes_record
CREATE INDEX field_changes_record ON field_changes(record, record_id, field, at, op_id);

-- index handover_clients_client
CREATE INDEX handover_clients_client ON handover_clients(client_id);

-- index handovers_team
CREATE INDEX handovers_team ON handovers(team_id, made_at);

-- index idx__sqlite_migrations_migration_set_name
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");

-- index import_runs_user
CREATE INDEX import_runs_user ON import_runs(user_id, id);

-- index login_failures_key
CREATE INDEX login_failures_key ON login_failures(key, at);

-- index merge_redirects_ref
CREATE INDEX merge_redirects_ref ON merge_redirects(old_ref) WHERE old_ref IS NOT NULL;

-- index note_contacts_contact
CREATE INDEX note_contacts_contact ON note_contacts(contact_id);

-- index note_topics_topic
CREATE INDEX note_topics_topic ON note_topics(topic_id);

-- index notes_client
CREATE INDEX notes_client ON notes(client_id, written_at);

-- index notes_client_user
CREATE INDEX notes_client_user ON notes(client_id, user_id);

-- index notes_user
CREATE INDEX notes_user ON notes(user_id, written_at);

-- index notes_visit
CREATE INDEX notes_visit ON notes(visit_id) WHERE visit_id IS NOT NULL;

-- index promises_client
CREATE INDEX promises_client ON promises(client_id, kept_at, due_date);

-- index promises_maker
CREATE INDEX promises_maker ON promises(user_id, made_at);

-- index promises_owner
CREATE INDEX promises_owner ON promises(owner_id) WHERE owner_id IS NOT NULL;

-- index promises_user
CREATE INDEX promises_user ON promises(user_id, due_date);

-- index recovery_codes_user
CREATE INDEX recovery_codes_user ON recovery_codes(user_id, code_hash);

-- index sessions_user
CREATE INDEX sessions_user ON sessions(user_id, ended_at);

-- index topics_contact
CREATE INDEX topics_contact ON topics(contact_id, last_mentioned_at);

-- index topics_created_by
CREATE INDEX topics_created_by ON topics(created_by, created_at);

-- index visits_client
CREATE INDEX visits_client ON visits(client_id, checked_in_at);

-- index visits_open
CREATE INDEX visits_open ON visits(user_id, checked_in_at) WHERE checked_out_at IS NULL;

-- index visits_user
CREATE INDEX visits_user ON visits(user_id, checked_in_at);

-- index webhook_attempts_delivery
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id);

-- index webhook_deliveries_due
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);

-- index webhook_deliveries_endpoint
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, id);

-- index week_figures_end
CREATE INDEX week_figures_end ON week_figures(user_id, week_end);

-- table _sqlite_migrations
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);

-- table api_tokens
CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            -- The first characters of the token, to tell tokens apart in a list.
            hint TEXT NOT NULL,
            scope TEXT NOT NULL CHECK (scope IN ('read', 'read-write')),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            last_used_at TEXT,
            revoked_at TEXT
        );

-- table attachment_blobs
CREATE TABLE attachment_blobs ( id TEXT PRIMARY KEY REFERENCES attachments(id), data BLOB NOT NULL, thumbnail BLOB);

-- table attachments
CREATE TABLE attachments ( id TEXT PRIMARY KEY, note_id TEXT NOT NULL REFERENCES notes(id), user_id INTEGER NOT NULL REFERENCES users(id), kind TEXT NOT NULL CHECK (kind IN ('photo', 'memo')), mime TEXT NOT NULL, bytes INTEGER NOT NULL, width INTEGER, height INTEGER, duration_s REAL, created_at TEXT NOT NULL, received_at TEXT NOT NULL);

-- table audit_log
CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor_id INTEGER REFERENCES users(id),
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT ''
        );

-- table calendar_tokens
CREATE TABLE calendar_tokens (
            user_id INTEGER PRIMARY KEY REFERENCES users(id),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            last_used_at TEXT
        );

-- table clients
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
        , ref TEXT, access_notes TEXT NOT NULL DEFAULT '', created_by INTEGER REFERENCES users(id), site_set_by INTEGER REFERENCES users(id), site_set_at TEXT, site_accuracy_m REAL, external_id TEXT, org_number TEXT, postcode TEXT NOT NULL DEFAULT '');

-- table contacts
CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        , ref TEXT, phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', created_by INTEGER REFERENCES users(id));

-- table covers
CREATE TABLE covers (
            id INTEGER PRIMARY KEY,
            team_id INTEGER NOT NULL REFERENCES teams(id),
            covering_id INTEGER NOT NULL REFERENCES users(id),
            covered_id INTEGER NOT NULL REFERENCES users(id),
            -- Local dates (YYYY-MM-DD) in the covering rep's time zone, both included.
            first_day TEXT NOT NULL,
            last_day TEXT NOT NULL,
            -- Set when a cover is ended before its last day: the last day it still applied.
            ended_on TEXT,
            made_by INTEGER NOT NULL REFERENCES users(id),
            made_at TEXT NOT NULL,
            CHECK (first_day <= last_day)
        );

-- table day_plan_stops
CREATE TABLE day_plan_stops (
            plan_id INTEGER NOT NULL REFERENCES day_plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            visit_minutes INTEGER NOT NULL DEFAULT 30,
            PRIMARY KEY (plan_id, position)
        );

-- table day_plans
CREATE TABLE day_plans (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            owner_id INTEGER NOT NULL REFERENCES users(id),
            team_id INTEGER NOT NULL REFERENCES teams(id),
            day TEXT NOT NULL,
            start_label TEXT NOT NULL DEFAULT '',
            start_lat REAL,
            start_lng REAL,
            start_time TEXT NOT NULL DEFAULT '08:30',
            speed_kmh REAL NOT NULL DEFAULT 50,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

-- table field_changes
CREATE TABLE field_changes (
            id INTEGER PRIMARY KEY,
            record TEXT NOT NULL CHECK (record IN ('client', 'contact', 'topic')),
            -- The record's id as text: a client's or contact's row id, a topic's UUID.
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            -- The value as JSON: "text", 28, null, or [lat, lon, accuracy] for a site.
            value TEXT NOT NULL,
            -- The phone's time of the action.
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            -- The operation that made the change; '' for the value found before the first.
            op_id TEXT NOT NULL,
            received_at TEXT NOT NULL
        );

-- table handover_clients
CREATE TABLE handover_clients (
            handover_id INTEGER NOT NULL REFERENCES handovers(id),
            client_id INTEGER NOT NULL REFERENCES clients(id),
            PRIMARY KEY (handover_id, client_id)
        );

-- table handovers
CREATE TABLE handovers (
            id INTEGER PRIMARY KEY,
            team_id INTEGER NOT NULL REFERENCES teams(id),
            from_id INTEGER NOT NULL REFERENCES users(id),
            to_id INTEGER NOT NULL REFERENCES users(id),
            made_by INTEGER NOT NULL REFERENCES users(id),
            made_at TEXT NOT NULL,
            promises INTEGER NOT NULL DEFAULT 0,
            plans INTEGER NOT NULL DEFAULT 0
        );

-- table import_changes
CREATE TABLE import_changes ( run_id INTEGER NOT NULL REFERENCES import_runs(id), record TEXT NOT NULL CHECK (record IN ('client', 'contact')), record_id INTEGER NOT NULL, action TEXT NOT NULL CHECK (action IN ('created', 'updated')), client_id INTEGER NOT NULL, before TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (run_id, record, record_id));

-- table import_mappings
CREATE TABLE import_mappings ( id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams(id), name TEXT NOT NULL, mapping TEXT NOT NULL, created_by INTEGER REFERENCES users(id), created_at TEXT NOT NULL);

-- table import_runs
CREATE TABLE import_runs ( id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), team_id INTEGER REFERENCES teams(id), filename TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'table' CHECK (kind IN ('table', 'vcard')), status TEXT NOT NULL CHECK (status IN ('draft', 'applied', 'undone')), data BLOB, mapping TEXT NOT NULL DEFAULT '{}', report TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, applied_at TEXT, undone_at TEXT);

-- table import_versions
CREATE TABLE import_versions ( run_id INTEGER NOT NULL REFERENCES import_runs(id), client_id INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (run_id, client_id));

-- table introductions
CREATE TABLE introductions (
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            at TEXT NOT NULL,
            PRIMARY KEY (contact_id, user_id)
        );

-- table login_failures
CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            at TEXT NOT NULL
        );

-- table merge_redirects
CREATE TABLE merge_redirects ( record TEXT NOT NULL CHECK (record IN ('client', 'contact')), old_id INTEGER NOT NULL, old_ref TEXT, kept_id INTEGER NOT NULL, merged_by INTEGER REFERENCES users(id), merged_at TEXT NOT NULL, PRIMARY KEY (record, old_id));

-- table note_contacts
CREATE TABLE note_contacts (
            note_id TEXT NOT NULL REFERENCES notes(id),
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            PRIMARY KEY (note_id, contact_id)
        );

-- table note_topics
CREATE TABLE note_topics (
            note_id TEXT NOT NULL REFERENCES notes(id),
            topic_id TEXT NOT NULL REFERENCES topics(id),
            status TEXT NOT NULL,
            PRIMARY KEY (note_id, topic_id)
        );

-- table notes
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

-- table operations
CREATE TABLE operations (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL,
            received_at TEXT NOT NULL
        , target TEXT);

-- table page_versions
CREATE TABLE page_versions ( client_id INTEGER PRIMARY KEY, version INTEGER NOT NULL);

-- table pending_logins
CREATE TABLE pending_logins ( token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), remember INTEGER NOT NULL, next TEXT NOT NULL, created_at TEXT NOT NULL);

-- table promises
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
        , owner_id INTEGER REFERENCES users(id));

-- table recovery_codes
CREATE TABLE recovery_codes (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            code_hash TEXT NOT NULL,
            used_at TEXT
        );

-- table sessions
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
        );

-- table teams
CREATE TABLE teams (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );

-- table topics
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

-- table users
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
        , must_change_password INTEGER NOT NULL DEFAULT 0, password_expires_at TEXT, password_changed_at TEXT, totp_secret TEXT, totp_pending_secret TEXT, totp_enabled_at TEXT, totp_last_step INTEGER NOT NULL DEFAULT 0);

-- table visits
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

-- table webhook_attempts
CREATE TABLE webhook_attempts (
            id INTEGER PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id),
            at TEXT NOT NULL,
            -- The receiver's HTTP status; NULL when no answer came (refused, timed out).
            code INTEGER,
            error TEXT NOT NULL DEFAULT '',
            duration_ms INTEGER NOT NULL
        );

-- table webhook_deliveries
CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES webhook_events(id),
            endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id),
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            -- While 'sending': when the claim lapses and another sender may take it.
            claimed_until TEXT,
            last_attempt_at TEXT,
            last_code INTEGER,
            last_error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );

-- table webhook_endpoints
CREATE TABLE webhook_endpoints (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            -- "whsec_" and the base64 of the key, as Standard Webhooks writes secrets.
            secret TEXT NOT NULL,
            -- The event types it wants, space-separated: "note.written visit.checked_out".
            events TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL
        );

-- table webhook_events
CREATE TABLE webhook_events (
            -- "msg_" and 32 hex digits: the webhook-id header, the same on every attempt.
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            -- The body sent, exactly: {"type", "timestamp", "data"} as JSON.
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

-- table week_figures
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
        );

-- table week_overdue_clients
CREATE TABLE week_overdue_clients (
            team_id INTEGER NOT NULL,
            scope INTEGER NOT NULL,
            ref TEXT NOT NULL,
            version INTEGER NOT NULL,
            -- JSON: ids of the clients overdue at `ref`, the most overdue first.
            clients TEXT NOT NULL,
            PRIMARY KEY (team_id, scope, ref)
        );

-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- trigger page_versions_attachments_delete
CREATE TRIGGER page_versions_attachments_delete AFTER DELETE ON attachments BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = OLD.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = OLD.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_attachments_insert
CREATE TRIGGER page_versions_attachments_insert AFTER INSERT ON attachments BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = NEW.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = NEW.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_attachments_update
CREATE TRIGGER page_versions_attachments_update AFTER UPDATE ON attachments BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = OLD.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = OLD.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = NEW.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = NEW.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_clients_delete
CREATE TRIGGER page_versions_clients_delete AFTER DELETE ON clients BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.id, 1 WHERE OLD.id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_clients_insert
CREATE TRIGGER page_versions_clients_insert AFTER INSERT ON clients BEGIN INSERT INTO page_versions (client_id, version) SELECT NEW.id, 1 WHERE NEW.id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_clients_update
CREATE TRIGGER page_versions_clients_update AFTER UPDATE ON clients BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.id, 1 WHERE OLD.id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT NEW.id, 1 WHERE NEW.id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_contacts_delete
CREATE TRIGGER page_versions_contacts_delete AFTER DELETE ON contacts BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.client_id, 1 WHERE OLD.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_contacts_insert
CREATE TRIGGER page_versions_contacts_insert AFTER INSERT ON contacts BEGIN INSERT INTO page_versions (client_id, version) SELECT NEW.client_id, 1 WHERE NEW.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_contacts_update
CREATE TRIGGER page_versions_contacts_update AFTER UPDATE ON contacts BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.client_id, 1 WHERE OLD.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT NEW.client_id, 1 WHERE NEW.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_field_changes_delete
CREATE TRIGGER page_versions_field_changes_delete AFTER DELETE ON field_changes BEGIN INSERT INTO page_versions (client_id, version) SELECT (CASE OLD.record WHEN 'client' THEN CAST(OLD.record_id AS INTEGER) WHEN 'contact' THEN (SELECT client_id FROM contacts WHERE id = CAST(OLD.record_id AS INTEGER)) ELSE (SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE t.id = OLD.record_id) END), 1 WHERE (CASE OLD.record WHEN 'client' THEN CAST(OLD.record_id AS INTEGER) WHEN 'contact' THEN (SELECT client_id FROM contacts WHERE id = CAST(OLD.record_id AS INTEGER)) ELSE (SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE t.id = OLD.record_id) END) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_field_changes_insert
CREATE TRIGGER page_versions_field_changes_insert AFTER INSERT ON field_changes BEGIN INSERT INTO page_versions (client_id, version) SELECT (CASE NEW.record WHEN 'client' THEN CAST(NEW.record_id AS INTEGER) WHEN 'contact' THEN (SELECT client_id FROM contacts WHERE id = CAST(NEW.record_id AS INTEGER)) ELSE (SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE t.id = NEW.record_id) END), 1 WHERE (CASE NEW.record WHEN 'client' THEN CAST(NEW.record_id AS INTEGER) WHEN 'contact' THEN (SELECT client_id FROM contacts WHERE id = CAST(NEW.record_id AS INTEGER)) ELSE (SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE t.id = NEW.record_id) END) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_field_changes_update
CREATE TRIGGER page_versions_field_changes_update AFTER UPDATE ON field_changes BEGIN INSERT INTO page_versions (client_id, version) SELECT (CASE OLD.record WHEN 'client' THEN CAST(OLD.record_id AS INTEGER) WHEN 'contact' THEN (SELECT client_id FROM contacts WHERE id = CAST(OLD.record_id AS INTEGER)) ELSE (SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE t.id = OLD.record_id) END), 1 WHERE (CASE OLD.record WHEN 'client' THEN CAST(OLD.record_id AS INTEGER) WHEN 'contact' THEN (SELECT client_id FROM contacts WHERE id = CAST(OLD.record_id AS INTEGER)) ELSE (SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE t.id = OLD.record_id) END) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT (CASE NEW.record WHEN 'client' THEN CAST(NEW.record_id AS INTEGER) WHEN 'contact' THEN (SELECT client_id FROM contacts WHERE id = CAST(NEW.record_id AS INTEGER)) ELSE (SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE t.id = NEW.record_id) END), 1 WHERE (CASE NEW.record WHEN 'client' THEN CAST(NEW.record_id AS INTEGER) WHEN 'contact' THEN (SELECT client_id FROM contacts WHERE id = CAST(NEW.record_id AS INTEGER)) ELSE (SELECT k.client_id FROM topics t JOIN contacts k ON k.id = t.contact_id WHERE t.id = NEW.record_id) END) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_handover_clients_insert
CREATE TRIGGER page_versions_handover_clients_insert AFTER INSERT ON handover_clients
        BEGIN
            INSERT INTO page_versions (client_id, version) VALUES (NEW.client_id, 1)
            ON CONFLICT (client_id) DO UPDATE SET version = version + 1;
        END;

-- trigger page_versions_introductions_insert
CREATE TRIGGER page_versions_introductions_insert AFTER INSERT ON introductions BEGIN
            INSERT INTO page_versions (client_id, version)
            SELECT client_id, 1 FROM contacts WHERE id = NEW.contact_id
            ON CONFLICT (client_id) DO UPDATE SET version = version + 1;
        END;

-- trigger page_versions_note_contacts_delete
CREATE TRIGGER page_versions_note_contacts_delete AFTER DELETE ON note_contacts BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = OLD.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = OLD.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_note_contacts_insert
CREATE TRIGGER page_versions_note_contacts_insert AFTER INSERT ON note_contacts BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = NEW.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = NEW.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_note_contacts_update
CREATE TRIGGER page_versions_note_contacts_update AFTER UPDATE ON note_contacts BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = OLD.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = OLD.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = NEW.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = NEW.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_note_topics_delete
CREATE TRIGGER page_versions_note_topics_delete AFTER DELETE ON note_topics BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = OLD.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = OLD.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_note_topics_insert
CREATE TRIGGER page_versions_note_topics_insert AFTER INSERT ON note_topics BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = NEW.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = NEW.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_note_topics_update
CREATE TRIGGER page_versions_note_topics_update AFTER UPDATE ON note_topics BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = OLD.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = OLD.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM notes WHERE id = NEW.note_id), 1 WHERE (SELECT client_id FROM notes WHERE id = NEW.note_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_notes_delete
CREATE TRIGGER page_versions_notes_delete AFTER DELETE ON notes BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.client_id, 1 WHERE OLD.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_notes_insert
CREATE TRIGGER page_versions_notes_insert AFTER INSERT ON notes BEGIN INSERT INTO page_versions (client_id, version) SELECT NEW.client_id, 1 WHERE NEW.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_notes_update
CREATE TRIGGER page_versions_notes_update AFTER UPDATE ON notes BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.client_id, 1 WHERE OLD.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT NEW.client_id, 1 WHERE NEW.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_promises_delete
CREATE TRIGGER page_versions_promises_delete AFTER DELETE ON promises BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.client_id, 1 WHERE OLD.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_promises_insert
CREATE TRIGGER page_versions_promises_insert AFTER INSERT ON promises BEGIN INSERT INTO page_versions (client_id, version) SELECT NEW.client_id, 1 WHERE NEW.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_promises_update
CREATE TRIGGER page_versions_promises_update AFTER UPDATE ON promises BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.client_id, 1 WHERE OLD.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT NEW.client_id, 1 WHERE NEW.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_topics_delete
CREATE TRIGGER page_versions_topics_delete AFTER DELETE ON topics BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM contacts WHERE id = OLD.contact_id), 1 WHERE (SELECT client_id FROM contacts WHERE id = OLD.contact_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_topics_insert
CREATE TRIGGER page_versions_topics_insert AFTER INSERT ON topics BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM contacts WHERE id = NEW.contact_id), 1 WHERE (SELECT client_id FROM contacts WHERE id = NEW.contact_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_topics_update
CREATE TRIGGER page_versions_topics_update AFTER UPDATE ON topics BEGIN INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM contacts WHERE id = OLD.contact_id), 1 WHERE (SELECT client_id FROM contacts WHERE id = OLD.contact_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT (SELECT client_id FROM contacts WHERE id = NEW.contact_id), 1 WHERE (SELECT client_id FROM contacts WHERE id = NEW.contact_id) IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_users_name
CREATE TRIGGER page_versions_users_name AFTER UPDATE OF name ON users WHEN OLD.name IS NOT NEW.name BEGIN INSERT INTO page_versions (client_id, version) SELECT id, 1 FROM clients WHERE team_id IN (OLD.team_id, NEW.team_id) ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_visits_delete
CREATE TRIGGER page_versions_visits_delete AFTER DELETE ON visits BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.client_id, 1 WHERE OLD.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_visits_insert
CREATE TRIGGER page_versions_visits_insert AFTER INSERT ON visits BEGIN INSERT INTO page_versions (client_id, version) SELECT NEW.client_id, 1 WHERE NEW.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger page_versions_visits_update
CREATE TRIGGER page_versions_visits_update AFTER UPDATE ON visits BEGIN INSERT INTO page_versions (client_id, version) SELECT OLD.client_id, 1 WHERE OLD.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; INSERT INTO page_versions (client_id, version) SELECT NEW.client_id, 1 WHERE NEW.client_id IS NOT NULL ON CONFLICT (client_id) DO UPDATE SET version = version + 1; END;

-- trigger week_figures_clients_archived
CREATE TRIGGER week_figures_clients_archived AFTER UPDATE OF archived ON clients BEGIN DELETE FROM week_figures WHERE user_id IN (SELECT user_id FROM promises WHERE client_id = NEW.id); END;

-- trigger week_figures_clients_team
CREATE TRIGGER week_figures_clients_team AFTER UPDATE OF team_id ON clients BEGIN DELETE FROM week_figures; END;

-- trigger week_figures_contacts_update
CREATE TRIGGER week_figures_contacts_update AFTER UPDATE OF client_id ON contacts BEGIN DELETE FROM week_figures WHERE user_id IN (SELECT created_by FROM topics WHERE contact_id = NEW.id); END;

-- trigger week_figures_note_topics_delete
CREATE TRIGGER week_figures_note_topics_delete AFTER DELETE ON note_topics BEGIN DELETE FROM week_figures WHERE user_id = (SELECT user_id FROM notes WHERE id = OLD.note_id) AND week_start <= (SELECT written_at FROM notes WHERE id = OLD.note_id) AND week_end > (SELECT written_at FROM notes WHERE id = OLD.note_id); DELETE FROM week_figures WHERE user_id = (SELECT user_id FROM notes WHERE id = OLD.note_id) AND week_start <= (SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id WHERE n.id = OLD.note_id) AND week_end > (SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id WHERE n.id = OLD.note_id); END;

-- trigger week_figures_note_topics_insert
CREATE TRIGGER week_figures_note_topics_insert AFTER INSERT ON note_topics BEGIN DELETE FROM week_figures WHERE user_id = (SELECT user_id FROM notes WHERE id = NEW.note_id) AND week_start <= (SELECT written_at FROM notes WHERE id = NEW.note_id) AND week_end > (SELECT written_at FROM notes WHERE id = NEW.note_id); DELETE FROM week_figures WHERE user_id = (SELECT user_id FROM notes WHERE id = NEW.note_id) AND week_start <= (SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id WHERE n.id = NEW.note_id) AND week_end > (SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id WHERE n.id = NEW.note_id); END;

-- trigger week_figures_note_topics_update
CREATE TRIGGER week_figures_note_topics_update AFTER UPDATE OF note_id, topic_id ON note_topics BEGIN DELETE FROM week_figures WHERE user_id = (SELECT user_id FROM notes WHERE id = OLD.note_id) AND week_start <= (SELECT written_at FROM notes WHERE id = OLD.note_id) AND week_end > (SELECT written_at FROM notes WHERE id = OLD.note_id); DELETE FROM week_figures WHERE user_id = (SELECT user_id FROM notes WHERE id = OLD.note_id) AND week_start <= (SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id WHERE n.id = OLD.note_id) AND week_end > (SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id WHERE n.id = OLD.note_id); DELETE FROM week_figures WHERE user_id = (SELECT user_id FROM notes WHERE id = NEW.note_id) AND week_start <= (SELECT written_at FROM notes WHERE id = NEW.note_id) AND week_end > (SELECT written_at FROM notes WHERE id = NEW.note_id); DELETE FROM week_figures WHERE user_id = (SELECT user_id FROM notes WHERE id = NEW.note_id) AND week_start <= (SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id WHERE n.id = NEW.note_id) AND week_end > (SELECT v.checked_in_at FROM notes n JOIN visits v ON v.id = n.visit_id WHERE n.id = NEW.note_id); END;

-- trigger week_figures_notes_delete
CREATE TRIGGER week_figures_notes_delete AFTER DELETE ON notes BEGIN DELETE FROM week_figures WHERE user_id = OLD.user_id AND week_start <= OLD.written_at AND week_end > OLD.written_at; DELETE FROM week_figures WHERE user_id = OLD.user_id AND week_start <= (SELECT checked_in_at FROM visits WHERE id = OLD.visit_id) AND week_end > (SELECT checked_in_at FROM visits WHERE id = OLD.visit_id); END;

-- trigger week_figures_notes_insert
CREATE TRIGGER week_figures_notes_insert AFTER INSERT ON notes BEGIN DELETE FROM week_figures WHERE user_id = NEW.user_id AND week_start <= NEW.written_at AND week_end > NEW.written_at; DELETE FROM week_figures WHERE user_id = NEW.user_id AND week_start <= (SELECT checked_in_at FROM visits WHERE id = NEW.visit_id) AND week_end > (SELECT checked_in_at FROM visits WHERE id = NEW.visit_id); END;

-- trigger week_figures_notes_update
CREATE TRIGGER week_figures_notes_update AFTER UPDATE OF client_id, user_id, visit_id, written_at ON notes BEGIN DELETE FROM week_figures WHERE user_id = OLD.user_id AND week_start <= OLD.written_at AND week_end > OLD.written_at; DELETE FROM week_figures WHERE user_id = OLD.user_id AND week_start <= (SELECT checked_in_at FROM visits WHERE id = OLD.visit_id) AND week_end > (SELECT checked_in_at FROM visits WHERE id = OLD.visit_id); DELETE FROM week_figures WHERE user_id = NEW.user_id AND week_start <= NEW.written_at AND week_end > NEW.written_at; DELETE FROM week_figures WHERE user_id = NEW.user_id AND week_start <= (SELECT checked_in_at FROM visits WHERE id = NEW.visit_id) AND week_end > (SELECT checked_in_at FROM visits WHERE id = NEW.visit_id); END;

-- trigger week_figures_promises_delete
CREATE TRIGGER week_figures_promises_delete AFTER DELETE ON promises BEGIN DELETE FROM week_figures WHERE user_id = OLD.user_id AND week_end > MIN(OLD.made_at, COALESCE(OLD.kept_at, OLD.made_at)); END;

-- trigger week_figures_promises_insert
CREATE TRIGGER week_figures_promises_insert AFTER INSERT ON promises BEGIN DELETE FROM week_figures WHERE user_id = NEW.user_id AND week_end > MIN(NEW.made_at, COALESCE(NEW.kept_at, NEW.made_at)); END;

-- trigger week_figures_promises_update
CREATE TRIGGER week_figures_promises_update AFTER UPDATE OF client_id, user_id, due_date, made_at, kept_at ON promises BEGIN DELETE FROM week_figures WHERE user_id = OLD.user_id AND week_end > MIN(OLD.made_at, COALESCE(OLD.kept_at, OLD.made_at)); DELETE FROM week_figures WHERE user_id = NEW.user_id AND week_end > MIN(NEW.made_at, COALESCE(NEW.kept_at, NEW.made_at)); END;

-- trigger week_figures_topics_delete
CREATE TRIGGER week_figures_topics_delete AFTER DELETE ON topics BEGIN DELETE FROM week_figures WHERE user_id = OLD.created_by AND week_start <= OLD.created_at AND week_end > OLD.created_at; END;

-- trigger week_figures_topics_insert
CREATE TRIGGER week_figures_topics_insert AFTER INSERT ON topics BEGIN DELETE FROM week_figures WHERE user_id = NEW.created_by AND week_start <= NEW.created_at AND week_end > NEW.created_at; END;

-- trigger week_figures_topics_update
CREATE TRIGGER week_figures_topics_update AFTER UPDATE OF contact_id, created_by, created_at ON topics BEGIN DELETE FROM week_figures WHERE user_id = OLD.created_by AND week_start <= OLD.created_at AND week_end > OLD.created_at; DELETE FROM week_figures WHERE user_id = NEW.created_by AND week_start <= NEW.created_at AND week_end > NEW.created_at; END;

-- trigger week_figures_visits_delete
CREATE TRIGGER week_figures_visits_delete AFTER DELETE ON visits BEGIN DELETE FROM week_figures WHERE user_id = OLD.user_id AND week_start <= OLD.checked_in_at AND week_end > OLD.checked_in_at; DELETE FROM week_overdue_clients WHERE ref > OLD.checked_in_at AND team_id = (SELECT team_id FROM clients WHERE id = OLD.client_id); END;

-- trigger week_figures_visits_insert
CREATE TRIGGER week_figures_visits_insert AFTER INSERT ON visits BEGIN DELETE FROM week_figures WHERE user_id = NEW.user_id AND week_start <= NEW.checked_in_at AND week_end > NEW.checked_in_at; DELETE FROM week_overdue_clients WHERE ref > NEW.checked_in_at AND team_id = (SELECT team_id FROM clients WHERE id = NEW.client_id); END;

-- trigger week_figures_visits_update
CREATE TRIGGER week_figures_visits_update AFTER UPDATE OF client_id, user_id, checked_in_at, checked_out_at ON visits BEGIN DELETE FROM week_figures WHERE user_id = OLD.user_id AND week_start <= OLD.checked_in_at AND week_end > OLD.checked_in_at; DELETE FROM week_overdue_clients WHERE ref > OLD.checked_in_at AND team_id = (SELECT team_id FROM clients WHERE id = OLD.client_id); DELETE FROM week_figures WHERE user_id = NEW.user_id AND week_start <= NEW.checked_in_at AND week_end > NEW.checked_in_at; DELETE FROM week_overdue_clients WHERE ref > NEW.checked_in_at AND team_id = (SELECT team_id FROM clients WHERE id = NEW.client_id); END;

-- trigger week_overdue_clients_delete
CREATE TRIGGER week_overdue_clients_delete AFTER DELETE ON clients BEGIN DELETE FROM week_overdue_clients WHERE team_id = OLD.team_id; END;

-- trigger week_overdue_clients_insert
CREATE TRIGGER week_overdue_clients_insert AFTER INSERT ON clients BEGIN DELETE FROM week_overdue_clients WHERE team_id = NEW.team_id; END;

-- trigger week_overdue_clients_update
CREATE TRIGGER week_overdue_clients_update AFTER UPDATE OF team_id, name, rhythm_days, archived ON clients BEGIN DELETE FROM week_overdue_clients WHERE team_id = OLD.team_id; DELETE FROM week_overdue_clients WHERE team_id = NEW.team_id; END;

