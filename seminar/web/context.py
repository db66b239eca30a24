"""Per-app objects the views and handlers need: the store and the clock."""

from flask import current_app

from seminar.store import Store


def store() -> Store:
    return current_app.extensions["seminar.store"]


def now() -> float:
    return current_app.extensions["seminar.clock"]()
