"""The groups' answers: a member's edits to their own group's points, applied once each.

Every edit a phone sends carries an ``edit`` id made by the phone. The first time an edit id is
seen the edit is applied and its result stored with it, in the same transaction; when the same
id comes again (a phone resending what it queued while offline, or a double click) the stored
result is returned and nothing changes. The group is always the sender's own group, never one
named in the payload, so nobody can write into another group.

Who writes: whoever holds a role that ``writes`` (the scribe); every member when the
facilitator allows it, when the kit has no such role, or while nobody in the group holds it.
Other members' new points are suggestions that the scribe accepts (or deletes).
"""

from collections.abc import Callable
from typing import Any

from seminar.domain import answers as rules
from seminar.domain import edits, plenary
from seminar.domain.answers import Point, PointNotFound
from seminar.domain.errors import InvalidInput, InvalidTransition, NotAllowed
from seminar.domain.messages import N_
from seminar.services import plenary as wall
from seminar.services.events import AnswersChanged, GroupsChanged, WallChanged
from seminar.services.groups import GroupNotFound, find_participant
from seminar.services.seminars import Seminar, current_record, kit_question
from seminar.store import ParticipantRecord, Store


def apply_edit(store: Store, seminar: Seminar, participant_id: object, edit: object,
               now: float) -> tuple[dict, list[AnswersChanged | WallChanged]]:
    """Apply one edit from a member's phone; return its result and what to announce (the
    group's answers, and the wall cards it changed).

    ``edit`` is a typed edit (``seminar.domain.edits``), or the same as a plain object, which is
    checked first. The result has ``duplicate: true`` when the edit had already been applied.
    """
    edit = edits.parsed(edit)
    edit_id = edit.id
    with store.write():
        me = find_participant(store, seminar, participant_id)
        applied = store.answers.applied_edit(seminar.record.id, edit_id)
        if applied is not None:
            if applied[0] != me.id:
                raise InvalidInput(N_("The change is missing a valid id. Reload the page."))
            return {**applied[1], "duplicate": True}, []
        if me.group_id is None:
            raise InvalidTransition(N_("Choose a group first."))
        may_write = writes(store, seminar, me)
        result = _APPLY[type(edit)](store, seminar, me, may_write, edit, now)
        result["seq"] = store.answers.bump_seq(me.group_id)
        store.answers.record_edit(seminar.record.id, edit_id, me.id, result, now)
    changed = AnswersChanged(seminar.code, me.group_id, result.get("question"))
    return {**result, "duplicate": False}, [
        changed, WallChanged(seminar.code, tuple(wall.wall_updates(store, seminar, [changed])))]


def group_answers(store: Store, seminar: Seminar, group_id: int) -> dict:
    """Everything a group has answered: ``{group, seq, points: [...], done: [question ids]}``.

    Only the kit's questions: the answers to a question removed from the kit stay in the store
    (and in the report), but are no longer work for the group's phones."""
    live = {question.id for question in seminar.kit.questions()}
    with store.read():
        return {"group": group_id, "seq": store.answers.seq(group_id),
                "points": [point.as_json() for point in store.answers.points(group_id)
                           if point.question_id in live],
                "done": sorted(live & store.answers.done_questions(group_id)),
                "priorities": {question: picks for question, picks
                               in _priorities(store, seminar, group_id).items()
                               if question in live}}


def answers_of_participant(store: Store, seminar: Seminar, participant_id: object
                           ) -> dict | None:
    """The answers of the sender's own group, or None while they have no group (a phone not
    yet a participant has none)."""
    with store.read():
        me = (store.groups.participant(seminar.record.id, participant_id)
              if isinstance(participant_id, str) else None)
    return None if me is None or me.group_id is None else group_answers(store, seminar,
                                                                           me.group_id)


