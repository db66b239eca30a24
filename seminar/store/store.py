"""SQLite storage through sqlite-utils: one connection per process, writes serialised.

Every Socket.IO event runs in its own greenlet or thread, so the store owns a single connection
guarded by a re-entrant lock (a cooperative lock once gevent or eventlet has patched
``threading``). Write transactions begin ``IMMEDIATE`` so that several server processes sharing
the file queue on ``busy_timeout`` instead of failing with "database is locked". Reads run in a
(deferred) read transaction: in WAL mode every query of the block sees the database as it was
at the block's first query, whatever other processes commit meanwhile.

The connection keeps Python's default ``isolation_level`` (``""``): the sqlite3 module opens a
transaction implicitly only before a data-changing statement outside one, and sqlite-utils
(``atomic()``, ``insert``, ``upsert``) uses savepoints inside a transaction already open. So
``write()`` and ``read()`` begin and end every transaction explicitly, and everything the parts
run inside them belongs to that transaction.

The SQL lives in one part per aggregate, each an attribute of the store: ``seminars`` (with the
programme), ``groups`` (with participants and roles), ``answers``, ``plenary``, ``summary``,
``polls``, ``panel``, ``votes``, ``archive`` and ``logins``.
"""

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from seminar.domain.errors import StorageUnavailable
from seminar.store.answers import AnswersStore
from seminar.store.archive import ArchiveStore
from seminar.store.groups import GroupsStore
from seminar.store.logins import LoginsStore
from seminar.store.migrations import migrations
from seminar.store.panel import PanelStore
from seminar.store.plenary import PlenaryStore
from seminar.store.polls import PollsStore
from seminar.store.seminars import SeminarRecord, SeminarsStore
from seminar.store.summary import SummaryStore
from seminar.store.votes import VotesStore

__all__ = ["BUSY_TIMEOUT_MS", "SeminarRecord", "Store"]

BUSY_TIMEOUT_MS = 10_000

# What SQLite says when the disk, not the code, is the trouble: a full disk, a read-only file
# or disk, an I/O error, a file it cannot open. Such a write may work later; any other error
# (a constraint, a bad statement) is a bug and stays one.
_STORAGE_FAULTS = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
                             sqlite3.SQLITE_CANTOPEN})


def storage_fault(error: sqlite3.Error) -> bool:
    """Whether ``error`` is the disk's (its primary code, without the extended part)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _STORAGE_FAULTS


class Store:
    """The connection, the lock and the transactions; the SQL is in the parts."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(self.path, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
            self.db = Database(conn)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA foreign_keys=ON")
            with self._lock:
                # One transaction, begun IMMEDIATE: processes starting at once wait for each
                # other (busy_timeout) instead of one failing or both applying a step.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    migrations.apply(self.db)
                    conn.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
                self._check_writable()
        except sqlite3.Error as error:  # nothing works without a database that takes writes
            if conn is not None:
                conn.close()  # nothing of it stays open (the file, its disk)
            raise StorageUnavailable(path=self.path, reason=str(error)) from error
        self.seminars = SeminarsStore(self.db)
        self.groups = GroupsStore(self.db)
        self.answers = AnswersStore(self.db)
        self.plenary = PlenaryStore(self.db)
        self.summary = SummaryStore(self.db)
        self.polls = PollsStore(self.db)
        self.archive = ArchiveStore(self.db)
        self.logins = LoginsStore(self.db)
        self.panel = PanelStore(self.db)
        self.votes = VotesStore(self.db)

    def close(self) -> None:
        """Fold the write-ahead log into the database file, then close."""
        with self._lock:
            with contextlib.suppress(StorageUnavailable):
                self.checkpoint(truncate=True)
            self.db.close()

    def checkpoint(self, *, truncate: bool = False) -> bool:
        """Copy what the write-ahead log holds into the database file (``-wal`` is part of
        the database until then); ``truncate`` also empties the log file. False once the store
        is closed; ``StorageUnavailable`` if the database cannot be written."""
        mode = "TRUNCATE" if truncate else "PASSIVE"
        with self._lock:
            try:
                self.db.execute(f"PRAGMA wal_checkpoint({mode})")
            except sqlite3.ProgrammingError:  # closed
                return False
            except sqlite3.Error as error:
                raise StorageUnavailable(path=self.path, reason=str(error)) from error
        return True

    def backup(self, target: str | Path) -> None:
        """Write a consistent copy of the whole database to ``target`` (SQLite's backup API:
        safe while this and other processes write)."""
        with self._lock, contextlib.closing(sqlite3.connect(str(target))) as copy:
            self.db.conn.backup(copy)

    def _check_writable(self) -> None:
        """Refuse a database that opens but cannot take a write (a read-only file or disk)."""
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            self.db.conn.execute("CREATE TABLE _write_probe (x)")
        finally:
            self.db.conn.execute("ROLLBACK")

    def check_writes(self) -> bool:
        """Whether a write reaches the disk now: a tiny table is made and dropped in one
        committed transaction (its commit writes to the log; a rolled-back write never leaves
        memory, so it cannot tell a full disk). ``StorageUnavailable`` if the disk refuses it;
        False once the store is closed."""
        try:
            with self.write():
                self.db.conn.execute("CREATE TABLE _write_check (x)")
                self.db.conn.execute("DROP TABLE _write_check")
        except sqlite3.ProgrammingError:  # closed: the server is stopping
            return False
        return True

    @contextmanager
    def write(self) -> Iterator["Store"]:
        """Run the block as one IMMEDIATE transaction, serialised with every other access. A
        write the disk refuses (full, read-only, I/O error) raises ``StorageUnavailable``, at
        any statement or at the commit; nothing of the block is kept."""
        with self._lock:
            if self.db.conn.in_transaction:
                raise RuntimeError("store.write() cannot begin inside another read() or write()")
            try:
                self.db.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                    self.db.conn.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
            except sqlite3.Error as error:
                if storage_fault(error):
                    raise StorageUnavailable.at_run_time(self.path, str(error)) from error
                raise

    def _rollback(self) -> None:
        """Undo the open transaction; SQLite may have rolled it back itself (a full disk)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.rollback()

    @contextmanager
    def read(self) -> Iterator["Store"]:
        """Run the block's queries in one read transaction (a consistent view), serialised with
        writes. Inside a ``write()`` or another ``read()`` the block joins the transaction that
        is open: only the outermost one begins and ends it."""
        with self._lock:
            if self.db.conn.in_transaction:
                yield self
                return
            self.db.conn.execute("BEGIN")  # deferred: the view is fixed by the first query
            try:
                yield self
            except BaseException:
                self.db.rollback()
                raise
            else:
                self.db.conn.execute("COMMIT")
