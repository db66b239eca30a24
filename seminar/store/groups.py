"""Groups, participants and role assignments: the store's SQL for them."""

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from seminar.store.rows import Row, new_id, read_back


@dataclass(frozen=True)
class GroupRecord:
    id: int
    seminar_id: int
    name: str
    max_size: int | None
    created_at: float
    created_by: str


@dataclass(frozen=True)
class ParticipantRecord:
    id: str
    seminar_id: int
    name: str
    group_id: int | None
    created_at: float


def _group(row: Row) -> GroupRecord:
    return GroupRecord(id=row["id"], seminar_id=row["seminar_id"], name=row["name"],
                       max_size=row["max_size"], created_at=row["created_at"],
                       created_by=row["created_by"])


def _participant(row: Row) -> ParticipantRecord:
    return ParticipantRecord(id=row["id"], seminar_id=row["seminar_id"], name=row["name"],
                             group_id=row["group_id"], created_at=row["created_at"])


class GroupsStore:
    """The ``groups``, ``participants`` and ``role_assignments`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- groups ---------------------------------------------------------------------------------

    def insert(self, seminar_id: int, name: str, max_size: int | None, created_at: float,
               created_by: str) -> GroupRecord:
        table = self.db.table("groups")
        table.insert({"seminar_id": seminar_id, "name": name, "name_key": name.casefold(),
                      "max_size": max_size, "created_at": created_at,
                      "created_by": created_by})
        return read_back(self.get(seminar_id, new_id(table)), "groups")

    def get(self, seminar_id: int, group_id: int) -> GroupRecord | None:
        rows = list(self.db.table("groups").rows_where(
            "seminar_id = ? AND id = ?", [seminar_id, group_id], limit=1))
        return _group(rows[0]) if rows else None

    def name_taken(self, seminar_id: int, name: str, except_id: int | None = None) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM groups WHERE seminar_id = ? AND name_key = ? AND id IS NOT ?",
            [seminar_id, name.casefold(), except_id]).fetchone()
        return row is not None

    def all(self, seminar_id: int) -> list[GroupRecord]:
        rows = self.db.table("groups").rows_where("seminar_id = ?", [seminar_id], order_by="id")
        return [_group(row) for row in rows]

    def rename(self, group_id: int, name: str) -> None:
        self.db.table("groups").update(group_id, {"name": name, "name_key": name.casefold()})

    def set_size(self, group_id: int, max_size: int | None) -> None:
        self.db.table("groups").update(group_id, {"max_size": max_size})

    def delete(self, group_id: int) -> None:
        self.db.execute("UPDATE participants SET group_id = NULL WHERE group_id = ?", [group_id])
        self.db.execute("DELETE FROM role_assignments WHERE group_id = ?", [group_id])
        # What is left of its answers: deleted points, "done" flags, priorities.
        self.db.execute("DELETE FROM theme_points WHERE point_id IN "
                        "(SELECT id FROM points WHERE group_id = ?)", [group_id])
        for table in ("points", "question_status", "priorities"):
            self.db.execute(f"DELETE FROM {table} WHERE group_id = ?", [group_id])
        self.db.execute("DELETE FROM groups WHERE id = ?", [group_id])

    def move_members(self, from_group: int, to_group: int) -> None:
        self.db.execute("UPDATE participants SET group_id = ? WHERE group_id = ?",
                        [to_group, from_group])

    # -- participants ---------------------------------------------------------------------------

    def insert_participant(self, participant_id: str, seminar_id: int, name: str,
                           created_at: float) -> ParticipantRecord:
        self.db.table("participants").insert({
            "id": participant_id, "seminar_id": seminar_id, "name": name,
            "group_id": None, "created_at": created_at})
        return read_back(self.participant(seminar_id, participant_id), "participants")

    def participant(self, seminar_id: int, participant_id: str) -> ParticipantRecord | None:
        rows = list(self.db.table("participants").rows_where(
            "seminar_id = ? AND id = ?", [seminar_id, participant_id], limit=1))
        return _participant(rows[0]) if rows else None

    def participant_id_taken(self, participant_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM participants WHERE id = ?",
                               [participant_id]).fetchone() is not None

    def participants(self, seminar_id: int) -> list[ParticipantRecord]:
        rows = self.db.table("participants").rows_where(
            "seminar_id = ?", [seminar_id], order_by="created_at, rowid")
        return [_participant(row) for row in rows]

    def count_participants(self, seminar_id: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM participants WHERE seminar_id = ?",
                                   [seminar_id]).fetchone()[0])

    def member_ids(self, group_id: int) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT id FROM participants WHERE group_id = ? ORDER BY created_at, rowid",
            [group_id])]

    def count_members(self, group_id: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM participants WHERE group_id = ?",
                                   [group_id]).fetchone()[0])

    def update_participant(self, participant_id: str, **values: Any) -> None:
        self.db.table("participants").update(participant_id, values)

    # -- roles ----------------------------------------------------------------------------------

    def current_roles(self, seminar_id: int) -> dict[int, dict[str, str]]:
        """The latest round of every group of a seminar: group id → role id → participant."""
        roles: dict[int, dict[str, str]] = {}
        for group_id, role_id, participant_id in self.db.execute(
                "SELECT a.group_id, a.role_id, a.participant_id FROM role_assignments a "
                "JOIN groups g ON g.id = a.group_id WHERE g.seminar_id = ? AND a.round = "
                "(SELECT max(round) FROM role_assignments WHERE group_id = a.group_id)",
                [seminar_id]):
            roles.setdefault(group_id, {})[role_id] = participant_id
        return roles

    def role_rounds(self, group_id: int) -> list[dict[str, str]]:
        """Every round of role assignments of a group, oldest first: role id → participant."""
        rounds: dict[int, dict[str, str]] = {}
        for row in self.db.execute(
                "SELECT round, role_id, participant_id FROM role_assignments WHERE group_id = ? "
                "ORDER BY round, role_id", [group_id]):
            rounds.setdefault(row[0], {})[row[1]] = row[2]
        return [rounds[number] for number in sorted(rounds)]

    def save_role_round(self, group_id: int, round_number: int, assignment: dict[str, str],
                        assigned_at: float, source: str) -> None:
        self.db.execute("DELETE FROM role_assignments WHERE group_id = ? AND round = ?",
                        [group_id, round_number])
        self.db.table("role_assignments").insert_all(
            {"group_id": group_id, "round": round_number, "role_id": role_id,
             "participant_id": participant_id, "assigned_at": assigned_at, "source": source}
            for role_id, participant_id in assignment.items())
