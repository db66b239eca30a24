"""Polls, word clouds and the evaluation: the store's SQL for items' state, answers and bans."""

import json
from dataclasses import dataclass

from sqlite_utils import Database

from seminar.domain.polls import Answer


@dataclass(frozen=True)
class ItemState:
    """Whether an item is open: opened at ``opened_at`` and not closed since (``closed_at``
    None); ``version`` moves on with every change to its results."""

    opened_at: float | None
    closed_at: float | None
    version: int
    with_block: bool = False  # opens when its block first starts, closes when it is left

    @property
    def open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class PollsStore:
    """The ``poll_items``, ``poll_answers`` and ``poll_bans`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- items -----------------------------------------------------------------------------------

    def states(self, seminar_id: int) -> dict[str, ItemState]:
        """Every item that was ever opened or changed, by id, in the order they first opened."""
        return {row[0]: ItemState(row[1], row[2], row[3], bool(row[4])) for row in self.db.execute(
            "SELECT item_id, opened_at, closed_at, version, with_block FROM poll_items "
            "WHERE seminar_id = ? "
            "ORDER BY opened_at IS NULL, opened_at, item_id", [seminar_id])}

    def state(self, seminar_id: int, item_id: str) -> ItemState | None:
        row = self.db.execute(
            "SELECT opened_at, closed_at, version, with_block FROM poll_items "
            "WHERE seminar_id = ? AND item_id = ?", [seminar_id, item_id]).fetchone()
        return ItemState(row[0], row[1], row[2], bool(row[3])) if row else None

    def set_with_block(self, seminar_id: int, item_id: str, with_block: bool) -> None:
        self.db.execute(
            "INSERT INTO poll_items (seminar_id, item_id, with_block) VALUES (?, ?, ?) "
            "ON CONFLICT (seminar_id, item_id) DO UPDATE SET with_block = excluded.with_block",
            [seminar_id, item_id, int(with_block)])

    def open_item(self, seminar_id: int, item_id: str, at: float) -> None:
        self.db.execute(
            "INSERT INTO poll_items (seminar_id, item_id, opened_at, closed_at, version) "
            "VALUES (?, ?, ?, NULL, 1) ON CONFLICT (seminar_id, item_id) DO UPDATE SET "
            "opened_at = excluded.opened_at, closed_at = NULL, version = version + 1",
            [seminar_id, item_id, at])

    def close_item(self, seminar_id: int, item_id: str, at: float) -> None:
        self.db.execute(
            "UPDATE poll_items SET closed_at = ?, version = version + 1 WHERE seminar_id = ? "
            "AND item_id = ? AND opened_at IS NOT NULL AND closed_at IS NULL",
            [at, seminar_id, item_id])

    def bump(self, seminar_id: int, item_id: str) -> None:
        """Move the item's results on a version (the row is made if the item has none)."""
        self.db.execute(
            "INSERT INTO poll_items (seminar_id, item_id, version) VALUES (?, ?, 1) "
            "ON CONFLICT (seminar_id, item_id) DO UPDATE SET version = version + 1",
            [seminar_id, item_id])

    # -- answers ---------------------------------------------------------------------------------

    def save_answer(self, seminar_id: int, item_id: str, participant_id: str,
                    group_id: int | None, value: object, at: float) -> None:
        """Store the person's answer, replacing their earlier one (a hidden answer stays
        hidden: changing it does not bring it back on the big screen)."""
        self.db.execute(
            "INSERT INTO poll_answers (seminar_id, item_id, participant_id, group_id, value, "
            "hidden, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?) "
            "ON CONFLICT (seminar_id, item_id, participant_id) DO UPDATE SET "
            "group_id = excluded.group_id, value = excluded.value, "
            "updated_at = excluded.updated_at",
            [seminar_id, item_id, participant_id, group_id,
             json.dumps(value, ensure_ascii=False), at])

    def answers(self, seminar_id: int, item_id: str) -> list[Answer]:
        return [Answer(row[0], row[1], json.loads(row[2]), bool(row[3]), row[4])
                for row in self.db.execute(
                    "SELECT id, group_id, value, hidden, updated_at FROM poll_answers "
                    "WHERE seminar_id = ? AND item_id = ? ORDER BY id", [seminar_id, item_id])]

    def answer_counts(self, seminar_id: int) -> dict[str, int]:
        """How many people answered each item (the kit editor asks before removing one)."""
        return {row[0]: row[1] for row in self.db.execute(
            "SELECT item_id, COUNT(*) FROM poll_answers WHERE seminar_id = ? GROUP BY item_id",
            [seminar_id])}

    def answers_of(self, seminar_id: int, participant_id: str) -> dict[str, object]:
        """One person's answers, by item."""
        return {row[0]: json.loads(row[1]) for row in self.db.execute(
            "SELECT item_id, value FROM poll_answers WHERE seminar_id = ? AND participant_id = ?",
            [seminar_id, participant_id])}

    def set_hidden(self, seminar_id: int, item_id: str, answer_id: int, hidden: bool) -> bool:
        """Hide an answer from the big screen (or show it again); False if there is none."""
        cursor = self.db.execute(
            "UPDATE poll_answers SET hidden = ? WHERE seminar_id = ? AND item_id = ? AND id = ?",
            [int(hidden), seminar_id, item_id, answer_id])
        return cursor.rowcount > 0

    # -- bans ------------------------------------------------------------------------------------

    def bans(self, seminar_id: int, item_id: str) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT word FROM poll_bans WHERE seminar_id = ? AND item_id = ? ORDER BY word",
            [seminar_id, item_id])]

    def ban(self, seminar_id: int, item_id: str, word: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO poll_bans (seminar_id, item_id, word) "
                        "VALUES (?, ?, ?)", [seminar_id, item_id, word])

    def unban(self, seminar_id: int, item_id: str, word: str) -> None:
        self.db.execute("DELETE FROM poll_bans WHERE seminar_id = ? AND item_id = ? AND word = ?",
                        [seminar_id, item_id, word])
