"""Photos and voice memos on a note (blueprint "attachments"): views.py uploads and serves
them, content.py checks what a file really is and makes thumbnails, store.py keeps them in
SQLite."""

from webapp.attachments.views import bp

__all__ = ["bp"]
