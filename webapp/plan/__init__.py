"""Planning the day: clients near me, a map of them, and a route (see route.py)."""
