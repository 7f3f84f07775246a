"""Webhooks: an admin's endpoints, the events Folka sends them, and the sender that does.

events.py queues (called by the code that makes a change), sender.py delivers outside the
request, signing.py signs as Standard Webhooks says, views.py is the admin's pages.
"""

import click

from webapp.webhooks import sender
from webapp.webhooks.views import bp  # noqa: F401


def init_app(app):
    """The settings' defaults and the `flask webhooks send` command."""
    # "thread": each serving process sends (wsgi.py starts it); "off": a separate
    # `flask webhooks send` does, or nothing does (the tests send when they choose).
    app.config.setdefault("WEBHOOKS_SENDER", "thread")
    # CIDR ranges deliveries may reach although not public, e.g. ["127.0.0.0/8"].
    app.config.setdefault("WEBHOOKS_ALLOWED_NETWORKS", [])

    @app.cli.group("webhooks")
    def webhooks_cli():
        """Send webhook deliveries."""

    @webhooks_cli.command("send")
    @click.option("--once", is_flag=True, help="Send what is due now, then stop.")
    def send(once):
        """Send due deliveries, until stopped (or once)."""
        if once:
            from webapp import db as database

            conn = database.connect(app.config["DATABASE"])
            total = 0
            while count := sender.run_once(conn, dict(app.config)):
                total += count
            click.echo(f"{total} deliveries attempted")
            return
        sender.loop(app.config["DATABASE"], dict(app.config), lambda: True)