def set_all_members_write(store: Store, seminar: Seminar, value: object
                          ) -> list[GroupsChanged]:
    """Facilitator: let every member write the group's points (not only the scribe)."""
    if not isinstance(value, bool):
        raise InvalidInput()
    with store.write():
        store.seminars.set_all_members_write(seminar.record.id, value)
        store.seminars.bump_groups_version(seminar.record.id)  # the phones' view of who may write
    return [GroupsChanged(seminar.code)]


# -- the kinds of edit ---------------------------------------------------------------------------

def _add(store, seminar, me, writes, edit, now) -> dict:
    """``{point, question, text}``: a new point at the end (a suggestion if not a writer)."""
    point_id = edit.point
    question = _question(seminar, edit.question)
    text = rules.clean_point_text(edit.text)
    if store.answers.point_id_taken(point_id):
        raise InvalidInput(N_("The change is missing a valid id. Reload the page."))
    rules.check_room_for_point(len(store.answers.points(me.group_id, question)))
    point = Point(point_id, me.group_id, question, text,
                  store.answers.next_position(me.group_id, question), 1, me.id, not writes, now,
                  now)
    store.answers.insert_point(seminar.record.id, point)
    return {"question": question, "point": point.as_json()}


def _edit(store, seminar, me, writes, edit, now) -> dict:
    """``{point, revision, text}``: new text, if the point is still at ``revision``."""
    point = _own_point(store, seminar, me, edit.point)
    revision = edit.revision
    text = rules.clean_point_text(edit.text)
    rules.check_may_change(point, me.id, writes)
    rules.check_revision(point, revision)
    _change_point(store, seminar, point, False, now, text=text)
    return {"question": point.question_id, "point": _reload(store, seminar, point.id)}


def _delete(store, seminar, me, writes, edit, now) -> dict:
    """``{point, revision}``: remove the point, if it is still at ``revision``."""
    point = _own_point(store, seminar, me, edit.point)
    rules.check_may_change(point, me.id, writes)
    rules.check_revision(point, edit.revision)
    _change_point(store, seminar, point, False, now, deleted=True)
    return {"question": point.question_id, "deleted": point.id}


def _restore(store, seminar, me, writes, edit, now) -> dict:
    """``{point}``: undo a delete; the point comes back with its text, author and place
    (and into the group's priorities if it was picked). Who may delete it may restore it."""
    found = store.answers.point(seminar.record.id, edit.point)
    if found is None or found[0].group_id != me.group_id:
        raise PointNotFound()
    point, deleted = found
    rules.check_may_change(point, me.id, writes)
    if deleted:
        rules.check_room_for_point(len(store.answers.points(me.group_id, point.question_id)))
        _change_point(store, seminar, point, True, now, deleted=False)
    order = [p.id for p in store.answers.points(me.group_id, point.question_id)]
    return {"question": point.question_id, "point": _reload(store, seminar, point.id),
            "order": order}


def _accept(store, seminar, me, writes, edit, now) -> dict:
    """``{point}``: the scribe takes a member's suggestion into the group's answer."""
    point = _own_point(store, seminar, me, edit.point)
    if not writes:
        raise NotAllowed(N_("Only the scribe can accept suggestions."))
    if point.suggested:
        _change_point(store, seminar, point, False, now, suggested=False)
    return {"question": point.question_id, "point": _reload(store, seminar, point.id)}


def _move(store, seminar, me, writes, edit, now) -> dict:
    """``{question, order}``: the question's points in a new order (every id exactly once)."""
    question = _question(seminar, edit.question)
    if not writes:
        raise NotAllowed(N_("Only the scribe can change the group's points. You can suggest "
                            "a point."))
    points = store.answers.points(me.group_id, question)
    order = rules.check_order([point.id for point in points], edit.order)
    for position, point_id in enumerate(order, start=1):
        store.answers.update_point(point_id, position=position)
    return {"question": question, "order": order}


def _done(store, seminar, me, writes, edit, now) -> dict:
    """``{question, done}``: the group marks a question as finished (or not)."""
    question = _question(seminar, edit.question)
    if not writes:
        raise NotAllowed(N_("Only the scribe can change the group's points. You can suggest "
                            "a point."))
    store.answers.set_done(me.group_id, question, edit.done, now)
    return {"question": question, "done": edit.done}


