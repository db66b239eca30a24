"""Socket.IO events for participants, groups and roles.

A participant's answer carries `groups` (the public view) and `mine` (their own group); a
facilitator's carries `groups` and `detail` (every group in full): ``reply=views``.
"""

import random
from collections.abc import Mapping
from typing import Any

from seminar.services import groups as svc
from seminar.services.events import GroupsChanged, RoleAnswered, RoleRequested
from seminar.web import payloads as p
from seminar.web.audiences import FACILITATOR, MEMBER, PARTICIPANT, PHONE, Sender
from seminar.web.context import groups_broadcaster, now, store
from seminar.web.protocol import (
    FACILITATOR_LIMITS,
    GROUP_CHANGE_LIMITS,
    NEW_PARTICIPANT,
    Outcome,
    count_now,
    event,
)

_rng = random.SystemRandom()
CHANGED = (GroupsChanged,)


def views(sender: Sender) -> Mapping[str, Any]:
    """The sender's own fresh views of the groups."""
    if sender.facilitator:
        return groups_broadcaster().views(sender.seminar, facilitator=True)
    return groups_broadcaster().views(sender.seminar, participant_id=sender.participant_id or "")


def _admit_new() -> None:
    count_now(NEW_PARTICIPANT)


@event("group:choose", p.ChooseGroup, who=PHONE, announces=CHANGED,
       limit=(*GROUP_CHANGE_LIMITS, NEW_PARTICIPANT), reply=views)
def choose(sender: Sender, payload: p.ChooseGroup) -> Outcome:
    """Join `group` (leaving the current one); refused if it is full or gone. The first choice
    makes the phone a stored participant (`seminar_full` once the seminar has 2,000).
    `display_name` is saved in the same transaction (the phone's start screen sends the name
    with the group, so a typed name is never lost; a bad name refuses the whole choice)."""
    return Outcome(svc.choose_group(store(), sender.seminar, sender.actor, payload.group, now(),
                                    name=payload.display_name, admit_new=_admit_new))


@event("group:leave", p.Seminar, who=PARTICIPANT, announces=CHANGED,
       limit=GROUP_CHANGE_LIMITS, reply=views)
def leave(sender: Sender, payload: p.Seminar) -> Outcome:
    """Leave their group."""
    return Outcome(svc.leave_group(store(), sender.seminar, sender.actor, now()))


@event("participant:rename", p.Rename, who=PARTICIPANT, announces=CHANGED,
       limit=GROUP_CHANGE_LIMITS, reply=views)
def rename_participant(sender: Sender, payload: p.Rename) -> Outcome:
    """Set their display name (empty: anonymous; at most 40 characters)."""
    return Outcome(svc.rename_participant(store(), sender.seminar, sender.actor, payload.name,
                                          now()))


@event("group:create", p.CreateGroup, who=FACILITATOR | PHONE, announces=CHANGED,
       limit=(*GROUP_CHANGE_LIMITS, NEW_PARTICIPANT, *FACILITATOR_LIMITS), reply=views)
def create(sender: Sender, payload: p.CreateGroup) -> Outcome:
    """Create group `name`. A phone may when the seminar allows it, and joins it (becoming a
    participant as in `group:choose`), with `display_name` saved as in `group:choose`."""
    _, events = svc.create_group(store(), sender.seminar, sender.actor, payload.name, now(),
                                 display_name=payload.display_name, admit_new=_admit_new)
    return Outcome(events)


@event("role:take", p.TakeRole, who=FACILITATOR | PARTICIPANT,
       announces=(GroupsChanged, RoleRequested),
       limit=(*GROUP_CHANGE_LIMITS, *FACILITATOR_LIMITS), reply=views)
def take_role(sender: Sender, payload: p.TakeRole) -> Outcome:
    """A member takes a free `role` (or hands their own to `member` of their own group). A
    role another member holds is refused with `role_held` unless `take_over` is true (the
    phone asks first); then it is not taken but asked for: the request shows in the group's
    `requests` (`group:mine`), the holder's screens get `role:request`, and the role moves only
    when the holder says yes (`role:answer`). Every role is treated alike (the scribe's, who
    writes, and the others). The facilitator hands `role` to any `member` (e.g. when the
    scribe's phone is gone), without asking."""
    return Outcome(svc.take_role(store(), sender.seminar, sender.actor, payload.role, now(),
                                 member_id=payload.member, take_over=payload.take_over))


@event("role:answer", p.AnswerRoleRequest, who=MEMBER,
       announces=(GroupsChanged, RoleAnswered), limit=GROUP_CHANGE_LIMITS, reply=views)
