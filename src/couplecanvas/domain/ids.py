"""Identifiers for board elements, made on the client so commands need no database round trip."""

import uuid


def new_id() -> str:
    """Return a fresh, unique, URL-safe identifier."""
    return uuid.uuid4().hex
