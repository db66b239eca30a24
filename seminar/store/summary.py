"""Themes and rejected duplicate suggestions: the store's SQL for the summary."""

from dataclasses import dataclass

from sqlite_utils import Database

from seminar.store.rows import new_id


@dataclass(frozen=True)
class ThemeRecord:
    id: int
    question_id: str
    title: str
    points: tuple[str, ...]
    created_at: float = 0.0


class SummaryStore:
    """The ``themes``, ``theme_points`` and ``rejected_pairs`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def themes(self, seminar_id: int) -> list[ThemeRecord]:
        members: dict[int, list[str]] = {}
        for theme_id, point_id in self.db.execute(
                "SELECT tp.theme_id, tp.point_id FROM theme_points tp JOIN themes t "
                "ON t.id = tp.theme_id WHERE t.seminar_id = ?", [seminar_id]):
            members.setdefault(theme_id, []).append(point_id)
        return [ThemeRecord(row[0], row[1], row[2], tuple(members.get(row[0], ())), row[3])
                for row in self.db.execute(
                    "SELECT id, question_id, title, created_at FROM themes WHERE seminar_id = ? "
                    "ORDER BY id", [seminar_id])]

    def theme(self, seminar_id: int, theme_id: int) -> ThemeRecord | None:
        return next((t for t in self.themes(seminar_id) if t.id == theme_id), None)

    def insert_theme(self, seminar_id: int, question_id: str, title: str, at: float) -> int:
        table = self.db.table("themes")
        table.insert({"seminar_id": seminar_id, "question_id": question_id, "title": title,
                      "created_at": at})
        return new_id(table)

    def rename_theme(self, theme_id: int, title: str) -> None:
        self.db.table("themes").update(theme_id, {"title": title})

    def put_in_theme(self, theme_id: int, point_ids: list[str]) -> None:
        """Move points into a theme (a point is in at most one theme)."""
        self.db.table("theme_points").upsert_all(
            ({"point_id": point_id, "theme_id": theme_id} for point_id in point_ids),
            pk="point_id")

    def take_from_themes(self, point_ids: list[str]) -> None:
        self.db.execute(f"DELETE FROM theme_points WHERE point_id IN "
                        f"({', '.join('?' for _ in point_ids)})", point_ids)

    def delete_theme(self, theme_id: int) -> None:
        self.db.execute("DELETE FROM theme_points WHERE theme_id = ?", [theme_id])
        self.db.execute("DELETE FROM themes WHERE id = ?", [theme_id])

    def delete_empty_themes(self, seminar_id: int) -> None:
        self.db.execute("DELETE FROM themes WHERE seminar_id = ? AND id NOT IN "
                        "(SELECT theme_id FROM theme_points)", [seminar_id])

    def reject_pair(self, seminar_id: int, point_a: str, point_b: str) -> None:
        first, second = sorted((point_a, point_b))
        self.db.table("rejected_pairs").upsert(
            {"seminar_id": seminar_id, "point_a": first, "point_b": second},
            pk=("seminar_id", "point_a", "point_b"))

    def rejected_pairs(self, seminar_id: int) -> set[frozenset[str]]:
        return {frozenset(row) for row in self.db.execute(
            "SELECT point_a, point_b FROM rejected_pairs WHERE seminar_id = ?", [seminar_id])}
