"""The big screen's display, per-question settings, moderation flags and the groups' priorities:
the store's SQL for the plenary."""

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class WallPoint:
    """A point as the answer wall sees it: accepted (not a suggestion) and not deleted."""

    id: str
    group_id: int
    text: str
    position: int
    hidden: bool
    highlighted: bool


class PlenaryStore:
    """The big screen's columns of ``seminars``, the ``question_settings`` and ``priorities``
    tables, and the wall's view of ``points``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- the big screen -------------------------------------------------------------------------

    def display(self, seminar_id: int) -> tuple[dict[str, Any] | None, int]:
        """The stored display (``None`` before the facilitator chose one) and its version."""
        row = self.db.execute("SELECT display, display_version FROM seminars WHERE id = ?",
                              [seminar_id]).fetchone()
        return (json.loads(row[0]) if row[0] else None), row[1]

    def save_display(self, seminar_id: int, display: dict[str, Any]) -> None:
        self.db.execute("UPDATE seminars SET display = ?, display_version = display_version + 1 "
                        "WHERE id = ?", [json.dumps(display), seminar_id])

    def bump_display_version(self, seminar_id: int) -> None:
        self.db.execute("UPDATE seminars SET display_version = display_version + 1 "
                        "WHERE id = ?", [seminar_id])

    def set_anonymous_wall(self, seminar_id: int, value: bool) -> None:
        self.db.table("seminars").update(seminar_id, {"anonymous_wall": int(value)})

    # -- per question: shown on the wall, prioritising open ------------------------------------

    def question_settings(self, seminar_id: int) -> dict[str, dict[str, bool]]:
        return {row[0]: {"revealed": bool(row[1]), "priorities_open": bool(row[2])}
                for row in self.db.execute(
                    "SELECT question_id, revealed, priorities_open FROM question_settings "
                    "WHERE seminar_id = ?", [seminar_id])}

    def set_question_setting(self, seminar_id: int, question_id: str, **values: bool) -> None:
        current = self.question_settings(seminar_id).get(
            question_id, {"revealed": False, "priorities_open": False})
        row = {**current, **values}
        self.db.table("question_settings").upsert(
            {"seminar_id": seminar_id, "question_id": question_id,
             "revealed": int(row["revealed"]), "priorities_open": int(row["priorities_open"])},
            pk=("seminar_id", "question_id"))

    # -- the wall and moderation ----------------------------------------------------------------

    def wall_points(self, seminar_id: int, question_id: str,
                    group_id: int | None = None) -> list[WallPoint]:
        """The accepted, live points of a question (of one group), in each group's order."""
        where, args = "seminar_id = ? AND question_id = ?", [seminar_id, question_id]
        if group_id is not None:
            where, args = where + " AND group_id = ?", [*args, group_id]
        rows = self.db.execute(
            "SELECT id, group_id, text, position, hidden, highlighted FROM points "
            f"WHERE {where} AND deleted = 0 AND suggested = 0 "
            "ORDER BY group_id, position, created_at", args)
        return [WallPoint(row[0], row[1], row[2], row[3], bool(row[4]), bool(row[5]))
                for row in rows]

    def count_accepted_points(self, seminar_id: int) -> int:
        return self.db.execute("SELECT count(*) FROM points WHERE seminar_id = ? AND deleted = 0 "
                               "AND suggested = 0", [seminar_id]).fetchone()[0]

    def set_point_flags(self, point_id: str, **flags: bool) -> None:
        self.db.table("points").update(point_id, {name: int(value)
                                                  for name, value in flags.items()})

    # -- priorities -----------------------------------------------------------------------------

    def save_priorities(self, group_id: int, question_id: str, point_ids: list[str], at: float,
                        by: str | None) -> None:
        self.db.table("priorities").upsert(
            {"group_id": group_id, "question_id": question_id,
             "point_ids": json.dumps(point_ids), "submitted_at": at, "submitted_by": by},
            pk=("group_id", "question_id"))

    def priorities_of_group(self, group_id: int) -> dict[str, list[str]]:
        """A group's stored picks per question (deleted points not yet filtered out)."""
        return {row[0]: json.loads(row[1]) for row in self.db.execute(
            "SELECT question_id, point_ids FROM priorities WHERE group_id = ?", [group_id])}

    def priorities_of_question(self, seminar_id: int, question_id: str) -> dict[int, list[str]]:
        """Every group's stored picks for a question, by group id."""
        return {row[0]: json.loads(row[1]) for row in self.db.execute(
            "SELECT p.group_id, p.point_ids FROM priorities p JOIN groups g ON g.id = p.group_id "
            "WHERE g.seminar_id = ? AND p.question_id = ?", [seminar_id, question_id])}

    def live_point_ids(self, group_id: int, question_id: str) -> set[str]:
        """The ids of a group's accepted, live points of a question."""
        return {row[0] for row in self.db.execute(
            "SELECT id FROM points WHERE group_id = ? AND question_id = ? AND deleted = 0 "
            "AND suggested = 0", [group_id, question_id])}

    def live_pick_counts(self, seminar_id: int) -> list[tuple[int, str, int]]:
        """Per group and question with picks: how many picks are still live points."""
        return list(self.db.execute(
            "SELECT p.group_id, p.question_id, count(pt.id) FROM priorities p "
            "JOIN groups g ON g.id = p.group_id JOIN json_each(p.point_ids) j "
            "LEFT JOIN points pt ON pt.id = j.value AND pt.group_id = p.group_id "
            "AND pt.deleted = 0 AND pt.suggested = 0 "
            "WHERE g.seminar_id = ? GROUP BY p.group_id, p.question_id", [seminar_id]))
