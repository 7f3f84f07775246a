"""Hand-overs: clients that change hands with what their rep knew (moves.py), temporary
covers (covers.py), relationship risk for the weekly review (risk.py), the introduction a
new owner reads on the briefing (introduction.py), and the manager's pages (views.py).

Nothing is imported here: clients.py asks covers.py whose clients are a rep's today, and
views.py imports clients.py.
"""
