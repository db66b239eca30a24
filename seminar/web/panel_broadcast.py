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

import logging
import threading
import time
from collections.abc import Sequence

from flask import Flask, current_app

from seminar.domain.errors import NotFound
from seminar.extensions import socketio
from seminar.services import panel
from seminar.services.events import PanelChanged
from seminar.services.seminars import Seminar, find_seminar
from seminar.web.announce import announcer
from seminar.web.rooms import facilitator_room, participant_room, projector_room, roster_room

log = logging.getLogger(__name__)


class PanelBroadcaster:
    def __init__(self, app: Flask, interval: float) -> None:
        self._app = app
        self._interval = interval
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._last: dict[str, float] = {}

    def changed(self, code: str) -> None:
        """The panel of ``code`` changed: announce now, or once the interval has passed."""
        with self._lock:
            if code in self._pending:
                return
            self._pending.add(code)
            wait = self._last.get(code, float("-inf")) + self._interval - time.monotonic()
        if wait > 0:
            socketio.start_background_task(self._flush_later, code, wait)
        else:
            self._flush(code)

    def forget(self, code: str) -> None:
        with self._lock:
            self._pending.discard(code)
            self._last.pop(code, None)

    def _flush_later(self, code: str, wait: float) -> None:
        socketio.sleep(wait)  # type: ignore[arg-type]  # the stub says int; seconds may be a float
        with self._app.app_context():
            try:
                self._flush(code)
            except Exception:  # a background task has nobody to report to but the log
                log.exception("announcing the panel of %s failed", code)

    def _flush(self, code: str) -> None:
        with self._lock:
            self._pending.discard(code)
            self._last[code] = time.monotonic()
        store = self._app.extensions["seminar.store"]
        try:
            seminar = find_seminar(store, code)
        except NotFound:  # deleted meanwhile
            self.forget(code)
            return
        for audience, room in ((panel.FACILITATOR, facilitator_room(code)),
                               (panel.PROJECTOR, projector_room(code)),
                               (panel.PHONE, roster_room(code))):
            socketio.emit("panel:state", panel.public_state(store, seminar, audience), to=room)


def panel_broadcaster() -> PanelBroadcaster:
    """The app's broadcaster, made on first use."""
    extensions = current_app.extensions
    if "seminar.panel" not in extensions:
        extensions.setdefault("seminar.panel", PanelBroadcaster(
            current_app._get_current_object(),  # type: ignore[attr-defined]
            float(current_app.config["PANEL_BROADCAST_INTERVAL"])))
    return extensions["seminar.panel"]


@announcer(PanelChanged, emits=("panel:state", "panel:mine"))
def _panel(seminar: Seminar | None, events: Sequence[PanelChanged]) -> None:
    assert seminar is not None
    store = current_app.extensions["seminar.store"]
    for person in dict.fromkeys(p for event in events for p in event.people):
        socketio.emit("panel:mine", panel.own_part(store, seminar, person),
                      to=participant_room(seminar.code, person))
    for code in dict.fromkeys(event.code for event in events):
        panel_broadcaster().changed(code)

