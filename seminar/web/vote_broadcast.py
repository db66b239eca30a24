"""Announce a vote's results: coalesced per question (``seminar.web.coalesce``), at most every
``POLL_RESULTS_INTERVAL`` seconds like the polls' results, each time rebuilt from the store
with its ``version`` (a screen ignores results older than those it has). The facilitators and
the big screens get the same counts (they name nobody)."""

from collections.abc import Hashable

from flask import current_app

from seminar.domain.errors import NotFound
from seminar.extensions import socketio
from seminar.services import votes
from seminar.services.seminars import find_seminar
from seminar.web.coalesce import app_coalescer
from seminar.web.rooms import facilitator_room, projector_room

_KEY = "seminar.vote_results"


def results_changed(code: str, question: str) -> None:
    app_coalescer(_KEY, "POLL_RESULTS_INTERVAL", _flush).changed((code, question))


def _flush(key: Hashable) -> None:
    assert isinstance(key, tuple)
    code: str = key[0]
    question: str = key[1]
    store = current_app.extensions["seminar.store"]
    try:
        seminar = find_seminar(store, code)
        results = votes.vote_results(store, seminar, question)
    except NotFound:  # the seminar, or the question's vote (an edited kit), is gone meanwhile
        return
    for room in (facilitator_room(code), projector_room(code)):
        socketio.emit("vote:results", results, to=room)
