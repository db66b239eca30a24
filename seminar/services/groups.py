"""Participants, groups and roles: joining, forming groups, and handing out the group roles.

Every function takes the acting person as an argument (a participant id, or ``FACILITATOR``
after the web layer has checked the facilitator's session), owns its transaction and returns
the events to announce. What each screen then sees is built by ``group_views``.
"""

import random
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from seminar.domain.answers import check_room_for_merge
from seminar.domain.errors import InvalidInput, InvalidTransition, NotAllowed
from seminar.domain.groups import (
    GroupFull,
    GroupNotFound,
    GroupsLocked,
    NameTaken,
    RequestGone,
    RoleHeld,
    UnknownParticipant,
    check_room_for_groups,
    check_room_for_participants,
    clean_display_name,
    clean_group_name,
    clean_max_size,
    may_join,
    parse_group_list,
)
from seminar.domain.messages import N_
from seminar.domain.roles import assign_roles, waiting_requests
from seminar.services.events import GroupsChanged, RoleAnswered, RoleRequested
from seminar.services.seminars import Seminar, current_record
from seminar.store import GroupRecord, ParticipantRecord, Store

FACILITATOR = "facilitator"


def new_participant_id() -> str:
    """A fresh, unguessable identity for a phone (kept in its signed cookie)."""
    return secrets.token_urlsafe(12)


Admit = Callable[[], None]  # asked before a new participant is stored; refuses by raising


def phone_identity(store: Store, seminar: Seminar, participant_id: object
                   ) -> tuple[str | None, bool]:
    """The identity a phone shows in ``seminar`` (``None`` if its cookie holds none, or one of
    another seminar), and whether it is a stored participant yet."""
    if not isinstance(participant_id, str) or not participant_id:
        return None, False
    with store.read():
        if store.groups.participant(seminar.record.id, participant_id) is not None:
            return participant_id, True
        if store.groups.participant_id_taken(participant_id):
            return None, False
    return participant_id, False


def enter_seminar(store: Store, seminar: Seminar, participant_id: object, now: float, *,
                  admit_new: Admit | None = None
                  ) -> tuple[ParticipantRecord, list[GroupsChanged]]:
    """The phone with identity ``participant_id`` becomes a participant (or is found, if it is
    one). The web layer calls it only through joining or creating a group, so connecting, a
    link preview or a crawler never make a stored participant; ``admit_new`` is asked before a
    new one is stored, and a seminar holds at most ``MAX_PARTICIPANTS``."""
    with store.write():
        known, new = _participant_or_new(store, seminar, participant_id, now, admit_new)
        if new:
            store.seminars.bump_groups_version(seminar.record.id)
    return known, [_changed(seminar)] if new else []


def _participant_or_new(store: Store, seminar: Seminar, participant_id: object, now: float,
                        admit_new: Admit | None) -> tuple[ParticipantRecord, bool]:
    if not isinstance(participant_id, str) or not participant_id:
        raise UnknownParticipant()
    known = store.groups.participant(seminar.record.id, participant_id)
    if known is not None:
        return known, False
    if store.groups.participant_id_taken(participant_id):  # another seminar's identity
        raise UnknownParticipant()
    check_room_for_participants(store.groups.count_participants(seminar.record.id))
    if admit_new is not None:
        admit_new()
    return store.groups.insert_participant(participant_id, seminar.record.id, "", now), True


def rename_participant(store: Store, seminar: Seminar, participant_id: object, name: object,
                       now: float) -> list[GroupsChanged]:
    """Set a participant's display name; an empty name keeps them anonymous."""
    name = clean_display_name(name)
    with _changing(store, seminar):
        participant = find_participant(store, seminar, participant_id)
        store.groups.update_participant(participant.id, name=name)
    return [_changed(seminar)]


def prepare_groups(store: Store, seminar: Seminar, text: object, now: float
                   ) -> tuple[int, list[GroupsChanged]]:
    """Facilitator: create the groups listed in ``text``; names that exist are kept."""
    names = parse_group_list(text)
    with _changing(store, seminar):
        new = [name for name in names if not store.groups.name_taken(seminar.record.id, name)]
        check_room_for_groups(len(store.groups.all(seminar.record.id)), len(new))
        for name in new:
            store.groups.insert(seminar.record.id, name, None, now, FACILITATOR)
    return len(new), [_changed(seminar)]


