"""The sync of the phone's outbox: the API (views.py), the one write path for field work
(operations.py) and the checks of what each operation may carry (checks.py)."""

from webapp.sync.views import bp  # noqa: F401
