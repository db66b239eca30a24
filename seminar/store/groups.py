"""Groups, participants and role assignments: the store's SQL for them."""

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from seminar.store.rows import Row, insert_row, new_id, read_back, rows_where, update_row


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
    placed_group_id: int | None = None  # the group the facilitator (or the lock) placed them in


def _group(row: Row) -> GroupRecord:
    return GroupRecord(id=row["id"], seminar_id=row["seminar_id"], name=row["name"],
                       max_size=row["max_size"], created_at=row["created_at"],
                       created_by=row["created_by"])


def _participant(row: Row) -> ParticipantRecord:
    return ParticipantRecord(id=row["id"], seminar_id=row["seminar_id"], name=row["name"],
                             group_id=row["group_id"], created_at=row["created_at"],
                             placed_group_id=row.get("placed_group_id"))


class GroupsStore:
    """The ``groups``, ``participants``, ``role_assignments``, ``group_requests`` and
    ``role_requests`` tables."""

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
        rows = list(rows_where(self.db, "groups", "seminar_id = ? AND id = ?",
                               [seminar_id, group_id], limit=1))
        return _group(rows[0]) if rows else None

    def name_taken(self, seminar_id: int, name: str, except_id: int | None = None) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM groups WHERE seminar_id = ? AND name_key = ? AND id IS NOT ?",
            [seminar_id, name.casefold(), except_id]).fetchone()
        return row is not None

    def ids(self, seminar_id: int) -> list[int]:
        """The seminar's group ids, in the groups' order (the wall and the report number
        them so): read on every edit of a point, so only the ids."""
        return [row[0] for row in self.db.execute(
            "SELECT id FROM groups WHERE seminar_id = ? ORDER BY id", [seminar_id])]

    def all(self, seminar_id: int) -> list[GroupRecord]:
        rows = rows_where(self.db, "groups", "seminar_id = ?", [seminar_id], order_by="id")
        return [_group(row) for row in rows]

    def rename(self, group_id: int, name: str) -> None:
        self.db.table("groups").update(group_id, {"name": name, "name_key": name.casefold()})

    def set_size(self, group_id: int, max_size: int | None) -> None:
        self.db.table("groups").update(group_id, {"max_size": max_size})

    def delete(self, group_id: int) -> None:
        self.db.execute("UPDATE participants SET group_id = NULL WHERE group_id = ?", [group_id])
        self.db.execute("UPDATE participants SET placed_group_id = NULL "
                        "WHERE placed_group_id = ?", [group_id])
        for table in ("role_assignments", "role_requests", "group_requests"):
            self.db.execute(f"DELETE FROM {table} WHERE group_id = ?", [group_id])
        # What is left of its answers: "done" flags, priorities (a group with points, even
        # deleted ones, is merged instead: their history is kept).
        self.db.execute("DELETE FROM theme_points WHERE point_id IN "
                        "(SELECT id FROM points WHERE group_id = ?)", [group_id])
        self.db.execute("DELETE FROM point_versions WHERE point_id IN "
                        "(SELECT id FROM points WHERE group_id = ?)", [group_id])
        for table in ("points", "question_status", "priorities"):
            self.db.execute(f"DELETE FROM {table} WHERE group_id = ?", [group_id])
        self.db.execute("DELETE FROM groups WHERE id = ?", [group_id])

    def move_members(self, from_group: int, to_group: int) -> None:
        self.db.execute("UPDATE participants SET group_id = ? WHERE group_id = ?",
                        [to_group, from_group])
        self.db.execute("UPDATE participants SET placed_group_id = ? WHERE placed_group_id = ?",
                        [to_group, from_group])
        self.db.execute("UPDATE group_requests SET group_id = ? WHERE group_id = ?",
                        [to_group, from_group])
        self.db.execute("DELETE FROM role_requests WHERE group_id = ?", [from_group])

    def place_members_where_they_are(self, seminar_id: int) -> None:
        """Every member's placed group becomes the group they are in (when groups lock)."""
        self.db.execute("UPDATE participants SET placed_group_id = group_id "
                        "WHERE seminar_id = ? AND group_id IS NOT NULL", [seminar_id])

    # -- requests to join a locked group --------------------------------------------------------

    def save_group_request(self, participant_id: str, group_id: int, at: float) -> None:
        self.db.table("group_requests").upsert(
            {"participant_id": participant_id, "group_id": group_id, "requested_at": at},
            pk="participant_id")

    def group_request(self, participant_id: str) -> int | None:
        """The group this participant asks to join, or None."""
        row = self.db.execute("SELECT group_id FROM group_requests WHERE participant_id = ?",
                              [participant_id]).fetchone()
        return None if row is None else int(row[0])

    def group_requests(self, seminar_id: int) -> list[tuple[str, int]]:
        """Every waiting request of the seminar, oldest first: (participant, group)."""
        return [(row[0], row[1]) for row in self.db.execute(
            "SELECT r.participant_id, r.group_id FROM group_requests r "
            "JOIN groups g ON g.id = r.group_id WHERE g.seminar_id = ? "
            "ORDER BY r.requested_at, r.rowid", [seminar_id])]

    def delete_group_request(self, participant_id: str) -> None:
        self.db.execute("DELETE FROM group_requests WHERE participant_id = ?", [participant_id])

    def delete_group_requests(self, seminar_id: int) -> None:
        self.db.execute("DELETE FROM group_requests WHERE group_id IN "
                        "(SELECT id FROM groups WHERE seminar_id = ?)", [seminar_id])

    # -- requests for a role someone holds ------------------------------------------------------

    def save_role_request(self, group_id: int, role_id: str, requester_id: str,
                          holder_id: str, at: float) -> None:
        self.db.table("role_requests").upsert(
            {"group_id": group_id, "role_id": role_id, "requester_id": requester_id,
             "holder_id": holder_id, "requested_at": at},
            pk=("group_id", "role_id", "requester_id"))

    def role_request(self, group_id: int, role_id: str, requester_id: str) -> str | None:
        """The holder asked by this request, or None if there is no such request."""
        row = self.db.execute("SELECT holder_id FROM role_requests WHERE group_id = ? AND "
                              "role_id = ? AND requester_id = ?",
                              [group_id, role_id, requester_id]).fetchone()
        return None if row is None else str(row[0])

    def role_requests(self, seminar_id: int) -> dict[int, list[tuple[str, str, str]]]:
        """Every waiting role request, by group, oldest first: (role, requester, holder)."""
        requests: dict[int, list[tuple[str, str, str]]] = {}
        for group_id, role_id, requester, holder in self.db.execute(
                "SELECT r.group_id, r.role_id, r.requester_id, r.holder_id FROM role_requests r "
                "JOIN groups g ON g.id = r.group_id WHERE g.seminar_id = ? "
                "ORDER BY r.requested_at, r.rowid", [seminar_id]):
            requests.setdefault(group_id, []).append((role_id, requester, holder))
        return requests

    def delete_role_requests(self, group_id: int, role_id: str,
                             requester_id: str | None = None) -> None:
        """Forget the requests for a role (one requester's, or everyone's)."""
        if requester_id is None:
            self.db.execute("DELETE FROM role_requests WHERE group_id = ? AND role_id = ?",
                            [group_id, role_id])
        else:
            self.db.execute("DELETE FROM role_requests WHERE group_id = ? AND role_id = ? AND "
                            "requester_id = ?", [group_id, role_id, requester_id])

    # -- participants ---------------------------------------------------------------------------

    def insert_participant(self, participant_id: str, seminar_id: int, name: str,
                           created_at: float) -> ParticipantRecord:
        insert_row(self.db, "participants", {
            "id": participant_id, "seminar_id": seminar_id, "name": name,
            "group_id": None, "created_at": created_at})
        return read_back(self.participant(seminar_id, participant_id), "participants")

    def participant(self, seminar_id: int, participant_id: str) -> ParticipantRecord | None:
        rows = list(rows_where(self.db, "participants", "seminar_id = ? AND id = ?",
                               [seminar_id, participant_id], limit=1))
        return _participant(rows[0]) if rows else None

    def participant_id_taken(self, participant_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM participants WHERE id = ?",
                               [participant_id]).fetchone() is not None

    def participants(self, seminar_id: int) -> list[ParticipantRecord]:
        rows = rows_where(self.db, "participants", "seminar_id = ?",
                          [seminar_id], order_by="created_at, rowid")
        return [_participant(row) for row in rows]

    def members(self, seminar_id: int, group_id: int) -> list[ParticipantRecord]:
        """The group's members, in the order they came (as ``participants`` has them)."""
        return [_participant(row) for row in rows_where(
            self.db, "participants", "seminar_id = ? AND group_id = ?", [seminar_id, group_id],
            order_by="created_at, rowid")]

    def group_sizes(self, seminar_id: int) -> dict[int | None, int]:
        """How many participants each group has (``None``: without a group)."""
        return {group: count for group, count in self.db.execute(
            "SELECT group_id, count(*) FROM participants WHERE seminar_id = ? "
            "GROUP BY group_id", [seminar_id])}

    def count_participants(self, seminar_id: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM participants WHERE seminar_id = ?",
                                   [seminar_id]).fetchone()[0])

    # The participants' index begins with the seminar: naming it makes these read the group's
    # members only, not every participant of every seminar (each answer edit reads them).
    _MEMBERS = ("FROM participants WHERE seminar_id = (SELECT seminar_id FROM groups "
                "WHERE id = ?1) AND group_id = ?1")

    def member_ids(self, group_id: int) -> list[str]:
        return [row[0] for row in self.db.execute(
            f"SELECT id {self._MEMBERS} ORDER BY created_at, rowid", [group_id])]

    def count_members(self, group_id: int) -> int:
        return int(self.db.execute(f"SELECT count(*) {self._MEMBERS}",
                                   [group_id]).fetchone()[0])

    def update_participant(self, participant_id: str, **values: Any) -> None:
        update_row(self.db, "participants", participant_id, values)

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
