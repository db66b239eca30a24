"""What each screen sees of a seminar's groups, built from one consistent read of the store.

Three views, so that no phone receives the whole seminar's member list on every change:

- the **public** view (phones and facilitators): the groups with their sizes and whether they
  are full;
- the **projector** view (the big screens, public to anyone with the code): the public view with
  each group's number, and without the groups' names when the seminar is anonymous;
- the **member** view (one phone): this person and their own group, with its members, who is
  connected right now, who holds which role (and who asks whom for one: ``requests``), and
  whether this person writes the group's points (``may_write``: the phone is told, it does
  not work the rule out itself); while groups are locked, the group this person was
  ``placed`` in and the one they ``asked`` to join;
- the **facilitator** view: every group in full, and the people without a group.

``online`` is the set of participant ids that have a screen connected right now; the web layer
keeps it, since only the web layer knows about connections.
"""

from dataclasses import dataclass

from seminar.domain.answers import may_write
from seminar.domain.roles import waiting_requests
from seminar.services.seminars import Seminar, current_record
from seminar.store import GroupRecord, ParticipantRecord, Store


@dataclass(frozen=True)
class GroupsSnapshot:
    code: str
    allow_participant_groups: bool
    max_group_size: int | None
    all_members_write: bool
    version: int  # grows with every change of groups, members, roles or settings
    groups: tuple[GroupRecord, ...]
    members: dict[int | None, tuple[ParticipantRecord, ...]]
    roles: dict[int, dict[str, str]]  # group id → role id → participant id (members only)
    writing_roles: frozenset[str] = frozenset()  # the kit's roles that write (the scribe)
    anonymous: bool = False  # the big screen shows no group names
    locked: bool = False  # membership is locked: phones join their placed group, or ask
    join_requests: tuple[tuple[str, int], ...] = ()  # (participant, group), oldest first
    role_requests: dict[int, list[tuple[str, str, str]]] | None = None  # group → waiting

    def limit(self, group: GroupRecord) -> int | None:
        return group.max_size or self.max_group_size

    def participants(self) -> list[ParticipantRecord]:
        return [person for people in self.members.values() for person in people]


def snapshot(store: Store, seminar: Seminar) -> GroupsSnapshot:
    with store.read():
        record = current_record(store, seminar)
        groups = tuple(store.groups.all(seminar.record.id))
        members: dict[int | None, list[ParticipantRecord]] = {}
        for participant in store.groups.participants(seminar.record.id):
            members.setdefault(participant.group_id, []).append(participant)
        stored_roles = store.groups.current_roles(seminar.record.id)
        join_requests = tuple(store.groups.group_requests(seminar.record.id))
        stored_requests = store.groups.role_requests(seminar.record.id)
    roles, role_requests = {}, {}
    for group in groups:
        present = {member.id for member in members.get(group.id, [])}
        roles[group.id] = {role: holder for role, holder in stored_roles.get(group.id, {}).items()
                           if holder in present}
        role_requests[group.id] = waiting_requests(stored_requests.get(group.id, []),
                                                   roles[group.id], present)
    return GroupsSnapshot(
        code=seminar.code, allow_participant_groups=record.allow_participant_groups,
        max_group_size=record.max_group_size, all_members_write=record.all_members_write,
        version=record.groups_version,
        groups=groups,
        members={group: tuple(people) for group, people in members.items()}, roles=roles,
        writing_roles=seminar.kit.writing_roles(), anonymous=record.anonymous_wall,
        locked=record.groups_locked, join_requests=join_requests, role_requests=role_requests)


def public_view(snap: GroupsSnapshot, online: set[str]) -> dict:
    groups = []
    for group in snap.groups:
        size, limit = len(snap.members.get(group.id, ())), snap.limit(group)
        groups.append({"id": group.id, "name": group.name, "size": size, "limit": limit,
                       "full": limit is not None and size >= limit})
    people = snap.participants()
    return {"version": snap.version, "code": snap.code,
            "allow_participant_groups": snap.allow_participant_groups,
            "max_group_size": snap.max_group_size, "all_members_write": snap.all_members_write,
            "locked": snap.locked, "groups": groups,
            "joined": len(people), "online": sum(person.id in online for person in people),
            "without_group": len(snap.members.get(None, ()))}


