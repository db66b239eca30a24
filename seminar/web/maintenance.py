"""Work the server does by itself while it runs: folding the write-ahead log into the database,
and (with several processes) its heartbeat.

SQLite in WAL mode keeps every acknowledged write in ``seminar.db-wal`` until a checkpoint
copies it into ``seminar.db``; until then the two files are the database together. A
checkpoint every ``CHECKPOINT_INTERVAL`` seconds keeps the log short and the main file nearly
complete (``seminar backup`` makes a consistent copy at any moment; see docs/deployment.md).
"""

import logging

from flask import Flask

from seminar.domain.errors import StorageUnavailable
from seminar.extensions import socketio

log = logging.getLogger(__name__)


def start_checkpoints(app: Flask) -> None:
    """Checkpoint the app's database every ``CHECKPOINT_INTERVAL`` seconds, in the background."""
    socketio.start_background_task(_checkpoints, app, app.config["CHECKPOINT_INTERVAL"])


def _checkpoints(app: Flask, interval: float) -> None:
    store = app.extensions["seminar.store"]
    while True:
        socketio.sleep(interval)  # type: ignore[arg-type]  # the stub says int, not float
        try:
            if not store.checkpoint():  # the store is closed: the server is stopping
                return
        except StorageUnavailable:  # a background task has nobody to report to but the log
            log.exception("checkpointing the database failed")


def start_processes(app: Flask) -> None:
    """With a message queue: the process's heartbeat and its listener to the other processes
    (``seminar.web.processes``)."""
    processes = app.extensions.get("seminar.processes")
    if processes is not None:
        processes.start(app)