def create_group(store: Store, seminar: Seminar, actor: str, name: object, now: float, *,
                 display_name: object = None, admit_new: Admit | None = None
                 ) -> tuple[GroupRecord, list[GroupsChanged]]:
    """Facilitator, or a participant if the seminar allows it (who then joins the group,
    saving ``display_name`` with it when given; a phone not yet a participant becomes one, as
    in ``enter_seminar``)."""
    name = clean_group_name(name)
    own_name = None if display_name is None else clean_display_name(display_name)
    with _changing(store, seminar):
        record = current_record(store, seminar)
        if actor != FACILITATOR:
            if not record.allow_participant_groups:
                raise NotAllowed(N_("Only the facilitator can create groups in this seminar."))
            if record.groups_locked:
                raise NotAllowed(N_("The groups are locked: only the facilitator can create "
                                    "groups now."))
            participant, _ = _participant_or_new(store, seminar, actor, now, admit_new)
            if own_name is not None:
                store.groups.update_participant(participant.id, name=own_name)
        if store.groups.name_taken(seminar.record.id, name):
            raise NameTaken(name=name)
        check_room_for_groups(len(store.groups.all(seminar.record.id)))
        group = store.groups.insert(seminar.record.id, name, None, now,
                                    "facilitator" if actor == FACILITATOR else "participant")
        if actor != FACILITATOR:
            _move(store, participant, group, now)
    return group, [_changed(seminar)]


def choose_group(store: Store, seminar: Seminar, participant_id: str, group_id: object,
                 now: float, *, name: object = None, admit_new: Admit | None = None
                 ) -> list[GroupsChanged]:
    """A participant joins a group (leaving the one they were in); refused if it is full. A
    phone not yet a participant becomes one (as in ``enter_seminar``) when the choice succeeds.

    ``name``, when given, is their display name, saved in the same transaction (the phone's
    start screen sends the name together with the group, so a typed name is never lost).

    While the facilitator has locked the groups, only the group they are in or were placed in
    (``GroupsLocked`` otherwise: the phone may ask to join, ``ask_to_join``).
    """
    display_name = None if name is None else clean_display_name(name)
    with _changing(store, seminar):
        group = _group(store, seminar, group_id)
        participant, _ = _participant_or_new(store, seminar, participant_id, now, admit_new)
        record = current_record(store, seminar)
        if not may_join(group.id, locked=record.groups_locked, current=participant.group_id,
                        placed=participant.placed_group_id):
            raise GroupsLocked(name=group.name)
        if display_name is not None:
            store.groups.update_participant(participant.id, name=display_name)
        if participant.group_id != group.id:
            limit = group.max_size or record.max_group_size
            if limit is not None and store.groups.count_members(group.id) >= limit:
                raise GroupFull(name=group.name)
            _move(store, participant, group, now)
        store.groups.delete_group_request(participant.id)
    return [_changed(seminar)]


def ask_to_join(store: Store, seminar: Seminar, participant_id: str, group_id: object,
                now: float, *, name: object = None, admit_new: Admit | None = None
                ) -> list[GroupsChanged]:
    """A phone asks the facilitator to let them into a locked group (``group_id`` None: they
    withdraw their request); asking makes it a participant, as choosing does. While the groups
    are open, asking simply joins."""
    if group_id is not None and not current_record(store, seminar).groups_locked:
        return choose_group(store, seminar, participant_id, group_id, now, name=name,
                            admit_new=admit_new)
    display_name = None if name is None else clean_display_name(name)
    with _changing(store, seminar):
        participant, _ = _participant_or_new(store, seminar, participant_id, now, admit_new)
        if display_name is not None:
            store.groups.update_participant(participant.id, name=display_name)
        if group_id is None:
            store.groups.delete_group_request(participant.id)
        else:
            group = _group(store, seminar, group_id)
            if participant.group_id == group.id:
                raise InvalidTransition(N_("You are already in «%(name)s»."), name=group.name)
            store.groups.save_group_request(participant.id, group.id, now)
    return [_changed(seminar)]


