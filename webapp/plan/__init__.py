"""Planning the day: clients near me, a map of them, and a route (blueprint "plan").

route.py orders stops (pure Python); places.py reads the clients with their positions and
states; store.py keeps day plans (the operation save_day_plan); routeplan.py makes a plan
into what the pages show; views.py the map and route pages.
"""


def __getattr__(name):
    """The blueprint, imported when create_app asks for it: importing route.py alone (pure
    Python, as tests/test_route.py does) then does not pull in the whole app."""
    if name == "bp":
        from webapp.plan.views import bp

        return bp
    raise AttributeError(name)
