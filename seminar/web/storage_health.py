"""Whether the database takes writes, as this process last saw it, told to every screen.

A write the disk refuses (``StorageUnavailable``: full, read-only, an I/O error) answers its
sender with that error wherever it happened (a socket event, a page); it also makes the
process unhealthy, once: every screen hears ``storage:state`` ``{ok: false}`` (the console
shows its banner), and a background task tries a tiny committed write every
``STORAGE_PROBE_INTERVAL`` seconds. The first that is stored makes the process healthy again:
every screen hears ``{ok: true}``, the banner goes and the phones send what they kept. A
screen that (re)joins meanwhile reads the state in its ``seminar:join`` answer.
"""

import logging
import threading

from flask import Flask, current_app

from seminar.domain.errors import StorageUnavailable
from seminar.extensions import socketio
from seminar.services.events import StorageChanged
from seminar.web.announce import announce

log = logging.getLogger(__name__)


class StorageHealth:
    """One per app (``app.extensions["seminar.storage_health"]``)."""

    def __init__(self, app: Flask, interval: float) -> None:
        self._app = app
        self._interval = interval
        self._lock = threading.Lock()
        self.ok = True

    def state(self) -> dict:
        return {"ok": self.ok}

    def failed(self, error: StorageUnavailable) -> None:
        """A write was refused by the disk: announce it (once) and probe until it works."""
        with self._lock:
            if not self.ok:
                return
            self.ok = False
        log.error("the database cannot be written: %s (%s); probing every %s s",
                  error.params.get("path"), error.params.get("reason"), self._interval)
        announce(None, [StorageChanged(ok=False)])
        socketio.start_background_task(self._probe)

    def _probe(self) -> None:
        store = self._app.extensions["seminar.store"]
        while True:
            socketio.sleep(self._interval)  # type: ignore[arg-type]  # the stub says int
            try:
                if not store.check_writes():  # closed: the server is stopping
                    return
            except StorageUnavailable:
                continue
            with self._lock:
                self.ok = True
            log.warning("the database takes writes again")
            announce(None, [StorageChanged(ok=True)])
            return


def storage_health() -> StorageHealth:
    return current_app.extensions["seminar.storage_health"]


def storage_failed(error: StorageUnavailable) -> None:
    """Tell the app's ``StorageHealth`` that ``error`` refused a write."""
    storage_health().failed(error)