def answer_role(sender: Sender, payload: p.AnswerRoleRequest) -> Outcome:
    """The holder of `role` answers `requester`'s request for it: `accept` true hands the role
    over, false keeps it; the requester's screens get `role:answered`. A request that no longer
    waits (the role moved, someone left) is refused with `request_gone`."""
    return Outcome(svc.answer_role_request(store(), sender.seminar, sender.actor, payload.role,
                                           payload.requester, payload.accept, now()))


@event("groups:prepare", p.PrepareGroups, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def prepare(sender: Sender, payload: p.PrepareGroups) -> Outcome:
    """Create groups from `text` (one name per line, CSV, or `Bord 1-12`); names that exist are
    kept. The answer also has `created`."""
    created, events = svc.prepare_groups(store(), sender.seminar, payload.text, now())
    return Outcome(events, {"created": created})


@event("groups:configure", p.ConfigureGroups, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def configure(sender: Sender, payload: p.ConfigureGroups) -> Outcome:
    """Whether participants may create groups, the groups' size limit (`null`: none), and
    whether membership is `locked` (`null` or absent: unchanged). While locked, a phone joins
    only the group it is in or was placed in (locking places every member where they are) and
    may ask for another (`group:ask`); unlocking lets everyone choose again and forgets the
    requests."""
    return Outcome(svc.configure_groups(store(), sender.seminar,
                                        payload.allow_participant_groups,
                                        payload.max_group_size, now(), locked=payload.locked))


@event("group:ask", p.AskToJoin, who=PHONE, announces=CHANGED,
       limit=(*GROUP_CHANGE_LIMITS, NEW_PARTICIPANT), reply=views)
def ask(sender: Sender, payload: p.AskToJoin) -> Outcome:
    """Ask the facilitator to be let into locked `group` (`null`: withdraw the request), with
    `display_name` saved as in `group:choose`. The request shows in the facilitator's
    `groups:detail` (`requests`) and the phone's `group:mine` (`asked`). While groups are open,
    asking simply joins."""
    return Outcome(svc.ask_to_join(store(), sender.seminar, sender.actor, payload.group, now(),
                                   name=payload.display_name, admit_new=_admit_new))


@event("group:admit", p.AnswerJoinRequest, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def admit_to_group(sender: Sender, payload: p.AnswerJoinRequest) -> Outcome:
    """Answer `participant`'s request to join a group: `accept` true places them in it, false
    leaves them where they are. A request no longer waiting: `request_gone`."""
    return Outcome(svc.answer_join_request(store(), sender.seminar, payload.participant,
                                           payload.accept, now()))


@event("participant:place", p.PlaceParticipant, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def place(sender: Sender, payload: p.PlaceParticipant) -> Outcome:
    """Put `participant` into `group` (`null`: out of every group), whatever its size limit.
    It becomes the group they were placed in: while groups are locked they may return to it."""
    return Outcome(svc.place_participant(store(), sender.seminar, payload.participant,
                                         payload.group, now()))


@event("group:rename", p.RenameGroup, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def rename_group(sender: Sender, payload: p.RenameGroup) -> Outcome:
    """Rename `group`."""
    return Outcome(svc.rename_group(store(), sender.seminar, payload.group, payload.name, now()))


@event("group:remove", p.Group, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def remove_group(sender: Sender, payload: p.Group) -> Outcome:
    """Remove `group`; its members are left without a group. A group with answers is merged
    instead, so that nothing is lost."""
    return Outcome(svc.remove_group(store(), sender.seminar, payload.group, now()))


@event("group:resize", p.ResizeGroup, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def resize_group(sender: Sender, payload: p.ResizeGroup) -> Outcome:
    """`group`'s own size limit (`max_size` null: the seminar's limit applies)."""
    return Outcome(svc.set_group_size(store(), sender.seminar, payload.group, payload.max_size,
                                      now()))


@event("group:merge", p.MergeGroups, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def merge_groups(sender: Sender, payload: p.MergeGroups) -> Outcome:
    """Move the members and answers of group `source` into group `target`, and remove
    `source`."""
    return Outcome(svc.merge_groups(store(), sender.seminar, payload.source, payload.target,
                                    now()))


@event("roles:assign", p.AssignRoles, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS, reply=views)
def assign_roles(sender: Sender, payload: p.AssignRoles) -> Outcome:
    """The app hands out the next, rotating roles in every group (or `group`)."""
    return Outcome(svc.assign_roles_by_app(store(), sender.seminar, now(), _rng,
                                           group_id=payload.group))