def answer_join_request(store: Store, seminar: Seminar, participant_id: object,
                        accept: object, now: float) -> list[GroupsChanged]:
    """Facilitator: let a participant into the group they asked for (they are then placed in
    it), or decline (they stay where they are)."""
    if not isinstance(accept, bool):
        raise InvalidInput()
    with _changing(store, seminar):
        participant = find_participant(store, seminar, participant_id)
        group_id = store.groups.group_request(participant.id)
        if group_id is None:
            raise RequestGone()
        store.groups.delete_group_request(participant.id)
        if accept:
            _place(store, participant, _group(store, seminar, group_id), now)
    return [_changed(seminar)]


def place_participant(store: Store, seminar: Seminar, participant_id: object, group_id: object,
                      now: float) -> list[GroupsChanged]:
    """Facilitator: put a participant into a group (``None``: out of every group). It is the
    group they were placed in: while the groups are locked they may come back to it. The
    facilitator decides, so a group's size limit does not stop them."""
    with _changing(store, seminar):
        participant = find_participant(store, seminar, participant_id)
        group = None if group_id is None else _group(store, seminar, group_id)
        store.groups.delete_group_request(participant.id)
        _place(store, participant, group, now)
    return [_changed(seminar)]


def leave_group(store: Store, seminar: Seminar, participant_id: str, now: float
                ) -> list[GroupsChanged]:
    with _changing(store, seminar):
        participant = find_participant(store, seminar, participant_id)
        _move(store, participant, None, now)
    return [_changed(seminar)]


def rename_group(store: Store, seminar: Seminar, group_id: object, name: object, now: float
                 ) -> list[GroupsChanged]:
    name = clean_group_name(name)
    with _changing(store, seminar):
        group = _group(store, seminar, group_id)
        if store.groups.name_taken(seminar.record.id, name, except_id=group.id):
            raise NameTaken(name=name)
        store.groups.rename(group.id, name)
    return [_changed(seminar)]


def remove_group(store: Store, seminar: Seminar, group_id: object, now: float
                 ) -> list[GroupsChanged]:
    """Facilitator: delete a group; its members are left without a group.

    A group that has answered is never deleted with its answers, nor with the history of its
    deleted points (the facilitator may restore them for as long as the seminar exists):
    merge it instead.
    """
    with _changing(store, seminar):
        group = _group(store, seminar, group_id)
        if store.answers.count_points(group.id, deleted_too=True):
            raise InvalidTransition(N_("«%(name)s» has answers. Merge it into another group "
                                       "instead, so that nothing is lost."), name=group.name)
        store.groups.delete(group.id)
    return [_changed(seminar)]


def merge_groups(store: Store, seminar: Seminar, source_id: object, target_id: object,
                 now: float) -> list[GroupsChanged]:
    """Facilitator: move every member of ``source`` into ``target`` and remove ``source``."""
    with _changing(store, seminar):
        source, target = _group(store, seminar, source_id), _group(store, seminar, target_id)
        if source.id == target.id:
            raise InvalidInput(N_("Choose two different groups."))
        check_room_for_merge(point.question_id for group in (source, target)
                             for point in store.answers.points(group.id))
        store.groups.move_members(source.id, target.id)
        store.answers.move_points(source.id, target.id)
        store.groups.delete(source.id)
    return [_changed(seminar)]


def set_group_size(store: Store, seminar: Seminar, group_id: object, max_size: object,
                   now: float) -> list[GroupsChanged]:
    """Facilitator: this group's own size limit (None: the seminar's limit applies)."""
    size = clean_max_size(max_size)
    with _changing(store, seminar):
        store.groups.set_size(_group(store, seminar, group_id).id, size)
    return [_changed(seminar)]


