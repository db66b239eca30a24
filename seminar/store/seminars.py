"""Seminars and their programme (the current block, each block's timer): the store's SQL for
them."""

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from seminar.domain.kit import Question, RemovedQuestion
from seminar.domain.timer import Timer
from seminar.store.rows import Row, new_id, read_back, rows_where


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
    groups_locked: bool = False  # phones join only the group they were placed in, or ask
    kit_version: int = 0  # counts the edits of the seminar's kit
    groups_layout: int = 0  # counts the changes of its groups' own rows (not of their members)


class SeminarsStore:
    """The ``seminars`` and ``block_timers`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, *, code: str, title: str, kit_name: str, kit_source: str,
               facilitator_key_hash: str, is_default: bool, created_at: float,
               durations: list[int], language: str | None = None,
               restoring_since: float | None = None) -> SeminarRecord:
        """Insert a seminar and return it. One ``restoring_since`` a time is hidden (never
        found, never listed) until ``finish_restoring``."""
        seminars = self.db.table("seminars")
        seminars.insert({
            "code": code, "title": title, "kit_name": kit_name, "kit_source": kit_source,
            "facilitator_key_hash": facilitator_key_hash, "is_default": int(is_default),
            "created_at": created_at, "current_block": 0, "version": 0, "language": language,
            "restoring_since": restoring_since,
        })
        seminar_id = new_id(seminars)
        self.db.table("block_timers").insert_all(
            {"seminar_id": seminar_id, "block_index": index, "duration": duration}
            for index, duration in enumerate(durations)
        )
        return read_back(self._where("id = ?", [seminar_id], restoring=True), "seminars")

    def finish_restoring(self, seminar_id: int) -> None:
        """Make a restored seminar whole: found and listed from now on."""
        self.db.execute("UPDATE seminars SET restoring_since = NULL WHERE id = ?", [seminar_id])

    def unfinished_restores(self, begun_before: float) -> list[int]:
        """Seminars whose restore began before ``begun_before`` and never finished."""
        return [row[0] for row in self.db.execute(
            "SELECT id FROM seminars WHERE restoring_since < ?", [begun_before])]

    def code_exists(self, code: str) -> bool:
        """Whether ``code`` is taken (by a seminar being restored too)."""
        return bool(self.db.execute("SELECT 1 FROM seminars WHERE code = ?", [code]).fetchone())

    def by_code(self, code: str) -> SeminarRecord | None:
        return self._where("code = ?", [code])

    def by_id(self, seminar_id: int) -> SeminarRecord | None:
        return self._where("id = ?", [seminar_id])

    def default(self) -> SeminarRecord | None:
        return self._where("is_default = 1", [])

    def all(self) -> list[SeminarRecord]:
        """Every seminar, newest first."""
        rows = rows_where(self.db, "seminars", "restoring_since IS NULL", [],
                          order_by="created_at desc, id desc")
        return [_seminar(row) for row in rows]

    def _where(self, where: str, args: list[Any], *,
               restoring: bool = False) -> SeminarRecord | None:
        """The first seminar ``where`` says; one being restored only if ``restoring``."""
        if not restoring:
            where = f"restoring_since IS NULL AND ({where})"
        rows = list(rows_where(self.db, "seminars", where, args, limit=1))
        return _seminar(rows[0]) if rows else None

    def update_group_settings(self, seminar_id: int, *, allow_participant_groups: bool,
                              max_group_size: int | None) -> None:
        self.db.table("seminars").update(seminar_id, {
            "allow_participant_groups": int(allow_participant_groups),
            "max_group_size": max_group_size})

    def set_groups_locked(self, seminar_id: int, locked: bool) -> None:
        self.db.table("seminars").update(seminar_id, {"groups_locked": int(locked)})

    def bump_groups_version(self, seminar_id: int) -> None:
        self.db.execute("UPDATE seminars SET groups_version = groups_version + 1 WHERE id = ?",
                        [seminar_id])

    def set_all_members_write(self, seminar_id: int, value: bool) -> None:
        self.db.table("seminars").update(seminar_id, {"all_members_write": int(value)})

    def set_language(self, seminar_id: int, language: str) -> None:
        self.db.table("seminars").update(seminar_id, {"language": language})

    def set_facilitator_key_hash(self, seminar_id: int, key_hash: str) -> None:
        self.db.table("seminars").update(seminar_id, {"facilitator_key_hash": key_hash})

    def delete(self, seminar_id: int) -> None:
        """Delete a seminar and every row that belongs to it, children before parents."""
        groups = "SELECT id FROM groups WHERE seminar_id = ?"
        statements = [
            "DELETE FROM theme_points WHERE theme_id IN "
            "(SELECT id FROM themes WHERE seminar_id = ?)",
            *(f"DELETE FROM {table} WHERE group_id IN ({groups})"
              for table in ("role_assignments", "role_requests", "group_requests",
                            "question_status", "priorities")),
            *(f"DELETE FROM {table} WHERE seminar_id = ?"
              for table in ("vote_ballots", "votes",
                            "poll_answers", "poll_bans", "poll_items", "panel_votes",
                            "panel_questions",
                            "removed_questions", "themes", "rejected_pairs",
                            "question_settings", "applied_edits",
                            "point_versions", "points", "participants", "groups",
                            "block_timers", "logins")),
            "DELETE FROM seminars WHERE id = ?",
        ]
        for statement in statements:
            self.db.execute(statement, [seminar_id])

    # -- the seminar's own kit -------------------------------------------------------------------

    def save_kit(self, seminar_id: int, *, title: str, kit_source: str, current: int,
                 timers: tuple[Timer, ...]) -> SeminarRecord:
        """Replace the seminar's kit and its whole programme (blocks may have been added,
        removed or moved, so every timer row is written again); bump the kit's version and the
        programme's (a command sent for the old block order is refused). Return the seminar."""
        self.db.execute(
            "UPDATE seminars SET title = ?, kit_source = ?, current_block = ?, "
            "kit_version = kit_version + 1, version = version + 1 WHERE id = ?",
            [title, kit_source, current, seminar_id])
        self.db.execute("DELETE FROM block_timers WHERE seminar_id = ?", [seminar_id])
        self.db.table("block_timers").insert_all(
            {"seminar_id": seminar_id, "block_index": index, "duration": timer.duration,
             "started_at": timer.started_at, "paused_at": timer.paused_at,
             "paused_seconds": timer.paused_seconds, "extra_seconds": timer.extra_seconds}
            for index, timer in enumerate(timers))
        return read_back(self._where("id = ?", [seminar_id], restoring=True), "seminars")

    def removed_questions(self, seminar_id: int) -> list[RemovedQuestion]:
        """The questions removed from the seminar's kit after they had answers, in the order
        they were removed."""
        rows = rows_where(self.db, "removed_questions", "seminar_id = ?",
                          [seminar_id], order_by="removed_at, question_id")
        return [RemovedQuestion(
            Question(row["question_id"], row["title"], row["text"],
                     None if row["prioritise_low"] is None
                     else (row["prioritise_low"], row["prioritise_high"])),
            row["block_title"], row["removed_at"]) for row in rows]

    def add_removed_question(self, seminar_id: int, removed: RemovedQuestion) -> None:
        question = removed.question
        low, high = question.prioritise or (None, None)
        self.db.table("removed_questions").upsert({
            "seminar_id": seminar_id, "question_id": question.id,
            "block_title": removed.block_title, "title": question.title, "text": question.text,
            "prioritise_low": low, "prioritise_high": high, "removed_at": removed.removed_at,
        }, pk=("seminar_id", "question_id"))

    def forget_removed_question(self, seminar_id: int, question_id: str) -> None:
        """A question put back into the kit (the same id) is no longer a removed one."""
        self.db.execute("DELETE FROM removed_questions WHERE seminar_id = ? AND question_id = ?",
                        [seminar_id, question_id])

    # -- programme ------------------------------------------------------------------------------

    def timers(self, seminar_id: int) -> tuple[Timer, ...]:
        rows = rows_where(self.db, "block_timers", "seminar_id = ?",
                          [seminar_id], order_by="block_index")
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
        row = self.db.execute("SELECT version FROM seminars WHERE id = ?",
                              [seminar_id]).fetchone()
        if row is None:
            raise LookupError(f"no seminar {seminar_id}")
        return int(row[0])


def _seminar(row: Row) -> SeminarRecord:
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
        groups_locked=bool(row.get("groups_locked")),
        kit_version=row.get("kit_version") or 0,
        groups_layout=row.get("groups_layout") or 0,
    )
