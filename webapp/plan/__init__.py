"""Planning the day: clients near me, a map of them, and a route (blueprint "plan").

route.py orders stops (pure Python); places.py reads the clients with their positions and
states; store.py keeps day plans (the operation save_day_plan); routeplan.py makes a plan
into what the pages show; views.py the map and route pages.
"""

from webapp.plan.views import bp  # noqa: F401
