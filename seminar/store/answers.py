"""Points, applied edits and "done" flags: the store's SQL for answers."""

import json
from typing import Any

from sqlite_utils import Database

from seminar.domain.answers import Point
from seminar.store.rows import Row, insert_row, rows_where, update_row

_POINT_COLUMNS = ("id", "group_id", "question_id", "text", "position", "revision", "author",
                  "suggested", "created_at", "updated_at")


def _point(row: Row) -> Point:
    values = {name: row[name] for name in _POINT_COLUMNS}
    return Point(**{**values, "author": values["author"] or "",
                    "suggested": bool(values["suggested"])})


def _version(row: Row) -> Row:
    return {"id": row["id"], "point_id": row["point_id"], "text": row["text"],
            "revision": row["revision"], "author": row["author"] or "",
            "suggested": bool(row["suggested"]), "deleted": bool(row["deleted"]),
            "updated_at": row["updated_at"], "replaced_at": row["replaced_at"]}


class AnswersStore:
    """The ``points``, ``point_versions``, ``applied_edits`` and ``question_status`` tables,
    and each group's ``answer_seq``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def point(self, seminar_id: int, point_id: str) -> tuple[Point, bool] | None:
        """The point and whether it was deleted, or None."""
        rows = list(rows_where(self.db, "points", "seminar_id = ? AND id = ?",
                               [seminar_id, point_id], limit=1))
        return (_point(rows[0]), bool(rows[0]["deleted"])) if rows else None

    def point_id_taken(self, point_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM points WHERE id = ?", [point_id]).fetchone() \
            is not None

    def points(self, group_id: int, question_id: str | None = None) -> list[Point]:
        """The live points of a group (of one question), in order."""
        where = "group_id = ? AND deleted = 0"
        args: list[object] = [group_id]
        if question_id is not None:
            where += " AND question_id = ?"
            args.append(question_id)
        rows = rows_where(self.db, "points", where, args,
                          order_by="question_id, position, created_at")
        return [_point(row) for row in rows]

    def insert_point(self, seminar_id: int, point: Point) -> None:
        insert_row(self.db, "points", {
            "id": point.id, "seminar_id": seminar_id, "group_id": point.group_id,
            "question_id": point.question_id, "text": point.text, "position": point.position,
            "revision": point.revision, "author": point.author,
            "suggested": int(point.suggested), "created_at": point.created_at,
            "updated_at": point.updated_at})

    def update_point(self, point_id: str, **values: Any) -> None:
        if "suggested" in values:
            values["suggested"] = int(values["suggested"])
        if "deleted" in values:
            values["deleted"] = int(values["deleted"])
        update_row(self.db, "points", point_id, values)

    def next_position(self, group_id: int, question_id: str) -> int:
        row = self.db.execute("SELECT max(position) FROM points WHERE group_id = ? AND "
                              "question_id = ?", [group_id, question_id]).fetchone()
        return (row[0] or 0) + 1

    def move_points(self, from_group: int, to_group: int) -> None:
        self.db.execute("UPDATE points SET group_id = ? WHERE group_id = ?",
                        [to_group, from_group])
        self.db.execute("DELETE FROM question_status WHERE group_id = ?", [from_group])
        self.db.execute("DELETE FROM priorities WHERE group_id = ?", [from_group])

    def count_points(self, group_id: int, *, deleted_too: bool = False) -> int:
        """The group's live points (``deleted_too``: and its deleted ones)."""
        where = "group_id = ?" if deleted_too else "group_id = ? AND deleted = 0"
        return int(self.db.execute(f"SELECT count(*) FROM points WHERE {where}",
                                   [group_id]).fetchone()[0])

    # -- earlier versions of points (kept for as long as the seminar) ----------------------------

    def save_version(self, seminar_id: int, point: Point, deleted: bool,
                     replaced_at: float) -> None:
        """Keep ``point`` as it was (``deleted`` or not) before the change made at
        ``replaced_at``."""
        insert_row(self.db, "point_versions", {
            "seminar_id": seminar_id, "point_id": point.id, "text": point.text,
            "revision": point.revision, "author": point.author,
            "suggested": int(point.suggested), "deleted": int(deleted),
            "updated_at": point.updated_at, "replaced_at": replaced_at})

    def version(self, seminar_id: int, version_id: int) -> Row | None:
        """One kept version: ``{id, point_id, text, revision, author, suggested, deleted,
        updated_at, replaced_at}``, or None."""
        rows = list(rows_where(self.db, "point_versions", "seminar_id = ? AND id = ?",
                               [seminar_id, version_id], limit=1))
        return _version(rows[0]) if rows else None

    def history(self, group_id: int, question_id: str) -> list[tuple[Row, list[Row]]]:
        """The points of a group's question that have earlier versions (deleted ones too),
        in order, each as it is now (with ``deleted``) and its versions, newest first."""
        points = list(self.db.query(
            "SELECT id, text, revision, author, suggested, deleted, updated_at FROM points "
            "WHERE group_id = ? AND question_id = ? AND id IN "
            "(SELECT point_id FROM point_versions) ORDER BY position, created_at",
            [group_id, question_id]))
        versions: dict[str, list[Row]] = {point["id"]: [] for point in points}
        if points:
            marks = ", ".join("?" * len(points))
            for row in self.db.query(
                    f"SELECT * FROM point_versions WHERE point_id IN ({marks}) "
                    "ORDER BY replaced_at DESC, id DESC", list(versions)):
                versions[row["point_id"]].append(_version(row))
        return [({**point, "suggested": bool(point["suggested"]),
                  "deleted": bool(point["deleted"])}, versions[point["id"]]) for point in points]

    # -- edits already applied (so that a resent edit is applied once) --------------------------

    def applied_edit(self, seminar_id: int, edit_id: str) -> tuple[str, dict[str, Any]] | None:
        row = self.db.execute("SELECT participant_id, result FROM applied_edits WHERE "
                              "seminar_id = ? AND edit_id = ?", [seminar_id, edit_id]).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def record_edit(self, seminar_id: int, edit_id: str, participant_id: str,
                    result: dict[str, Any],
                    applied_at: float) -> None:
        insert_row(self.db, "applied_edits", {
            "seminar_id": seminar_id, "edit_id": edit_id, "participant_id": participant_id,
            "result": json.dumps(result), "applied_at": applied_at})

    # -- per group: a sequence number for its answers, and "done" flags ------------------------

    def bump_seq(self, group_id: int) -> int:
        self.db.execute("UPDATE groups SET answer_seq = answer_seq + 1 WHERE id = ?", [group_id])
        return self.seq(group_id)

    def seq(self, group_id: int) -> int:
        row = self.db.execute("SELECT answer_seq FROM groups WHERE id = ?", [group_id]).fetchone()
        return int(row[0]) if row else 0

    def seqs(self, seminar_id: int) -> dict[int, int]:
        """Every group's answer sequence number, by group id."""
        return {row[0]: row[1] for row in self.db.execute(
            "SELECT id, answer_seq FROM groups WHERE seminar_id = ?", [seminar_id])}

    def set_done(self, group_id: int, question_id: str, done: bool, at: float) -> None:
        self.db.table("question_status").upsert(
            {"group_id": group_id, "question_id": question_id, "done": int(done),
             "updated_at": at}, pk=("group_id", "question_id"))

    def done_questions(self, group_id: int) -> set[str]:
        return {row[0] for row in self.db.execute(
            "SELECT question_id FROM question_status WHERE group_id = ? AND done = 1",
            [group_id])}

    def done_by_group(self, seminar_id: int) -> dict[int, set[str]]:
        """The questions every group of a seminar marked done, by group id (only groups with
        some)."""
        done: dict[int, set[str]] = {}
        for group_id, question_id in self.db.execute(
                "SELECT s.group_id, s.question_id FROM question_status s "
                "JOIN groups g ON g.id = s.group_id WHERE g.seminar_id = ? AND s.done = 1",
                [seminar_id]):
            done.setdefault(group_id, set()).add(question_id)
        return done

    def overview(self, seminar_id: int) -> list[tuple[int, str, int, float]]:
        """Per group and question: live points, last change (group id, question, n, last)."""
        return list(self.db.execute(
            "SELECT group_id, question_id, count(*), max(updated_at) FROM points "
            "WHERE seminar_id = ? AND deleted = 0 GROUP BY group_id, question_id",
            [seminar_id]))
