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

Several processes (``MESSAGE_QUEUE``): presence is the instance's (``seminar.web.presence``),
and a change in any process is told to the others (``seminar.web.processes``); each process
then announces it to the sockets it holds only (``ignore_queue``), coalesced and compared with
what it sent each of them, so every phone gets its ``group:mine`` whichever process holds its
socket, and no screen gets a view twice.
"""

import logging
import threading
import time

from flask import Flask

from seminar.domain.errors import NotFound
from seminar.extensions import socketio
from seminar.services import group_views
from seminar.services.seminars import find_seminar
from seminar.web.coalesce import forget_seminar
from seminar.web.presence import Presence
from seminar.web.processes import Processes
from seminar.web.rooms import facilitator_room, participant_room, projector_room, roster_room

log = logging.getLogger(__name__)


BUSY_FACTOR = 4  # the pause after an announcement, at least, in multiples of its own time


def _emit_here(event: str, data: dict, room: str) -> None:
    """Emit to the sockets this process holds (the library's ``ignore_queue``, which the
    Flask-SocketIO stub does not know)."""
    socketio.emit(event, data, to=room, ignore_queue=True)  # type: ignore[call-arg]


class GroupsBroadcaster:
    def __init__(self, app: Flask, interval: float, presence: Presence,
                 processes: Processes | None = None, presence_interval: float | None = None
                 ) -> None:
        self._app = app
        self._interval = interval
        self._presence_interval = interval if presence_interval is None else presence_interval
        self._presence = presence
        self._processes = processes
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._pending: dict[str, float] = {}  # seminar → when its announcement is due
        self._cost: dict[str, float] = {}  # seminar → how long its last announcement took
        self._last: dict[str, float] = {}
        self._sent: dict[str, dict[str, dict]] = {}  # seminar → participant → last member view
        self._snapshots = group_views.SnapshotCache()  # kept while the groups' version holds
        self._public: dict[str, tuple] = {}  # seminar → what its last public views were built of
        if processes is not None:
            processes.on("groups", self._changed_here)
            processes.on("presence", lambda code: self._changed_here(code, presence=True))
            processes.on("forget", self._forget_here)

    # -- presence -------------------------------------------------------------------------------

    def connected(self, sid: str, code: str, participant_id: str) -> bool:
        """Socket ``sid`` shows participant ``participant_id``; True if presence changed."""
        return self._presence.connected(sid, code, participant_id)

    def disconnected(self, sid: str) -> str | None:
        """Socket ``sid`` is gone; return its seminar if someone went offline with it."""
        return self._presence.disconnected(sid)

    def online(self, code: str) -> set[str]:
        return self._presence.online(code)

    def forget(self, code: str) -> None:
        """Seminar ``code`` is gone: every process forgets its sockets, presence and
        announcements."""
        self._forget_here(code)
        if self._processes is not None:
            self._processes.forget_seminar(code)
            self._processes.publish("forget", code)

    def _forget_here(self, code: str) -> None:
        self._presence.forget(code)
        self._snapshots.forget(code)
        with self._lock:
            self._sent.pop(code, None)
            self._public.pop(code, None)
            self._last.pop(code, None)
            self._pending.pop(code, None)
            self._cost.pop(code, None)
        forget_seminar(code)  # the polls', votes' and panel's announcements

    def remembered(self) -> set[str]:
        """The seminars this process keeps anything of (presence, announcements)."""
        with self._lock:
            return {*self._presence.remembered(), *self._sent, *self._last, *self._pending,
                    *self._public, *self._cost, *self._snapshots.remembered()}

    # -- announcing -----------------------------------------------------------------------------

    def changed(self, code: str, *, presence: bool = False) -> None:
        """The groups of ``code`` changed (``presence``: only who is connected): every process
        announces it to its sockets, now or once the interval has passed."""
        if self._processes is not None:  # first: a failing announcement here must not keep
            self._processes.publish("presence" if presence else "groups", code)  # it from them
        self._changed_here(code, presence=presence)

    def _changed_here(self, code: str, *, presence: bool = False) -> None:
        """Announce now, or at the first moment the interval allows: ``interval`` after the
        last announcement, ``presence_interval`` when only presence changed (300 phones
        coming back after a Wi-Fi drop change every group's view many times a second)."""
        interval = self._presence_interval if presence else self._interval
        now = time.monotonic()
        with self._lock:
            # A big seminar's announcement takes long (every phone's view): wait at least
            # BUSY_FACTOR times as long between two, so that announcing it keeps this process
            # busy a fifth of the time at most while a thousand phones join (an interval of 0
            # announces every change at once, as the tests want).
            if interval > 0:
                interval = max(interval, BUSY_FACTOR * self._cost.get(code, 0.0))
            due = max(now, self._last.get(code, float("-inf")) + interval)
            if self._pending.get(code, float("inf")) <= due:
                return  # announced as soon anyway
            self._pending[code] = due
        if due > now:
            socketio.start_background_task(self._flush_later, code, due - now)
        else:
            self._flush(code)

    def _flush_later(self, code: str, wait: float) -> None:
        socketio.sleep(wait)  # type: ignore[arg-type]  # the stub says int; seconds may be a float
        with self._lock:
            due = self._pending.get(code)
            if due is None or due > time.monotonic() + 0.001:
                return  # announced meanwhile, or due later (another task waits for it)
        with self._app.app_context():
            try:
                self._flush(code)
            except Exception:  # a background task has nobody to report to but the log
                log.exception("announcing the groups of %s failed", code)

    def _flush(self, code: str) -> None:
        with self._flushing:
            started = time.monotonic()
            with self._lock:
                self._pending.pop(code, None)
                self._last[code] = started
            try:
                self._announce(code)
            finally:
                with self._lock:
                    if code in self._last:
                        self._cost[code] = time.monotonic() - started

    def _announce(self, code: str) -> None:
        store = self._app.extensions["seminar.store"]
        try:
            seminar = find_seminar(store, code)
        except NotFound:  # the seminar was deleted meanwhile: nothing to remember of it
            with self._lock:
                self._last.pop(code, None)
            return
        snap = self._snapshots.snapshot(store, seminar)
        online = self.online(code)
        here = self._presence.local(code)
        # Each process sends to the sockets it holds (with one process, that is all).
        # The public views are made of the stored groups alone: when only presence changed
        # (phones coming back after a Wi-Fi drop), every screen has them already, from the
        # last announcement or from its own join (made of the same stored groups).
        with self._lock:
            public_changed = self._public.get(code) != snap.source
            self._public[code] = snap.source
        if public_changed:
            _emit_here("groups:state", group_views.public_view(snap), roster_room(code))
            _emit_here("groups:state", group_views.projector_view(snap),
                       projector_room(code))
        _emit_here("groups:detail", group_views.facilitator_view(snap, online),
                   facilitator_room(code))
        views = group_views.member_views(snap, online)
        nobody = group_views.nobody_view(snap)
        with self._lock:
            before = self._sent.get(code, {})
            sent, changed = {}, {}
            for pid in here:
                view = views.get(pid, nobody)
                content = {key: value for key, value in view.items() if key != "version"}
                sent[pid] = content
                if before.get(pid) != content:
                    changed[pid] = view
            self._sent[code] = sent
        for participant_id, view in changed.items():
            _emit_here("group:mine", view, participant_room(code, participant_id))
        if not here:  # nobody connected here: nothing to coalesce or compare against
            with self._lock:
                if code not in self._pending:
                    self._last.pop(code, None)
                    self._sent.pop(code, None)
                    self._public.pop(code, None)
                    self._cost.pop(code, None)
                    self._snapshots.forget(code)

    # -- answering one screen -------------------------------------------------------------------

    def views(self, seminar, *, participant_id: str | None = None,
              facilitator: bool = False, projector: bool = False) -> dict:
        """The views one screen needs right now, for a join or an action's acknowledgement."""
        store = self._app.extensions["seminar.store"]
        # A phone needs its own group only (all of it for the facilitators).
        phone = participant_id if not facilitator else None
        snap = self._snapshots.snapshot(store, seminar, phone=phone)
        online = self.online(seminar.code)
        public = group_views.projector_view if projector else group_views.public_view
        result = {"groups": public(snap)}
        if participant_id is not None:
            result["mine"] = group_views.member_view(snap, participant_id, online)
            # Only this socket gets this view: the next announcement sends the person's view
            # to every screen of theirs whatever it was before (it may go back to what was
            # announced last, which this screen no longer shows).
            with self._lock:
                self._sent.get(seminar.code, {}).pop(participant_id, None)
        if facilitator:
            result["detail"] = group_views.facilitator_view(snap, online)
        return result