def configure_groups(store: Store, seminar: Seminar, allow_participant_groups: object,
                     max_group_size: object, now: float, *, locked: object = None
                     ) -> list[GroupsChanged]:
    """Facilitator: the groups' rules; ``locked`` (None: unchanged) locks membership. Locking
    places every member in the group they are in; unlocking forgets the requests to join
    (everyone may choose again)."""
    if not isinstance(allow_participant_groups, bool) or locked not in (None, True, False):
        raise InvalidInput()
    size = clean_max_size(max_group_size)
    with _changing(store, seminar):
        store.seminars.update_group_settings(seminar.record.id,
                                             allow_participant_groups=allow_participant_groups,
                                             max_group_size=size)
        was_locked = current_record(store, seminar).groups_locked
        if locked is not None and locked != was_locked:
            store.seminars.set_groups_locked(seminar.record.id, bool(locked))
            if locked:
                store.groups.place_members_where_they_are(seminar.record.id)
            else:
                store.groups.delete_group_requests(seminar.record.id)
    return [_changed(seminar)]


def assign_roles_by_app(store: Store, seminar: Seminar, now: float, rng: random.Random,
                        group_id: object = None) -> list[GroupsChanged]:
    """Facilitator: give every group (or one) its next roles, fairly and rotating."""
    roles = seminar.kit.roles
    if not roles:
        raise InvalidTransition(N_("This seminar kit has no roles."))
    with _changing(store, seminar):
        groups = ([_group(store, seminar, group_id)] if group_id is not None
                  else store.groups.all(seminar.record.id))
        members_by_group = _members_by_group(store, seminar)
        for group in groups:
            members = [p.id for p in members_by_group.get(group.id, [])]
            if not members:
                continue
            history = store.groups.role_rounds(group.id)
            assignment = assign_roles(members, roles, history, rng)
            store.groups.save_role_round(group.id, len(history), assignment, now, "app")
    return [_changed(seminar)]


def take_role(store: Store, seminar: Seminar, actor: str, role_id: object, now: float, *,
              member_id: object = None, take_over: object = False
              ) -> list[GroupsChanged | RoleRequested]:
    """A member takes a free role in their group, or hands their own to ``member_id`` of the
    same group.

    A role another member holds is refused with ``RoleHeld`` unless ``take_over`` is true;
    then the holder is asked (``RoleRequested``) and the role moves only if they agree
    (``answer_role_request``). Every role is treated alike. The facilitator may hand any role
    to any member (``member_id`` required), without asking.
    """
    role = _role(seminar, role_id)
    if not isinstance(take_over, bool):
        raise InvalidInput()
    with _changing(store, seminar):
        if actor == FACILITATOR:
            if not isinstance(member_id, str):
                raise InvalidInput()
            holder = find_participant(store, seminar, member_id)
        else:
            me = find_participant(store, seminar, actor)
            holder = me if member_id is None else find_participant(store, seminar, member_id)
            if me.group_id is None or holder.group_id != me.group_id:
                raise NotAllowed(N_("You can only hand roles to members of your own group."))
        if holder.group_id is None:
            raise InvalidTransition(N_("Choose a group first."))
        rounds = store.groups.role_rounds(holder.group_id)
        current = dict(rounds[-1]) if rounds else {}
        previous = current.get(role)
        if (actor != FACILITATOR and previous not in (None, holder.id, actor)
                and previous in store.groups.member_ids(holder.group_id)):
            if not take_over or holder.id != actor:
                raise RoleHeld()
            store.groups.save_role_request(holder.group_id, role, holder.id, previous, now)
            return [_changed(seminar),
                    RoleRequested(seminar.code, previous, role, holder.id, holder.name)]
        current[role] = holder.id
        store.groups.save_role_round(holder.group_id, max(len(rounds) - 1, 0), current, now,
                                     "facilitator" if actor == FACILITATOR else "member")
        store.groups.delete_role_requests(holder.group_id, role)
    return [_changed(seminar)]


