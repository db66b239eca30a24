"""The vote across groups: the store's SQL for each vote (its frozen items, open/closed, the
version of its results) and the persons' votes."""

import json
from dataclasses import dataclass

from sqlite_utils import Database

from seminar.domain.votes import VoteItem


@dataclass(frozen=True)
class VoteRecord:
    """A question's vote: its items as frozen when it first opened."""

    question_id: str
    items: tuple[VoteItem, ...]
    opened_at: float
    closed_at: float | None
    version: int

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Ballot:
    """One vote of one person for one item."""

    participant_id: str
    item_key: str
    cast_at: float


_COLUMNS = "question_id, items, opened_at, closed_at, version"


def _record(row) -> VoteRecord:
    return VoteRecord(row[0], tuple(VoteItem.from_json(entry) for entry in json.loads(row[1])),
                      row[2], row[3], row[4])


class VotesStore:
    """The ``votes`` and ``vote_ballots`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self, seminar_id: int) -> list[VoteRecord]:
        """Every vote that was opened, in the order they first opened."""
        return [_record(row) for row in self.db.execute(
            f"SELECT {_COLUMNS} FROM votes WHERE seminar_id = ? ORDER BY opened_at, question_id",
            [seminar_id])]

    def get(self, seminar_id: int, question_id: str) -> VoteRecord | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM votes WHERE seminar_id = ? "
                              "AND question_id = ?", [seminar_id, question_id]).fetchone()
        return _record(row) if row else None

    def open(self, seminar_id: int, question_id: str, items: tuple[VoteItem, ...] | None,
             at: float) -> None:
        """Open the vote with ``items`` frozen; ``items`` None reopens it with the items and
        votes it had."""
        if items is None:
            self.db.execute("UPDATE votes SET closed_at = NULL, version = version + 1 "
                            "WHERE seminar_id = ? AND question_id = ?", [seminar_id, question_id])
            return
        self.db.execute(
            "INSERT INTO votes (seminar_id, question_id, items, opened_at, closed_at, version) "
            "VALUES (?, ?, ?, ?, NULL, 1)",
            [seminar_id, question_id,
             json.dumps([entry.as_json() for entry in items], ensure_ascii=False), at])

    def close(self, seminar_id: int, question_id: str, at: float) -> None:
        self.db.execute("UPDATE votes SET closed_at = ?, version = version + 1 "
                        "WHERE seminar_id = ? AND question_id = ? AND closed_at IS NULL",
                        [at, seminar_id, question_id])

    def bump(self, seminar_id: int, question_id: str) -> None:
        self.db.execute("UPDATE votes SET version = version + 1 WHERE seminar_id = ? "
                        "AND question_id = ?", [seminar_id, question_id])

    def ballots(self, seminar_id: int, question_id: str) -> list[Ballot]:
        return [Ballot(*row) for row in self.db.execute(
            "SELECT participant_id, item_key, cast_at FROM vote_ballots WHERE seminar_id = ? "
            "AND question_id = ? ORDER BY cast_at, participant_id, item_key",
            [seminar_id, question_id])]

    def mine(self, seminar_id: int, participant_id: str) -> dict[str, list[str]]:
        """One person's votes: the item keys, by question."""
        found: dict[str, list[str]] = {}
        for question_id, key in self.db.execute(
                "SELECT question_id, item_key FROM vote_ballots WHERE seminar_id = ? "
                "AND participant_id = ? ORDER BY cast_at, item_key",
                [seminar_id, participant_id]):
            found.setdefault(question_id, []).append(key)
        return found

    def give(self, seminar_id: int, question_id: str, participant_id: str, key: str,
             at: float) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO vote_ballots (seminar_id, question_id, participant_id, "
            "item_key, cast_at) VALUES (?, ?, ?, ?, ?)",
            [seminar_id, question_id, participant_id, key, at])

    def take_back(self, seminar_id: int, question_id: str, participant_id: str, key: str
                  ) -> None:
        self.db.execute(
            "DELETE FROM vote_ballots WHERE seminar_id = ? AND question_id = ? "
            "AND participant_id = ? AND item_key = ?",
            [seminar_id, question_id, participant_id, key])

    # -- the archive ------------------------------------------------------------------------------

    def restore(self, seminar_id: int, question_id: str, items: tuple[VoteItem, ...],
                opened_at: float, closed_at: float | None, ballots: list[Ballot]) -> None:
        """Put back a vote read from an archive (participants are restored first)."""
        self.db.execute(
            "INSERT INTO votes (seminar_id, question_id, items, opened_at, closed_at, version) "
            "VALUES (?, ?, ?, ?, ?, 1)",
            [seminar_id, question_id,
             json.dumps([entry.as_json() for entry in items], ensure_ascii=False), opened_at,
             closed_at])
        for ballot in ballots:
            self.give(seminar_id, question_id, ballot.participant_id, ballot.item_key,
                      ballot.cast_at)