def _prioritise(store, seminar, me, writes, edit, now) -> dict:
    """``{question, points}``: the group's priorities for a question, in order (the kit says
    how many), while the facilitator has prioritising open."""
    question = _question(seminar, edit.question)
    bounds = seminar.kit.question(question).prioritise
    if bounds is None:
        raise InvalidInput(N_("This question does not ask for priorities."))
    if not writes:
        raise NotAllowed(N_("Only the scribe can change the group's points. You can suggest "
                            "a point."))
    settings = store.plenary.question_settings(seminar.record.id).get(question, {})
    if not settings.get("priorities_open"):
        raise plenary.PrioritiesClosed()
    available = [point.id for point in store.answers.points(me.group_id, question)
                 if not point.suggested]
    picks = plenary.check_picks(edit.points, available, bounds)
    store.plenary.save_priorities(me.group_id, question, picks, now, me.id)
    return {"question": question, "priorities": picks}


_APPLY: dict[type[edits.Edit], Callable[..., dict]] = {
    edits.Add: _add, edits.Change: _edit, edits.Delete: _delete, edits.Restore: _restore,
    edits.Move: _move, edits.Accept: _accept, edits.Done: _done, edits.Prioritise: _prioritise}


# -- the facilitator: every point's history, and restoring any version of it -------------------

def point_history(store: Store, seminar: Seminar, group_id: object, question: object) -> dict:
    """Facilitator: the points of a group's question that were changed or deleted, each as it
    is now and with its earlier versions, newest first (``{group, question, points: [{id, text,
    revision, deleted, ..., versions: [{id, text, revision, deleted, replaced_at, ...}]}]}``)."""
    question_id = _question(seminar, question)
    group = checked_group(store, seminar, group_id)
    with store.read():
        history = store.answers.history(group, question_id)
    return {"group": group, "question": question_id,
            "points": [{**point, "versions": versions} for point, versions in history]}


def restore_version(store: Store, seminar: Seminar, version_id: object, now: float
                    ) -> tuple[dict, list[AnswersChanged | WallChanged]]:
    """Facilitator: bring a point back as it was in a kept version (undeleting it if it was
    deleted since). The restore is a new change (a new revision, the version it replaces kept
    too), announced to the group's phones and the wall like any edit."""
    if not isinstance(version_id, int) or isinstance(version_id, bool):
        raise InvalidInput()
    with store.write():
        version = store.answers.version(seminar.record.id, version_id)
        found = version and store.answers.point(seminar.record.id, version["point_id"])
        if not version or not found:
            raise PointNotFound()
        point, deleted = found
        kit_question(seminar, point.question_id)  # a removed question's answers stay as they are
        if deleted:
            rules.check_room_for_point(len(store.answers.points(point.group_id,
                                                                point.question_id)))
        _change_point(store, seminar, point, deleted, now, text=version["text"],
                      suggested=version["suggested"], deleted=False)
        seq = store.answers.bump_seq(point.group_id)
        result = {"question": point.question_id, "point": _reload(store, seminar, point.id),
                  "seq": seq}
    changed = AnswersChanged(seminar.code, point.group_id, point.question_id)
    return result, [changed,
                    WallChanged(seminar.code, tuple(wall.wall_updates(store, seminar, [changed])))]


# -- helpers -------------------------------------------------------------------------------------

def _change_point(store: Store, seminar: Seminar, point: Point, was_deleted: bool, now: float,
                  **values: Any) -> None:
    """Change a point's text, deletion or suggestion as a new revision, keeping the version it
    replaces (``was_deleted``: whether it was deleted), so that the facilitator can restore
    it."""
    store.answers.save_version(seminar.record.id, point, was_deleted, now)
    store.answers.update_point(point.id, **values, revision=point.revision + 1, updated_at=now)


def _question(seminar: Seminar, value: object) -> str:
    return kit_question(seminar, value).id


