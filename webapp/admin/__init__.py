"""The admin's desk: users (views.py), and the privacy of the people in the clients' records
(privacy.py: export, erasure, expiry of personal topics)."""

from webapp.admin.views import bp  # noqa: F401
