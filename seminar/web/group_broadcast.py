"""Keep every screen's picture of the groups current: who is connected, and the broadcasts.

After a change, every phone and facilitator gets the public view (``groups:state``), the big
screens get the projector's view of it (``groups:state`` without the names when the seminar is
anonymous), the facilitators get every group in full (``groups:detail``), and each connected
phone whose own view changed gets it (``group:mine``, to that person's room, so every tab of
theirs has it).

A burst of changes (300 phones joining within seconds) is coalesced: the first change is
announced at once, later ones at most every ``GROUPS_BROADCAST_INTERVAL`` seconds, always
rebuilt from the store so that nothing is lost. Every view carries the ``version`` of the data
it was built from (kept in the database, moved on in the same transaction as each change), so a
screen ignores a view older than the one it has, whether it came as an announcement or as the
answer to its own action.
"""

import logging
import threading
import time
from collections import Counter

from flask import Flask

from seminar.domain.errors import NotFound
from seminar.extensions import socketio
from seminar.services import group_views
from seminar.services.seminars import find_seminar
from seminar.web.rooms import facilitator_room, participant_room, projector_room, roster_room

log = logging.getLogger(__name__)


class GroupsBroadcaster:
    def __init__(self, app: Flask, interval: float) -> None:
        self._app = app
        self._interval = interval
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._sockets: dict[str, tuple[str, str]] = {}  # socket id → (seminar, participant)
        self._online: dict[str, Counter] = {}  # seminar → participant → connected sockets
        self._pending: set[str] = set()
        self._last: dict[str, float] = {}
        self._sent: dict[str, dict[str, dict]] = {}  # seminar → participant → last member view

    # -- presence -------------------------------------------------------------------------------

    def connected(self, sid: str, code: str, participant_id: str) -> bool:
        """Socket ``sid`` shows participant ``participant_id``; True if presence changed."""
        with self._lock:
            if self._sockets.get(sid) == (code, participant_id):
                return False
            self._forget(sid)
            self._sockets[sid] = (code, participant_id)
            online = self._online.setdefault(code, Counter())
            online[participant_id] += 1
            return online[participant_id] == 1

    def disconnected(self, sid: str) -> str | None:
        """Socket ``sid`` is gone; return its seminar if someone went offline with it."""
        with self._lock:
            return self._forget(sid)

    def _forget(self, sid: str) -> str | None:
        known = self._sockets.pop(sid, None)
        if known is None:
            return None
        code, participant_id = known
        online = self._online[code]
        online[participant_id] -= 1
        if online[participant_id] > 0:
            return None
        del online[participant_id]
        self._sent.get(code, {}).pop(participant_id, None)
        if not online:  # nobody of this seminar is connected: nothing to remember
            del self._online[code]
            self._sent.pop(code, None)
        return code

    def forget(self, code: str) -> None:
        """Seminar ``code`` is gone: forget its sockets, presence and announcements."""
        with self._lock:
            for sid in [sid for sid, (known, _) in self._sockets.items() if known == code]:
                del self._sockets[sid]
            self._online.pop(code, None)
            self._sent.pop(code, None)
            self._last.pop(code, None)
            self._pending.discard(code)

    def remembered(self) -> set[str]:
        """The seminars this process keeps anything of (presence, announcements)."""
        with self._lock:
            return {*self._online, *self._sent, *self._last, *self._pending}

    def online(self, code: str) -> set[str]:
        with self._lock:
            return set(self._online.get(code, ()))

    # -- announcing -----------------------------------------------------------------------------

    def changed(self, code: str) -> None:
        """The groups of ``code`` changed: announce now, or once the interval has passed."""
        with self._lock:
            if code in self._pending:
                return
            self._pending.add(code)
            wait = self._last.get(code, float("-inf")) + self._interval - time.monotonic()
        if wait > 0:
            socketio.start_background_task(self._flush_later, code, wait)
        else:
            self._flush(code)

    def _flush_later(self, code: str, wait: float) -> None:
        socketio.sleep(wait)  # type: ignore[arg-type]  # the stub says int; seconds may be a float
        with self._app.app_context():
            try:
                self._flush(code)
            except Exception:  # a background task has nobody to report to but the log
                log.exception("announcing the groups of %s failed", code)

    def _flush(self, code: str) -> None:
        with self._flushing:
            with self._lock:
                self._pending.discard(code)
                self._last[code] = time.monotonic()
            store = self._app.extensions["seminar.store"]
            try:
                seminar = find_seminar(store, code)
            except NotFound:  # the seminar was deleted meanwhile: nothing to remember of it
                with self._lock:
                    self._last.pop(code, None)
                return
            snap = group_views.snapshot(store, seminar)
            online = self.online(code)
            socketio.emit("groups:state", group_views.public_view(snap, online),
                          to=roster_room(code))
            socketio.emit("groups:state", group_views.projector_view(snap, online),
                          to=projector_room(code))
            socketio.emit("groups:detail", group_views.facilitator_view(snap, online),
                          to=facilitator_room(code))
            views = group_views.member_views(snap, online)
            nobody = group_views.nobody_view(snap)
            with self._lock:
                sent = self._sent.setdefault(code, {})
                changed = {}
                for pid in online:
                    view = views.get(pid, nobody)
                    content = {key: value for key, value in view.items() if key != "version"}
                    if sent.get(pid) != content:
                        sent[pid], changed[pid] = content, view
            for participant_id, view in changed.items():
                socketio.emit("group:mine", view, to=participant_room(code, participant_id))
            if not online:  # nobody connected: nothing to coalesce or compare against
                with self._lock:
                    if code not in self._pending:
                        self._last.pop(code, None)
                        self._sent.pop(code, None)

    # -- answering one screen -------------------------------------------------------------------

    def views(self, seminar, *, participant_id: str | None = None,
              facilitator: bool = False, projector: bool = False) -> dict:
        """The views one screen needs right now, for a join or an action's acknowledgement."""
        store = self._app.extensions["seminar.store"]
        snap = group_views.snapshot(store, seminar)
        online = self.online(seminar.code)
        public = group_views.projector_view if projector else group_views.public_view
        result = {"groups": public(snap, online)}
        if participant_id is not None:
            result["mine"] = group_views.member_view(snap, participant_id, online)
        if facilitator:
            result["detail"] = group_views.facilitator_view(snap, online)
        return result
