"""The weekly review at the desk: the pages and exports (views.py), ISO weeks in a time zone
(weeks.py), the week's figures (figures.py), kept for weeks that are over (kept_weeks.py), next
week's plan (week_ahead.py), SVG charts (charts.py), CSV, calendar feed and feed links (exports.py).
"""

from webapp.review.views import bp  # noqa: F401