def projector_view(snap: GroupsSnapshot, online: set[str]) -> dict:
    """The big screen's view: the public view, each group with its ``number`` (from 1, in the
    groups' order), and every ``name`` None in an anonymous seminar."""
    view = public_view(snap, online)
    view["groups"] = [{**group, "number": number, "name": None if snap.anonymous
                       else group["name"]}
                      for number, group in enumerate(view["groups"], start=1)]
    return view


def _person(person: ParticipantRecord, online: set[str]) -> dict:
    return {"id": person.id, "name": person.name, "online": person.id in online}


def _group(snap: GroupsSnapshot, group: GroupRecord, online: set[str]) -> dict:
    members = snap.members.get(group.id, ())
    return {"id": group.id, "name": group.name, "max_size": group.max_size,
            "limit": snap.limit(group), "members": [_person(m, online) for m in members],
            "roles": snap.roles.get(group.id, {}),
            "requests": [{"role": role, "from": requester, "to": holder} for role, requester, holder
                         in (snap.role_requests or {}).get(group.id, [])]}


def _own(snap: GroupsSnapshot, person: ParticipantRecord, group: dict | None) -> dict:
    """What a member view says of the person: who they are, whether they write, the group
    they were placed in and the group they asked to join (while groups are locked)."""
    asked = next((g for pid, g in snap.join_requests if pid == person.id), None)
    return {"version": snap.version, "me": {"id": person.id, "name": person.name},
            "group": group, "may_write": _writes(snap, person, group),
            "placed": person.placed_group_id if snap.locked else None,
            "asked": asked if snap.locked else None}


def _writes(snap: GroupsSnapshot, person: ParticipantRecord, group: dict | None) -> bool:
    return group is not None and may_write(person.id, group["roles"], snap.writing_roles,
                                           snap.all_members_write)


def nobody_view(snap: GroupsSnapshot) -> dict:
    """The member view of a phone that is not (or no longer) a participant."""
    return {"version": snap.version, "me": None, "group": None, "may_write": False,
            "placed": None, "asked": None}


def member_view(snap: GroupsSnapshot, participant_id: str, online: set[str]) -> dict:
    """One phone's view: ``me``, ``group`` (None before the phone has chosen a group) and
    ``may_write`` (whether this person writes the group's points; the others suggest)."""
    for group_id, people in snap.members.items():
        for person in people:
            if person.id == participant_id:
                found = next((g for g in snap.groups if g.id == group_id), None)
                return _own(snap, person, _group(snap, found, online) if found else None)
    return nobody_view(snap)


def member_views(snap: GroupsSnapshot, online: set[str]) -> dict[str, dict]:
    """Every participant's member view, each group's part built once."""
    groups = {group.id: _group(snap, group, online) for group in snap.groups}
    views = {}
    for group_id, people in snap.members.items():
        group = groups.get(group_id) if group_id is not None else None
        for person in people:
            views[person.id] = _own(snap, person, group)
    return views


def facilitator_view(snap: GroupsSnapshot, online: set[str]) -> dict:
    """Every group in full, the people who have not chosen a group yet, and the requests to
    join a locked group (``requests``: ``{person, group}``, oldest first)."""
    people = {person.id: person for person in snap.participants()}
    return {"version": snap.version, "summary": public_view(snap, online),
            "groups": [_group(snap, group, online) for group in snap.groups],
            "without_group": [_person(p, online) for p in snap.members.get(None, ())],
            "requests": [{"person": _person(people[pid], online), "group": group}
                         for pid, group in snap.join_requests
                         if snap.locked and pid in people]}