def _priorities(store: Store, seminar: Seminar, group_id: int,
                question: str | None = None) -> dict[str, list[str]]:
    """A group's priorities per question, without points deleted since they were picked."""
    picks = store.plenary.priorities_of_group(group_id)
    return {q: plenary.live_picks(ids, store.plenary.live_point_ids(group_id, q))
            for q, ids in picks.items() if question in (None, q)}


def _own_point(store: Store, seminar: Seminar, me: ParticipantRecord, point_id: object) -> Point:
    """A live point of the sender's own group; another group's point is simply not found."""
    found = store.answers.point(seminar.record.id, rules.clean_client_id(point_id))
    if found is None or found[1] or found[0].group_id != me.group_id:
        raise PointNotFound()
    return found[0]


def _reload(store: Store, seminar: Seminar, point_id: str) -> dict:
    found = store.answers.point(seminar.record.id, point_id)
    if found is None:
        raise PointNotFound()
    return found[0].as_json()


def writes(store: Store, seminar: Seminar, me: ParticipantRecord) -> bool:
    """Whether member ``me`` writes the group's points (inside the caller's transaction):
    ``rules.may_write``, the rule the phone is told by (``may_write`` in its member view)."""
    if me.group_id is None:  # nobody writes outside a group
        return False
    rounds = store.groups.role_rounds(me.group_id)
    members = set(store.groups.member_ids(me.group_id))
    current = {role: holder for role, holder in (rounds[-1] if rounds else {}).items()
               if holder in members}
    return rules.may_write(me.id, current, seminar.kit.writing_roles(),
                           current_record(store, seminar).all_members_write)


def question_answers(store: Store, seminar: Seminar, group_id: int, question: str) -> dict:
    """One question of one group: ``{group, question, seq, points, done}``."""
    with store.read():
        return {"group": group_id, "question": question, "seq": store.answers.seq(group_id),
                "points": [p.as_json() for p in store.answers.points(group_id, question)],
                "done": question in store.answers.done_questions(group_id),
                "priorities": _priorities(store, seminar, group_id, question).get(question, [])}


def group_member_ids(store: Store, seminar: Seminar, group_id: int) -> list[str]:
    with store.read():
        return store.groups.member_ids(group_id)


def answers_overview(store: Store, seminar: Seminar) -> dict:
    """For the facilitator: per group and question of the kit, points, last change, "done"
    and whether the group has prioritised (a question removed from the kit is not live work;
    its answers are in the report)."""
    in_kit = {question.id for question in seminar.kit.questions()}
    with store.read():
        groups: dict[int, dict[str, Any]] = {
            group.id: {"group": group.id, "name": group.name, "questions": {}}
            for group in store.groups.all(seminar.record.id)}
        for group_id, question, count, last in store.answers.overview(seminar.record.id):
            if group_id in groups and question in in_kit:
                groups[group_id]["questions"][question] = {"points": count, "last": last,
                                                           "done": False}
        for group_id, done in store.answers.done_by_group(seminar.record.id).items():
            for question in done & in_kit:
                groups[group_id]["questions"].setdefault(
                    question, {"points": 0, "last": None})["done"] = True
        for group_id, question, live in store.plenary.live_pick_counts(seminar.record.id):
            kit_question = seminar.kit.question(question)
            bounds = kit_question.prioritise if kit_question else None
            if group_id in groups and bounds and plenary.has_prioritised(live, bounds):
                groups[group_id]["questions"].setdefault(
                    question, {"points": 0, "last": None, "done": False})["prioritised"] = True
    return {"code": seminar.code, "groups": list(groups.values())}


def checked_group(store: Store, seminar: Seminar, group_id: object) -> int:
    """The id of a group of this seminar (for the facilitator), or GroupNotFound."""
    if not isinstance(group_id, int) or isinstance(group_id, bool):
        raise InvalidInput()
    with store.read():
        if store.groups.get(seminar.record.id, group_id) is None:
            raise GroupNotFound()
    return group_id
