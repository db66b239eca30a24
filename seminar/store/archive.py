"""Every row of one seminar, and inserting a restored seminar's rows: the store's SQL for the
JSON archive. Rows are plain dicts keyed by column name.

Rows come in an order that does not depend on the ids the server made up: a restored seminar's
rows are inserted in the same order, so exporting it again gives the same archive.
"""

import json

from sqlite_utils import Database

from seminar.store.rows import Row
from seminar.store.summary import SummaryStore


class ArchiveStore:
    """Every table of one seminar, row by row."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ---------------------------------------------------------------------------------

    def role_rows(self, seminar_id: int) -> list[Row]:
        """Every role of every round of the seminar's groups."""
        return list(self.db.query(
            "SELECT a.group_id, a.round, a.role_id, a.participant_id, a.assigned_at, a.source "
            "FROM role_assignments a JOIN groups g ON g.id = a.group_id "
            "WHERE g.seminar_id = ? ORDER BY a.group_id, a.round, a.role_id", [seminar_id]))

    def point_rows(self, seminar_id: int) -> list[Row]:
        """Every point (deleted ones too) by group, question and position, then as made."""
        return list(self.db.query(
            f"SELECT {_POINT_FIELDS} FROM points WHERE seminar_id = ? "
            "ORDER BY group_id, question_id, position, created_at, rowid", [seminar_id]))

    def group_point_rows(self, group_id: int) -> list[Row]:
        """``point_rows`` of one group (a seminar's points in one query may hold the store
        for longer than a client may wait)."""
        return list(self.db.query(
            f"SELECT {_POINT_FIELDS} FROM points WHERE group_id = ? "
            "ORDER BY question_id, position, created_at, rowid", [group_id]))

    def version_rows(self, seminar_id: int) -> list[Row]:
        """Every kept earlier version of the seminar's points, oldest first."""
        return list(self.db.query(
            "SELECT point_id, text, revision, author, suggested, deleted, updated_at, "
            "replaced_at FROM point_versions WHERE seminar_id = ? ORDER BY id", [seminar_id]))

    def status_rows(self, seminar_id: int) -> list[Row]:
        """The groups' "done" flags."""
        return list(self.db.query(
            "SELECT s.group_id, s.question_id, s.done, s.updated_at FROM question_status s "
            "JOIN groups g ON g.id = s.group_id WHERE g.seminar_id = ? "
            "ORDER BY s.group_id, s.question_id", [seminar_id]))

    def priority_rows(self, seminar_id: int) -> list[Row]:
        """The groups' stored picks (``point_ids`` decoded, in the group's order)."""
        rows = self.db.query(
            "SELECT p.group_id, p.question_id, p.point_ids, p.submitted_at, p.submitted_by "
            "FROM priorities p JOIN groups g ON g.id = p.group_id WHERE g.seminar_id = ? "
            "ORDER BY p.group_id, p.question_id", [seminar_id])
        return [{**row, "point_ids": json.loads(row["point_ids"])} for row in rows]

    def theme_rows(self, seminar_id: int) -> list[Row]:
        """The themes as made (``point_ids``: their points, in no particular order)."""
        return [{"id": theme.id, "question_id": theme.question_id, "title": theme.title,
                 "created_at": theme.created_at, "point_ids": list(theme.points)}
                for theme in SummaryStore(self.db).themes(seminar_id)]

    # -- writing ---------------------------------------------------------------------------------

    def set_kit_version(self, seminar_id: int, version: int) -> None:
        """A restored seminar's kit counts its edits on from the archived seminar's."""
        self.db.execute("UPDATE seminars SET kit_version = ? WHERE id = ?", [version, seminar_id])

    def insert_participants(self, seminar_id: int, rows: list[Row]) -> None:
        """Insert participants (``id``, ``name``, ``group_id``, ``placed_group_id``,
        ``created_at``) in order."""
        self._insert("participants", ("id", "name", "group_id", "placed_group_id", "created_at",
                                      "seminar_id"),
                     [{**row, "seminar_id": seminar_id} for row in rows])

    def insert_role_rows(self, rows: list[Row]) -> None:
        """Insert roles as ``role_rows`` reads them."""
        self._insert("role_assignments", ("group_id", "round", "role_id", "participant_id",
                                          "assigned_at", "source"), rows)

    def insert_point_rows(self, seminar_id: int, rows: list[Row]) -> None:
        """Insert points as ``point_rows`` reads them, in order."""
        self._insert("points", _POINT_COLUMNS, [
            {**row, **{flag: int(row[flag])
                       for flag in ("suggested", "deleted", "hidden", "highlighted")},
             "seminar_id": seminar_id} for row in rows])

    def insert_version_rows(self, seminar_id: int, rows: list[Row]) -> None:
        """Insert earlier versions as ``version_rows`` reads them, in order."""
        self._insert("point_versions", ("seminar_id", "point_id", "text", "revision", "author",
                                        "suggested", "deleted", "updated_at", "replaced_at"),
                     [{**row, "suggested": int(row["suggested"]),
                       "deleted": int(row["deleted"]), "seminar_id": seminar_id}
                      for row in rows])

    def insert_status_rows(self, rows: list[Row]) -> None:
        """Insert "done" flags as ``status_rows`` reads them."""
        self._insert("question_status", ("group_id", "question_id", "done", "updated_at"),
                     [{**row, "done": int(row["done"])} for row in rows])

    def insert_priority_rows(self, rows: list[Row]) -> None:
        """Insert picks as ``priority_rows`` reads them (``point_ids`` a list)."""
        self._insert("priorities", ("group_id", "question_id", "point_ids", "submitted_at",
                                    "submitted_by"),
                     [{**row, "point_ids": json.dumps(row["point_ids"])} for row in rows])

    def insert_theme_rows(self, seminar_id: int, rows: list[Row]) -> None:
        """Insert themes (``question_id``, ``title``, ``created_at``, ``point_ids``) in order,
        each with its points."""
        self._insert("themes", ("seminar_id", "question_id", "title", "created_at"),
                     [{**row, "seminar_id": seminar_id} for row in rows])
        ids = [row[0] for row in self.db.conn.execute(  # the newest: these, as inserted
            "SELECT id FROM themes WHERE seminar_id = ? ORDER BY id DESC LIMIT ?",
            [seminar_id, len(rows)])][::-1]
        self._insert("theme_points", ("point_id", "theme_id"), [
            {"point_id": point_id, "theme_id": theme_id}
            for theme_id, row in zip(ids, rows, strict=True) for point_id in row["point_ids"]])

    def insert_rejected_pairs(self, seminar_id: int, pairs: list[tuple[str, str]]) -> None:
        """Insert rejected suggestions (pairs of point ids)."""
        self._insert("rejected_pairs", ("seminar_id", "point_a", "point_b"), [
            {"seminar_id": seminar_id, "point_a": min(pair), "point_b": max(pair)}
            for pair in pairs])

    # -- the hall's part (issue 16): questions to the panel and polls ---------------------------

    def panel_question_rows(self, seminar_id: int) -> list[Row]:
        """The questions to the panel as asked, each with its upvotes (``votes``: rows of
        ``participant_id`` and ``voted_at``, in the order they were given)."""
        votes: dict[int, list[Row]] = {}
        for vote in self.db.query(
                "SELECT question_id, participant_id, voted_at FROM panel_votes "
                "WHERE seminar_id = ? ORDER BY question_id, voted_at, rowid", [seminar_id]):
            votes.setdefault(vote.pop("question_id"), []).append(vote)
        return [{**row, "votes": votes.get(row["id"], [])} for row in self.db.query(
            "SELECT id, author_id, text, name, state, pinned, asked_at FROM panel_questions "
            "WHERE seminar_id = ? ORDER BY id", [seminar_id])]

    def insert_panel_questions(self, seminar_id: int, rows: list[Row]) -> None:
        """Insert questions as ``panel_question_rows`` reads them, in order, with their votes."""
        self._insert("panel_questions", ("seminar_id", "author_id", "text", "name", "state",
                                         "pinned", "asked_at"),
                     [{**row, "pinned": int(row["pinned"]), "seminar_id": seminar_id}
                      for row in rows])
        ids = [row[0] for row in self.db.conn.execute(  # the newest: these, as inserted
            "SELECT id FROM panel_questions WHERE seminar_id = ? ORDER BY id DESC LIMIT ?",
            [seminar_id, len(rows)])][::-1]
        self._insert("panel_votes", ("question_id", "participant_id", "seminar_id", "voted_at"),
                     [{**vote, "question_id": question_id, "seminar_id": seminar_id}
                      for question_id, row in zip(ids, rows, strict=True)
                      for vote in row["votes"]])

    def poll_item_rows(self, seminar_id: int) -> list[Row]:
        """Every poll item's state, by item id."""
        return list(self.db.query(
            "SELECT item_id, opened_at, closed_at, version, with_block FROM poll_items "
            "WHERE seminar_id = ? ORDER BY item_id", [seminar_id]))

    def poll_answer_rows(self, seminar_id: int) -> list[Row]:
        """Every answer by item, as given (``value`` decoded)."""
        return [{**row, "value": json.loads(row["value"])} for row in self.db.query(
            "SELECT item_id, participant_id, group_id, value, hidden, updated_at "
            "FROM poll_answers WHERE seminar_id = ? ORDER BY item_id, id", [seminar_id])]

    def poll_ban_rows(self, seminar_id: int) -> list[Row]:
        return list(self.db.query("SELECT item_id, word FROM poll_bans WHERE seminar_id = ? "
                                  "ORDER BY item_id, word", [seminar_id]))

    def insert_poll_items(self, seminar_id: int, rows: list[Row]) -> None:
        self._insert("poll_items", ("seminar_id", "item_id", "opened_at", "closed_at",
                                    "version", "with_block"),
                     [{**row, "with_block": int(row["with_block"]), "seminar_id": seminar_id}
                      for row in rows])

    def insert_poll_answers(self, seminar_id: int, rows: list[Row]) -> None:
        """Insert answers as ``poll_answer_rows`` reads them, in order."""
        self._insert("poll_answers", ("seminar_id", "item_id", "participant_id", "group_id",
                                      "value", "hidden", "updated_at"),
                     [{**row, "value": json.dumps(row["value"], ensure_ascii=False),
                       "hidden": int(row["hidden"]), "seminar_id": seminar_id} for row in rows])

    def insert_poll_bans(self, seminar_id: int, rows: list[Row]) -> None:
        self._insert("poll_bans", ("seminar_id", "item_id", "word"),
                     [{**row, "seminar_id": seminar_id} for row in rows])

    def _insert(self, table: str, columns: tuple[str, ...], rows: list[Row]) -> None:
        """Insert ``rows`` with one prepared statement: a restored seminar's thousands of rows
        cost SQLite's time only (sqlite-utils' ``insert_all`` spends seven times as long in
        Python, all of it holding up the event loop)."""
        names = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" for _ in columns)
        self.db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                                 [tuple(row[column] for column in columns) for row in rows])


_POINT_FIELDS = ("id, group_id, question_id, text, position, revision, author, suggested, "
                 "deleted, hidden, highlighted, created_at, updated_at")
_POINT_COLUMNS = ("id", "seminar_id", "group_id", "question_id", "text", "position", "revision",
                  "author", "suggested", "deleted", "hidden", "highlighted", "created_at",
                  "updated_at")
