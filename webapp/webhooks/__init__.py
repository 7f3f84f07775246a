"""Webhooks: an admin's endpoints, the events Folka sends them, and the sender that does.

events.py queues (called by the code that makes a change), sender.py delivers outside the
request, signing.py signs as Standard Webhooks says, views.py is the admin's pages.
"""

import threading

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
        # On a thread of its own, outside the command's app context, exactly as in a server
        # process: texts recorded for the admin (an address refused) are the English ones.
        config, found = dict(app.config), []
        if once:
            work = lambda: found.append(sender.send_due(config))  # noqa: E731
        else:
            work = lambda: sender.loop(config["DATABASE"], config, lambda: True)  # noqa: E731
        thread = threading.Thread(target=work, name="folka-webhooks")
        thread.start()
        thread.join()
        if once:
            click.echo(f"{found[0] if found else 0} deliveries attempted")
