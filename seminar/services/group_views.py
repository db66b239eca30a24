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

from dataclasses import dataclass, field

from seminar.domain.answers import may_write
from seminar.domain.roles import waiting_requests
from seminar.services.seminars import Seminar, current_record
from seminar.store import GroupRecord, ParticipantRecord, SeminarRecord, Store


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
    source: tuple = ()  # what it was built from (``_source``)
    # A snapshot for one phone (``snapshot(..., phone=...)``) holds the members of that phone's
    # group only, and every group's size counted by the store: enough for the public view and
    # that phone's member view, and no other.
    sizes: dict[int | None, int] | None = None
    # Looked up by id rather than scanned, so that one phone's view costs the same with 20
    # people as with 2,000 (built once per snapshot).
    people_by_id: dict[str, ParticipantRecord] = field(init=False, repr=False, compare=False)
    groups_by_id: dict[int, GroupRecord] = field(init=False, repr=False, compare=False)
    asked_by_id: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        asked: dict[str, int] = {}
        for participant, group in self.join_requests:
            asked.setdefault(participant, group)
        object.__setattr__(self, "people_by_id",
                           {person.id: person for person in self.participants()})
        object.__setattr__(self, "groups_by_id", {group.id: group for group in self.groups})
        object.__setattr__(self, "asked_by_id", asked)

    def limit(self, group: GroupRecord) -> int | None:
        return group.max_size or self.max_group_size

    def size(self, group_id: int | None) -> int:
        """How many are in the group (``None``: without a group)."""
        if self.sizes is not None:
            return self.sizes.get(group_id, 0)
        return len(self.members.get(group_id, ()))

    def joined(self) -> int:
        return sum(self.sizes.values()) if self.sizes is not None else len(self.people_by_id)

    def participants(self) -> list[ParticipantRecord]:
        return [person for people in self.members.values() for person in people]


class SnapshotCache:
    """Each seminar's latest snapshot, used again while the stored seminar says it is current.

    A thousand phones joining within seconds each ask for their view, and each view was built
    from the whole seminar read again (every participant, role and request). The groups'
    version moves on in the same transaction as every change of them (``groups_version``), so
    one read of the seminar's row tells whether a kept snapshot is still what the store holds:
    the same is true of a change made by another process on the same database file. The groups'
    own rows (names, sizes) are kept apart, while ``groups_layout`` holds: while a hall joins,
    the version moves with every phone, and reading a hundred groups' rows again for each
    phone's answer was a fifth of the server's CPU (benchmarks/bursts.py).
    """

    def __init__(self) -> None:
        self._kept: dict[str, GroupsSnapshot] = {}
        self._groups: dict[str, tuple[tuple[int, int], tuple[GroupRecord, ...]]] = {}

    def snapshot(self, store: Store, seminar: Seminar, *, phone: str | None = None
                 ) -> GroupsSnapshot:
        """The current snapshot: the kept one if it still is, else read (and kept). With
        ``phone``, a snapshot fit for that phone's views is enough: when the kept one is not
        current (the phone's own action just changed the groups), only the phone's group is
        read, so that a thousand phones choosing their groups do not each read everyone."""
        with store.read():
            record = current_record(store, seminar)
            kept = self._kept.get(seminar.code)
            if kept is not None and kept.source == _source(seminar, record):
                return kept
            layout = (record.id, record.groups_layout)
            groups = self._groups.get(seminar.code)
            snap = _read(store, seminar, record, phone=phone,
                         groups=groups[1] if groups is not None and groups[0] == layout
                         else None)
        self._groups[seminar.code] = (layout, snap.groups)
        if phone is None:
            self._kept[seminar.code] = snap
        return snap

    def forget(self, code: str) -> None:
        self._kept.pop(code, None)
        self._groups.pop(code, None)

    def remembered(self) -> set[str]:
        return {*self._kept, *self._groups}


def _source(seminar: Seminar, record: SeminarRecord) -> tuple:
    """What a snapshot is built from besides the groups' own rows: the stored seminar (its
    id: a seminar made under the code of a deleted one is another), the groups' version and
    settings, and the kit the caller's seminar has (its writing roles)."""
    return (record.id, record.groups_version, record.allow_participant_groups,
            record.max_group_size, record.all_members_write, record.anonymous_wall,
            record.groups_locked, record.kit_version, seminar.record.kit_version)


def snapshot(store: Store, seminar: Seminar) -> GroupsSnapshot:
    """The seminar's groups as stored now, read afresh."""
    with store.read():
        return _read(store, seminar, current_record(store, seminar))


def _read(store: Store, seminar: Seminar, record: SeminarRecord, *,
          phone: str | None = None, groups: tuple[GroupRecord, ...] | None = None
          ) -> GroupsSnapshot:
    """Inside the caller's read: the snapshot of ``seminar`` whose row is ``record`` (with
    ``phone``: the members of that phone's group only, and every group's size; with
    ``groups``: those rows, read while the seminar's ``groups_layout`` was what it is now)."""
    sizes = None
    with store.read():
        if groups is None:
            groups = tuple(store.groups.all(seminar.record.id))
        members: dict[int | None, list[ParticipantRecord]] = {}
        if phone is None:
            people = store.groups.participants(seminar.record.id)
        else:
            sizes = store.groups.group_sizes(seminar.record.id)
            me = store.groups.participant(seminar.record.id, phone)
            people = ([] if me is None else [me] if me.group_id is None
                      else store.groups.members(seminar.record.id, me.group_id))
        for participant in people:
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
        locked=record.groups_locked, join_requests=join_requests, role_requests=role_requests,
        source=_source(seminar, record), sizes=sizes)


def public_view(snap: GroupsSnapshot) -> dict:
    """The phones' view: made of the stored groups alone (not of who is connected: the phones
    do not show it, and so a phone coming back changes nothing of it for the others)."""
    groups = []
    for group in snap.groups:
        size, limit = snap.size(group.id), snap.limit(group)
        groups.append({"id": group.id, "name": group.name, "size": size, "limit": limit,
                       "full": limit is not None and size >= limit})
    return {"version": snap.version, "code": snap.code,
            "allow_participant_groups": snap.allow_participant_groups,
            "max_group_size": snap.max_group_size, "all_members_write": snap.all_members_write,
            "locked": snap.locked, "groups": groups, "joined": snap.joined(),
            "without_group": snap.size(None)}


def projector_view(snap: GroupsSnapshot) -> dict:
    """The big screen's view: the public view, each group with its ``number`` (from 1, in the
    groups' order), and every ``name`` None in an anonymous seminar."""
    view = public_view(snap)
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
    asked = snap.asked_by_id.get(person.id)
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
    person = snap.people_by_id.get(participant_id)
    if person is None:
        return nobody_view(snap)
    found = snap.groups_by_id.get(person.group_id) if person.group_id is not None else None
    return _own(snap, person, _group(snap, found, online) if found else None)


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
    people = snap.people_by_id
    summary = {**public_view(snap), "online": sum(pid in online for pid in snap.people_by_id)}
    return {"version": snap.version, "summary": summary,
            "groups": [_group(snap, group, online) for group in snap.groups],
            "without_group": [_person(p, online) for p in snap.members.get(None, ())],
            "requests": [{"person": _person(people[pid], online), "group": group}
                         for pid, group in snap.join_requests
                         if snap.locked and pid in people]}