def answer_role_request(store: Store, seminar: Seminar, holder_id: str, role_id: object,
                        requester_id: object, accept: object, now: float
                        ) -> list[GroupsChanged | RoleAnswered]:
    """The holder of ``role_id`` answers ``requester_id``'s request for it: on yes the role
    moves to them (the other requests for it are then void), on no nothing changes; the
    requester is told either way (``RoleAnswered``)."""
    role = _role(seminar, role_id)
    if not isinstance(accept, bool):
        raise InvalidInput()
    with _changing(store, seminar):
        me = find_participant(store, seminar, holder_id)
        requester = find_participant(store, seminar, requester_id)
        if me.group_id is None:
            raise RequestGone()
        rounds = store.groups.role_rounds(me.group_id)
        current = dict(rounds[-1]) if rounds else {}
        request = (role, requester.id, me.id)
        if (store.groups.role_request(me.group_id, role, requester.id) != me.id
                or not waiting_requests([request], current,
                                        store.groups.member_ids(me.group_id))):
            raise RequestGone()
        if accept:
            current[role] = requester.id
            store.groups.save_role_round(me.group_id, max(len(rounds) - 1, 0), current, now,
                                         "consent")
            store.groups.delete_role_requests(me.group_id, role)
        else:
            store.groups.delete_role_requests(me.group_id, role, requester.id)
    return [_changed(seminar),
            RoleAnswered(seminar.code, requester.id, role, accept, me.id, me.name)]


def _role(seminar: Seminar, role_id: object) -> str:
    """The id of one of the kit's roles, or ``InvalidInput``."""
    if not isinstance(role_id, str) or role_id not in {role.id for role in seminar.kit.roles}:
        raise InvalidInput(N_("There is no such role."))
    return role_id


@contextmanager
def _changing(store: Store, seminar: Seminar) -> Iterator[None]:
    """A write transaction that also moves the seminar's groups version on, so that every
    view built from the same data carries the same version and a newer one a higher one."""
    with store.write():
        yield
        store.seminars.bump_groups_version(seminar.record.id)


def _changed(seminar: Seminar) -> GroupsChanged:
    return GroupsChanged(seminar.code)


def _members_by_group(store: Store, seminar: Seminar) -> dict[int | None, list]:
    members: dict[int | None, list] = {}
    for participant in store.groups.participants(seminar.record.id):
        members.setdefault(participant.group_id, []).append(participant)
    return members


def find_participant(store: Store, seminar: Seminar, participant_id: object
                     ) -> ParticipantRecord:
    """The seminar's participant with this id (inside the caller's transaction), or
    ``UnknownParticipant``."""
    if not isinstance(participant_id, str):
        raise UnknownParticipant()
    participant = store.groups.participant(seminar.record.id, participant_id)
    if participant is None:
        raise UnknownParticipant()
    return participant


def _group(store: Store, seminar: Seminar, group_id: object) -> GroupRecord:
    if not isinstance(group_id, int) or isinstance(group_id, bool):
        raise InvalidInput(N_("Choose a group."))
    group = store.groups.get(seminar.record.id, group_id)
    if group is None:
        raise GroupNotFound()
    return group


def _move(store: Store, participant: ParticipantRecord, group: GroupRecord | None,
          now: float) -> None:
    """Move a participant; the roles they held in their old group's current round are freed."""
    if participant.group_id is not None:
        rounds = store.groups.role_rounds(participant.group_id)
        if rounds:
            kept = {role: holder for role, holder in rounds[-1].items()
                    if holder != participant.id}
            store.groups.save_role_round(participant.group_id, len(rounds) - 1, kept, now, "left")
    store.groups.update_participant(participant.id, group_id=group.id if group else None)


def _place(store: Store, participant: ParticipantRecord, group: GroupRecord | None,
           now: float) -> None:
    """Move a participant where the facilitator puts them, and remember it as their place."""
    if participant.group_id != (group.id if group else None):
        _move(store, participant, group, now)
    store.groups.update_participant(participant.id,
                                    placed_group_id=group.id if group else None)


def participant_for_answer(store: Store, seminar: Seminar, participant_id: object, now: float,
                           admit_new: Admit | None = None
                           ) -> tuple[ParticipantRecord, list[GroupsChanged]]:
    """Inside the caller's write: the phone's participant, made one as ``enter_seminar`` does
    if it is new (for what a person answers themselves, in a group or not: the polls)."""
    participant, new = _participant_or_new(store, seminar, participant_id, now, admit_new)
    if new:
        store.seminars.bump_groups_version(seminar.record.id)
    return participant, [_changed(seminar)] if new else []
