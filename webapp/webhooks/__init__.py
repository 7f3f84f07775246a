"""Webhooks: an admin's endpoints, the events Folka sends them, and the sender that does.

events.py queues (called by the code that makes a change), sender.py delivers outside the
request, signing.py signs as Standard Webhooks says, views.py is the admin's pages.
"""
