"""Announce the questions to the panel, coalesced, so that a burst of upvotes (300 in a
second) does not flood the screens.

The first change of a seminar's panel is announced at once, later ones at most every
``PANEL_BROADCAST_INTERVAL`` seconds, each rebuilt from the store so that nothing is lost:
``panel:state`` with the facilitator's view to the facilitators, the big screen's view to the
projectors, and the phones' view (the visible and answered questions) to the phones (the
roster room, which the facilitators share: each view names its ``audience``). Every view
carries the panel's ``version``, so a screen ignores one older than it has. A person's own part
(their votes, their questions waiting for approval) changes only by their own action or the
facilitator's moderation of their question; it goes at once, to that person's screens only
(``panel:mine``).
"""

from collections.abc import Hashable, Sequence

from flask import current_app

from seminar.domain.errors import NotFound
from seminar.extensions import socketio
from seminar.services import panel
from seminar.services.events import PanelChanged
from seminar.services.seminars import Seminar, find_seminar
from seminar.web.announce import announcer
from seminar.web.coalesce import app_coalescer
from seminar.web.rooms import facilitator_room, participant_room, projector_room, roster_room

_KEY = "seminar.panel"


def _flush(key: Hashable) -> None:
    assert isinstance(key, tuple)
    code: str = key[0]
    store = current_app.extensions["seminar.store"]
    try:
        seminar = find_seminar(store, code)
    except NotFound:  # deleted meanwhile
        return
    for audience, room in ((panel.FACILITATOR, facilitator_room(code)),
                           (panel.PROJECTOR, projector_room(code)),
                           (panel.PHONE, roster_room(code))):
        socketio.emit("panel:state", panel.public_state(store, seminar, audience), to=room)


@announcer(PanelChanged, emits=("panel:state", "panel:mine"))
def _panel(seminar: Seminar | None, events: Sequence[PanelChanged]) -> None:
    assert seminar is not None
    store = current_app.extensions["seminar.store"]
    for person in dict.fromkeys(p for event in events for p in event.people):
        socketio.emit("panel:mine", panel.own_part(store, seminar, person),
                      to=participant_room(seminar.code, person))
    for code in dict.fromkeys(event.code for event in events):
        app_coalescer(_KEY, "PANEL_BROADCAST_INTERVAL", _flush).changed((code,))

