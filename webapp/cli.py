"""Command-line chores: demo data and user accounts."""

import os
import sqlite3

import click
from flask import current_app
from flask.cli import AppGroup
from flask.cli import with_appcontext

from webapp import db as database
from webapp.accounts import sessions
from webapp.accounts import users
from webapp.admin import privacy
from webapp.plaintext import plain_line


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only load when the database has no users yet.")
def demo_command(if_empty):
    """Load the demo organisation (teams, reps, clients, eight weeks of visits)."""
    from webapp import demo

    database.migrate(current_app.config["DATABASE"])
    db = database.connect(current_app.config["DATABASE"])
    try:
        if not database.is_empty(db):
            if if_empty:
                click.echo("Database already has data; demo not loaded.")
                return
            raise click.ClickException("The database is not empty; demo data needs a new one.")
        demo.load(db)
    finally:
        db.conn.close()
    click.echo(f"Demo data loaded. Log in with (password: {demo.PASSWORD}):")
    for email, role, locale, description in demo.ACCOUNTS:
        click.echo(f"  {email:24} {role:8} {locale}  {description}")


@click.group("user", cls=AppGroup)
def user_group():
    """Manage user accounts."""


@user_group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name shown in the app.")
@click.option("--role", type=click.Choice(users.ROLES), default="rep", show_default=True)
@click.option("--team", "team_name", help="Team name; created when new.")
@click.option("--locale", type=click.Choice(["en", "nb", "sv", "fi", "pl"]), default="en")
@click.option("--timezone", "tz", default="Europe/Oslo", show_default=True)
@click.password_option(help="Asked for when not given.")
def create_user_command(email, name, role, team_name, locale, tz, password):
    """Create a user who can log in."""
    name, team_name = plain_line(name), plain_line(team_name)  # as the admin's form does
    if not name:
        raise click.UsageError("--name must not be empty.")
    if role != "admin" and not team_name:
        raise click.UsageError("--team is required for reps and managers.")
    problems = users.password_problems(password, email, name)
    if problems:
        raise click.UsageError(" ".join(problems))
    db = database.connect(current_app.config["DATABASE"])
    try:
        if db.execute("SELECT 1 FROM users WHERE email = ?", [email.lower()]).fetchone():
            raise click.ClickException(f"A user with e-mail {email} already exists.")
        team_id = None
        if team_name:
            with database.transaction(db):
                team_id = users.get_or_create_team(db, team_name)
        user_id = users.create_user(db, email, name, password, role, team_id, locale, tz)
    finally:
        db.conn.close()
    click.echo(f"Created {role} {email} (id {user_id}).")


@click.command("purge")
@with_appcontext
def purge_command():
    """Delete personal topics not mentioned for TOPIC_RETENTION_DAYS, and old sessions."""
    days = current_app.config["TOPIC_RETENTION_DAYS"]
    db = database.connect(current_app.config["DATABASE"])
    try:
        topics = privacy.purge_expired_topics(db, days)
        forgotten = sessions.forget_old(db, days=current_app.config["SESSION_DAYS"])
    finally:
        db.conn.close()
    click.echo(f"Deleted {topics} personal topics not mentioned for {days} days.")
    click.echo(f"Forgot {forgotten} ended or expired sessions.")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH when it exists.")
def backup_command(path, force):
    """Copy the database to PATH while the app runs, and check the copy."""
    if os.path.exists(path) and not force:
        raise click.ClickException(f"{path} exists; use --force to replace it.")
    partial = f"{path}.partial"
    source = sqlite3.connect(current_app.config["DATABASE"], timeout=10)
    target = sqlite3.connect(partial)
    try:
        os.chmod(partial, 0o600)  # the copy holds the same personal data as the original
        # One step (pages=-1): a single read transaction, so the copy is one consistent
        # moment even while gunicorn workers keep writing (WAL lets them).
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
        pages = target.execute("PRAGMA page_count").fetchone()[0]
    finally:
        target.close()
        source.close()
    if check != "ok":
        os.remove(partial)
        raise click.ClickException(f"The copy failed its integrity check: {check}")
    os.replace(partial, path)
    click.echo(f"Backed up {pages} pages to {path} (integrity check: ok).")


def init_app(app):
    """Register the commands with `flask --app webapp`."""
    from webapp.i18n import translate

    translate.init_app(app)
    app.cli.add_command(demo_command)
    app.cli.add_command(user_group)
    app.cli.add_command(purge_command)
    app.cli.add_command(backup_command)
