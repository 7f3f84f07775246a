"""Command-line chores: demo data and user accounts."""

import click
from flask import current_app
from flask.cli import AppGroup
from flask.cli import with_appcontext

from webapp import db as database
from webapp import users


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
    if role != "admin" and not team_name:
        raise click.UsageError("--team is required for reps and managers.")
    if len(password) < 8:
        raise click.UsageError("The password needs at least 8 characters.")
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


def init_app(app):
    """Register the commands with `flask --app webapp`."""
    from webapp import translate

    translate.init_app(app)
    app.cli.add_command(demo_command)
    app.cli.add_command(user_group)
