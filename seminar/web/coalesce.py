"""Coalesce a burst of announcements: the first change of a key is announced at once, later ones
at most once per interval, each announcement rebuilt from the store so that nothing is lost.

The same rule as the groups' announcements (``seminar.web.group_broadcast``), for any key
whose first part is the seminar's code: the polls announce each item's results through it (a
thousand answers in ten seconds make some forty announcements of that item, not a thousand),
the votes each vote's, the questions to the panel each seminar's.
"""

import logging
import threading
import time
from collections.abc import Callable, Hashable

from flask import Flask, current_app

from seminar.extensions import socketio

log = logging.getLogger(__name__)


class Coalescer:
    """Call ``flush(key)`` after ``changed(key)``: at once if the key's last flush is at least
    ``interval()`` seconds ago, otherwise once that time has come (in the app's context)."""

    def __init__(self, app: Flask, interval: Callable[[], float],
                 flush: Callable[[Hashable], None]) -> None:
        self._app = app
        self._interval = interval
        self._flush_key = flush
        self._lock = threading.Lock()
        self._pending: set[Hashable] = set()
        self._last: dict[Hashable, float] = {}

    def changed(self, key: Hashable) -> None:
        with self._lock:
            if key in self._pending:
                return
            self._pending.add(key)
            wait = self._last.get(key, float("-inf")) + self._interval() - time.monotonic()
        if wait > 0:
            socketio.start_background_task(self._flush_later, key, wait)
        else:
            self._flush(key)

    def forget(self, belongs: Callable[[Hashable], bool]) -> None:
        """Forget the keys ``belongs`` picks (a deleted seminar's)."""
        with self._lock:
            self._pending = {key for key in self._pending if not belongs(key)}
            self._last = {key: at for key, at in self._last.items() if not belongs(key)}

    def remembered(self) -> set[Hashable]:
        with self._lock:
            return {*self._pending, *self._last}

    def _flush_later(self, key: Hashable, wait: float) -> None:
        socketio.sleep(wait)  # type: ignore[arg-type]  # the stub says int; seconds may be a float
        with self._app.app_context():
            try:
                self._flush(key)
            except Exception:  # a background task has nobody to report to but the log
                log.exception("announcing %s failed", key)

    def _flush(self, key: Hashable) -> None:
        with self._lock:
            if key not in self._pending:  # forgotten meanwhile
                return
            self._pending.discard(key)
            self._last[key] = time.monotonic()
        self._flush_key(key)


def app_coalescer(name: str, interval_setting: str, flush: Callable[[Hashable], None]
                  ) -> Coalescer:
    """The app's coalescer ``name`` (made on first use), its interval the config's
    ``interval_setting`` (read at each change, so a test may change it)."""
    extensions = current_app.extensions
    if name not in extensions:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        extensions[name] = Coalescer(app, lambda: float(app.config[interval_setting]), flush)
    return extensions[name]


def forget_seminar(code: str) -> None:
    """Seminar ``code`` is gone: no coalescer of the app announces anything of it any more."""
    for value in list(current_app.extensions.values()):
        if isinstance(value, Coalescer):
            value.forget(lambda key: isinstance(key, tuple) and key[0] == code)
