"""Socket.IO events for the groups' answers: always the sender's own group, never one named in
the payload.

An edit is acknowledged only after it is stored. The answer then goes, one question at a time
(``answers:question``), to every screen of the group's members and to the facilitators, who
also get the overview of every group's progress (``answers:overview``).
"""

from seminar.services import answers as svc
from seminar.services.events import AnswersChanged, GroupsChanged, WallChanged
from seminar.web import payloads as p
from seminar.web.audiences import FACILITATOR, MEMBER, PHONE, Sender
from seminar.web.context import now, store
from seminar.web.protocol import FACILITATOR_LIMITS, FETCH_LIMITS, Outcome, event
from seminar.web.rate_limit import per_group, per_phone


@event("answer:edit", p.AnswerEdit, who=MEMBER, announces=(AnswersChanged, WallChanged),
       limit=(per_phone("LIMIT_EDITS_PER_PHONE"), per_group("LIMIT_EDITS_PER_GROUP")))
def edit(sender: Sender, payload: p.AnswerEdit) -> Outcome:
    """One `edit` (`{id, kind, ...}`, below) to their own group's answers. Acknowledged once
    stored, with `result`; `result.duplicate` is true when this edit id was applied before
    (nothing changed). Moving, accepting, marking done and prioritising are the group's
    writer's alone; that is checked with the stored edits, so an edit resent after its sender
    lost the role is still recognised as done."""
    result, events = svc.apply_edit(store(), sender.seminar, sender.actor,
                                    payload.edit, now())
    return Outcome(events, {"result": result})


@event("answers:fetch", p.FetchAnswers, who=FACILITATOR | PHONE,
       limit=(*FETCH_LIMITS, *FACILITATOR_LIMITS))
def fetch(sender: Sender, payload: p.FetchAnswers) -> Outcome:
    """A phone: their group's `answers` (`null` without a group). The facilitator: the
    `overview`, or one `group`'s `answers`."""
    seminar = sender.seminar
    if not sender.facilitator:
        return Outcome(answer={"answers": svc.answers_of_participant(store(), seminar,
                                                                     sender.actor)})
    if payload.group is None:
        return Outcome(answer={"overview": svc.answers_overview(store(), seminar)})
    return Outcome(answer={"answers": svc.group_answers(
        store(), seminar, svc.checked_group(store(), seminar, payload.group))})


@event("answers:history", p.PointHistory, who=FACILITATOR, limit=FACILITATOR_LIMITS)
def history(sender: Sender, payload: p.PointHistory) -> Outcome:
    """The `history` of `group`'s answer to `question`: every point that was changed or
    deleted (`{id, text, revision, deleted, ...}` as it is now), each with its earlier
    `versions`, newest first (`{id, text, revision, deleted, replaced_at, ...}`). Kept for as
    long as the seminar exists."""
    return Outcome(answer={"history": svc.point_history(store(), sender.seminar, payload.group,
                                                        payload.question)})


@event("point:restore", p.RestoreVersion, who=FACILITATOR,
       announces=(AnswersChanged, WallChanged), limit=FACILITATOR_LIMITS)
def restore(sender: Sender, payload: p.RestoreVersion) -> Outcome:
    """Bring a point back as it was in `version` (from `answers:history`), undeleting it if
    needed. It is a new change (a new revision; the version it replaces is kept too), sent to
    the group's phones, the facilitators and the wall like any edit; the answer has `result`
    (`{question, point, seq}`)."""
    result, events = svc.restore_version(store(), sender.seminar, payload.version, now())
    return Outcome(events, {"result": result})


@event("answers:configure", p.ConfigureAnswers, who=FACILITATOR, announces=(GroupsChanged,),
       limit=FACILITATOR_LIMITS)
def configure(sender: Sender, payload: p.ConfigureAnswers) -> Outcome:
    """Whether every member may write (not only the scribe); the phones learn who may write."""
    events = svc.set_all_members_write(store(), sender.seminar, payload.all_members_write)
    return Outcome(events, {"all_members_write": payload.all_members_write})
