"""Erasure under replication is honest: with Litestream reading the database, the write-ahead
log cannot be emptied at once and the replica keeps earlier copies until its history ends;
the admin is told both instead of being told nothing remains."""

import subprocess
import time

from tests.test_health import litestream_config
from webapp import replication
from webapp.admin import privacy

REPLICA_WARNING = "The replica keeps its copies from before the erasure until its history ends"
LOG_WARNING = "Old copies also stay in the database&#39;s write-ahead log"


def erase(admin, contact_id, name):
    admin.get(f"/admin/privacy/contacts/{contact_id}")
    response = admin.post(f"/admin/privacy/contacts/{contact_id}/erase", data={"confirm": name})
    assert response.status_code == 302
    return admin.get("/admin/privacy").text


def test_without_replication_the_erasure_empties_the_log_and_says_nothing_more(
    world, make, as_user
):
    contact = make.contact(world["mine"], name="Zofia Kowalska")
    page = erase(as_user("admin"), contact, "Zofia Kowalska")
    assert "The contact is erased" in page
    assert REPLICA_WARNING not in page and LOG_WARNING not in page


def test_under_replication_the_admin_learns_what_still_holds_the_person(
    app, world, make, as_user, db, tmp_path
):
    contact = make.contact(world["mine"], name="Zofia Kowalska")
    config = litestream_config(tmp_path, app.config["DATABASE"], tmp_path / "replica")
    with open(config, "a") as extra:
        extra.write("snapshot:\n  interval: 72h\n  retention: 72h\n")
    app.config["LITESTREAM_CONFIG"] = config
    litestream = subprocess.Popen(
        [replication.litestream_binary(), "replicate", "-config", config],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20  # until Litestream holds its read transaction
        while time.monotonic() < deadline:
            if db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0] == 0:
                busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if busy:
                    break
            time.sleep(0.2)
        page = erase(as_user("admin"), contact, "Zofia Kowalska")
    finally:
        litestream.terminate()
        litestream.wait(timeout=10)
    assert "The contact is erased" in page
    assert REPLICA_WARNING in page and "within 72 hours" in page
    assert LOG_WARNING in page


def test_the_erasure_reports_whether_the_log_was_emptied(world, make, db):
    contact = make.contact(world["mine"], name="Per Hansen")
    admin = world["admin"]["id"]
    assert privacy.erase_contact(db, contact, admin)["log_emptied"] is True
    reader = db.conn.__class__(db.conn.execute("PRAGMA database_list").fetchone()[2])
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM notes").fetchone()  # a reader like Litestream
    other = make.contact(world["mine"], name="Ola Nordmann")
    try:
        assert privacy.erase_contact(db, other, admin)["log_emptied"] is False
    finally:
        reader.rollback()
        reader.close()


def test_the_retention_is_read_from_litestreams_configuration(tmp_path):
    config = tmp_path / "litestream.yml"
    config.write_text("snapshot:\n  interval: 24h\n  retention: 90m\ndbs: []\n")
    assert replication.retention_hours(str(config)) == 2
    config.write_text("dbs: []\n")
    assert replication.retention_hours(str(config)) == 24
    assert replication.retention_hours(str(tmp_path / "none.yml")) == 24
