"""The ceiling for pages: a bare Flask "hello" route, served by the same gunicorn config.

PORT=8001 .venv/bin/gunicorn --config gunicorn.conf.py --pythonpath bench hello:app
"""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    """The least any Flask page does: route, call, respond."""
    return "hello"
