"""Who is connected right now: each phone's sockets in this process, and who is online in the
whole instance.

One process alone (no message queue): the two are the same, kept in this process's memory.

Several processes sharing a message queue (``MESSAGE_QUEUE``, ``seminar.web.processes``): each
process still counts its own sockets in memory, and keeps in Redis the set of people it holds
a socket of, per seminar (``<prefix>:presence:<code>:<process>``). Who is online in the
instance is the union of those sets of the processes that are alive: a process that stops
refreshing its heartbeat (killed, frozen) is left out at once when its heartbeat key expires,
and a surviving process removes its sets and announces the seminars it held
(``Processes.sweep``), so no ghost stays online.
"""

import threading
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seminar.web.processes import Processes


class Presence:
    """The sockets of this process, by seminar and person."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: dict[str, tuple[str, str]] = {}  # socket id → (seminar, participant)
        self._online: dict[str, Counter] = {}  # seminar → participant → connected sockets

    def connected(self, sid: str, code: str, participant_id: str) -> bool:
        """Socket ``sid`` shows participant ``participant_id``; True if the person came online
        in this process with it."""
        with self._lock:
            if self._sockets.get(sid) == (code, participant_id):
                return False
            went = self._forget(sid)
            self._sockets[sid] = (code, participant_id)
            online = self._online.setdefault(code, Counter())
            online[participant_id] += 1
            came = online[participant_id] == 1
        if went is not None:
            self._went(*went)
        if came:
            self._came(code, participant_id)
        return came

    def disconnected(self, sid: str) -> str | None:
        """Socket ``sid`` is gone; return its seminar if its person went offline with it."""
        with self._lock:
            went = self._forget(sid)
        if went is None:
            return None
        self._went(*went)
        return went[0]

    def _forget(self, sid: str) -> tuple[str, str] | None:
        known = self._sockets.pop(sid, None)
        if known is None:
            return None
        code, participant_id = known
        online = self._online[code]
        online[participant_id] -= 1
        if online[participant_id] > 0:
            return None
        del online[participant_id]
        if not online:
            del self._online[code]
        return known

    def local(self, code: str) -> set[str]:
        """The people of ``code`` with a socket in this process."""
        with self._lock:
            return set(self._online.get(code, ()))

    def online(self, code: str) -> set[str]:
        """The people of ``code`` with a socket in any process of the instance."""
        return self.local(code)

    def seminars(self) -> dict[str, set[str]]:
        """Every seminar this process holds a socket of, with its people."""
        with self._lock:
            return {code: set(people) for code, people in self._online.items()}

    def forget(self, code: str) -> None:
        """Seminar ``code`` is gone: forget its sockets."""
        with self._lock:
            for sid in [sid for sid, (known, _) in self._sockets.items() if known == code]:
                del self._sockets[sid]
            self._online.pop(code, None)

    def remembered(self) -> set[str]:
        with self._lock:
            return set(self._online)

    # What a shared presence adds (kept outside the lock: it talks to Redis).
    def _came(self, code: str, participant_id: str) -> None:
        pass

    def _went(self, code: str, participant_id: str) -> None:
        pass


class SharedPresence(Presence):
    """This process's sockets in memory, the instance's presence in Redis (see the module)."""

    def __init__(self, processes: "Processes") -> None:
        super().__init__()
        self._processes = processes
        processes.presence = self

    def _came(self, code: str, participant_id: str) -> None:
        self._processes.came(code, participant_id)

    def _went(self, code: str, participant_id: str) -> None:
        self._processes.went(code, participant_id)

    def online(self, code: str) -> set[str]:
        return self._processes.online(code) | self.local(code)

    def forget(self, code: str) -> None:
        super().forget(code)
        self._processes.forget_seminar(code)
