"""SQLite storage through sqlite-utils: one connection per process, writes serialised.

Every Socket.IO event runs in its own greenlet or thread, so the store owns a single connection
guarded by a re-entrant lock (a cooperative lock once gevent or eventlet has patched
``threading``). Write transactions begin ``IMMEDIATE`` so that several server processes sharing
the file queue on ``busy_timeout`` instead of failing with "database is locked".
"""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from seminar.domain.timer import Timer
from seminar.store.answers import AnswerTables
from seminar.store.archive import ArchiveTables
from seminar.store.groups import GroupTables
from seminar.store.migrations import migrations
from seminar.store.plenary import PlenaryTables
from seminar.store.summary import SummaryTables

BUSY_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class SeminarRecord:
    id: int
    code: str
    title: str
    kit_name: str
    kit_source: str
    facilitator_key_hash: str
    is_default: bool
    created_at: float
    current_block: int
    version: int
    allow_participant_groups: bool = False
    max_group_size: int | None = None
    all_members_write: bool = False
    groups_version: int = 0
    anonymous_wall: bool = False
    language: str | None = None  # of the seminar's screens; None: the kit's language


class Store(GroupTables, AnswerTables, PlenaryTables, SummaryTables, ArchiveTables):
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        self._lock = threading.RLock()
        self.db = Database(conn)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA foreign_keys=ON")
        with self._lock:
            migrations.apply(self.db)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    @contextmanager
    def write(self) -> Iterator["Store"]:
        """Run the block as one IMMEDIATE transaction, serialised with every other access."""
        with self._lock:
            self.db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.db.rollback()
                raise
            else:
                try:
                    self.db.conn.execute("COMMIT")
                except BaseException:
                    self.db.rollback()
                    raise

    @contextmanager
    def read(self) -> Iterator["Store"]:
        """Run the block's queries with a consistent view, serialised with writes."""
        with self._lock:
            yield self

    # -- seminars -------------------------------------------------------------------------------

    def insert_seminar(self, *, code: str, title: str, kit_name: str, kit_source: str,
                       facilitator_key_hash: str, is_default: bool, created_at: float,
                       durations: list[int], language: str | None = None) -> SeminarRecord:
        seminars = self.db.table("seminars")
        seminars.insert({
            "code": code, "title": title, "kit_name": kit_name, "kit_source": kit_source,
            "facilitator_key_hash": facilitator_key_hash, "is_default": int(is_default),
            "created_at": created_at, "current_block": 0, "version": 0, "language": language,
        })
        seminar_id = seminars.last_pk
        self.db.table("block_timers").insert_all(
            {"seminar_id": seminar_id, "block_index": index, "duration": duration}
            for index, duration in enumerate(durations)
        )
        return self.seminar_by_id(seminar_id)

    def code_exists(self, code: str) -> bool:
        return bool(self.db.execute("SELECT 1 FROM seminars WHERE code = ?", [code]).fetchone())

    def seminar_by_code(self, code: str) -> SeminarRecord | None:
        return self._seminar_where("code = ?", [code])

    def seminar_by_id(self, seminar_id: int) -> SeminarRecord | None:
        return self._seminar_where("id = ?", [seminar_id])

    def default_seminar(self) -> SeminarRecord | None:
        return self._seminar_where("is_default = 1", [])

    def list_seminars(self) -> list[SeminarRecord]:
        rows = self.db.table("seminars").rows_where(order_by="created_at desc, id desc")
        return [_seminar(row) for row in rows]

    def _seminar_where(self, where: str, args: list) -> SeminarRecord | None:
        rows = list(self.db.table("seminars").rows_where(where, args, limit=1))
        return _seminar(rows[0]) if rows else None

    def update_group_settings(self, seminar_id: int, *, allow_participant_groups: bool,
                              max_group_size: int | None) -> None:
        self.db.table("seminars").update(seminar_id, {
            "allow_participant_groups": int(allow_participant_groups),
            "max_group_size": max_group_size})

    def bump_groups_version(self, seminar_id: int) -> None:
        self.db.execute("UPDATE seminars SET groups_version = groups_version + 1 WHERE id = ?",
                        [seminar_id])

    def set_all_members_write(self, seminar_id: int, value: bool) -> None:
        self.db.table("seminars").update(seminar_id, {"all_members_write": int(value)})

    def set_language(self, seminar_id: int, language: str) -> None:
        self.db.table("seminars").update(seminar_id, {"language": language})

    def delete_seminar(self, seminar_id: int) -> None:
        """Delete a seminar and every row that belongs to it, children before parents."""
        groups = "SELECT id FROM groups WHERE seminar_id = ?"
        statements = [
            "DELETE FROM theme_points WHERE theme_id IN "
            "(SELECT id FROM themes WHERE seminar_id = ?)",
            *(f"DELETE FROM {table} WHERE group_id IN ({groups})"
              for table in ("role_assignments", "question_status", "priorities")),
            *(f"DELETE FROM {table} WHERE seminar_id = ?"
              for table in ("themes", "rejected_pairs", "question_settings", "applied_edits",
                            "points", "participants", "groups", "block_timers")),
            "DELETE FROM seminars WHERE id = ?",
        ]
        for statement in statements:
            self.db.execute(statement, [seminar_id])

    # -- programme ------------------------------------------------------------------------------

    def timers(self, seminar_id: int) -> tuple[Timer, ...]:
        rows = self.db.table("block_timers").rows_where(
            "seminar_id = ?", [seminar_id], order_by="block_index")
        return tuple(
            Timer(row["duration"], row["started_at"], row["paused_at"],
                  row["paused_seconds"] or 0.0, row["extra_seconds"] or 0)
            for row in rows
        )

    def save_programme(self, seminar_id: int, current: int, timers: tuple[Timer, ...],
                       changed: set[int]) -> int:
        """Store the current block and the changed timers; return the new version."""
        self.db.execute(
            "UPDATE seminars SET current_block = ?, version = version + 1 WHERE id = ?",
            [current, seminar_id])
        self.db.table("block_timers").upsert_all(
            ({"seminar_id": seminar_id, "block_index": index,
              "duration": timers[index].duration, "started_at": timers[index].started_at,
              "paused_at": timers[index].paused_at,
              "paused_seconds": timers[index].paused_seconds,
              "extra_seconds": timers[index].extra_seconds} for index in sorted(changed)),
            pk=("seminar_id", "block_index"))
        return self.seminar_by_id(seminar_id).version


def _seminar(row: dict) -> SeminarRecord:
    return SeminarRecord(
        id=row["id"], code=row["code"], title=row["title"], kit_name=row["kit_name"] or "",
        kit_source=row["kit_source"], facilitator_key_hash=row["facilitator_key_hash"],
        is_default=bool(row["is_default"]), created_at=row["created_at"],
        current_block=row["current_block"], version=row["version"],
        allow_participant_groups=bool(row.get("allow_participant_groups")),
        max_group_size=row.get("max_group_size"),
        all_members_write=bool(row.get("all_members_write")),
        groups_version=row.get("groups_version") or 0,
        anonymous_wall=bool(row.get("anonymous_wall")),
        language=row.get("language"),
    )
