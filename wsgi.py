"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from webapp import create_app
from webapp.webhooks import sender

app = create_app()
# This process's webhook sender (one per gunicorn worker; README, The REST API and webhooks).
sender.start(app)
