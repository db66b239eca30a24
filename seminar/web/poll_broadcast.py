"""Announce a poll item's results: coalesced per item (``seminar.web.coalesce``), at most every
``POLL_RESULTS_INTERVAL`` seconds, each time rebuilt from the store with its ``version`` (a
screen ignores results older than those it has). The facilitators get the full results; the
big screens the public ones, of the items they may show (``polls.projector_items``)."""

from collections.abc import Hashable

from flask import current_app

from seminar.domain.errors import NotFound
from seminar.extensions import socketio
from seminar.services import polls
from seminar.services.seminars import find_seminar
from seminar.web.coalesce import app_coalescer
from seminar.web.rooms import facilitator_room, projector_room

_KEY = "seminar.poll_results"


def results_changed(code: str, item: str) -> None:
    app_coalescer(_KEY, "POLL_RESULTS_INTERVAL", _flush).changed((code, item))


def _flush(key: Hashable) -> None:
    assert isinstance(key, tuple)
    code: str = key[0]
    item: str = key[1]
    store = current_app.extensions["seminar.store"]
    try:
        seminar = find_seminar(store, code)
        full = polls.item_results(store, seminar, item, polls.FACILITATOR)
    except NotFound:  # the seminar, or the item (an edited kit), is gone meanwhile
        return
    socketio.emit("poll:results", full, to=facilitator_room(code))
    if item in polls.projector_items(store, seminar):
        socketio.emit("poll:results", polls.item_results(store, seminar, item, polls.PROJECTOR),
                      to=projector_room(code))
