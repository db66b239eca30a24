"""Edit a seminar's own kit from the browser, before and while it runs.

The seminar keeps its kit as text (``seminars.kit_source``). A structured edit (the operations
of ``seminar.domain.kit_edits``) stores the kit written again (``write_kit``); the plain-text
editor stores the text as typed, once it parses. Either way, inside one transaction that reads
the seminar again: the version the edit was made against must be the stored one
(``kit_conflict``), the running block's rules hold (``block_running``), removing questions the
groups answered or poll items people answered needs ``confirm`` (``confirm_needed``), and the
programme's timers follow their blocks (``seminar.domain.kit_changes``). Every screen is then
told (``KitChanged``, and the programme's new state).
"""

from collections.abc import Sequence

from seminar.domain.errors import ConfirmNeeded, KitConflict, KitInvalid, KitProblem
from seminar.domain.kit import Kit, PollItem, RemovedQuestion
from seminar.domain.kit_changes import match_blocks, reconcile, removed_questions, started
from seminar.domain.kit_edits import Op, apply_ops, clock_text, kit_problems
from seminar.domain.kit_writer import write_kit
from seminar.domain.programme import Programme
from seminar.rendering import render_preview
from seminar.services.events import GroupsChanged, KitChanged, ProgrammeChanged
from seminar.services.kits import load_kit
from seminar.services.programme import programme_state
from seminar.services.seminars import Seminar, current_record, find_seminar
from seminar.store import Store


def editable_kit(store: Store, seminar: Seminar) -> dict:
    """What the kit editor shows (the answer of ``kit:get``): the kit as text and as fields,
    its version, the programme's statuses and how many points each question has."""
    with store.read():
        now = find_seminar(store, seminar.code)
        answered = _answered(store, now)
        items = store.polls.answer_counts(now.record.id)
    return _editable(now, answered, items)


def edit_kit(store: Store, seminar: Seminar, version: int, ops: Sequence[Op], now: float, *,
             confirm: bool = False) -> tuple[dict, list[object]]:
    """Apply ``ops`` (all or nothing) to the seminar's kit made at ``version``; return what
    ``kit:get`` answers after it, and the events."""
    with store.write():
        current = _current(store, seminar, version)
        reserved = frozenset(r.question.id for r in store.seminars.removed_questions(
            current.record.id))
        change = apply_ops(current.kit, list(ops), reserved)
        return _store(store, current, change.kit, write_kit(change.kit), change.origins, now,
                      confirm)


def replace_kit_text(store: Store, seminar: Seminar, version: int, text: str, now: float, *,
                     confirm: bool = False) -> tuple[dict, list[object]]:
    """Replace the seminar's kit with kit ``text`` made at ``version`` (kept as typed, once it
    parses; blocks are matched to the old ones by title, then by position)."""
    problems = kit_problems(text)
    if problems:
        raise KitInvalid(problems)
    kit = load_kit(text, "<kit>")
    with store.write():
        current = _current(store, seminar, version)
        origins = match_blocks(current.kit.blocks, kit.blocks)
        return _store(store, current, kit, text, origins, now, confirm)


def check_kit_text(text: str) -> list[KitProblem]:
    """Every problem ``seminar check`` finds in ``text`` (nothing is stored)."""
    return kit_problems(text)


def preview_markdown(markdown: str) -> str:
    """``markdown`` rendered and sanitised as every screen renders a kit's Markdown."""
    return render_preview(markdown)


def _current(store: Store, seminar: Seminar, version: int) -> Seminar:
    """The seminar as stored now (inside the transaction); ``kit_conflict`` unless the edit
    was made against its kit's version."""
    record = current_record(store, seminar)
    if record.kit_version != version:
        raise KitConflict()
    return find_seminar(store, record.code)


def _store(store: Store, current: Seminar, kit: Kit, text: str,
           origins: tuple[int | None, ...], now: float, confirm: bool
           ) -> tuple[dict, list[object]]:
    programme = reconcile(current.programme, kit.blocks, origins)
    answered = _answered(store, current)
    removed = removed_questions(current.kit, kit)
    with_answers = [(q, block) for q, block in removed if answered.get(q.id, 0)]
    item_answers = store.polls.answer_counts(current.record.id)
    kept_items = {item.id for item in kit.items()}
    answered_items = [item for item in current.kit.items()
                      if item.id not in kept_items and item_answers.get(item.id, 0)]
    if (with_answers or answered_items) and not confirm:
        raise ConfirmNeeded([(q.id, q.title, answered[q.id]) for q, _ in with_answers],
                            [(item.id, item.title, item_answers[item.id])
                             for item in answered_items])
    seminar_id = current.record.id
    for question, block in with_answers:
        store.seminars.add_removed_question(seminar_id, RemovedQuestion(question, block, now))
    back = {r.question.id for r in store.seminars.removed_questions(seminar_id)} & {
        q.id for q in kit.questions()}
    for question_id in sorted(back):
        store.seminars.forget_removed_question(seminar_id, question_id)
    roles_changed = kit.roles != current.kit.roles
    if roles_changed:  # who writes (may_write) and the roles' names are in the groups' views
        store.seminars.bump_groups_version(seminar_id)
    record = store.seminars.save_kit(seminar_id, title=kit.title, kit_source=text,
                                     current=programme.current, timers=programme.timers)
    updated = Seminar(record, load_kit(text, record.kit_name),
                      Programme(kit.blocks, programme.timers, programme.current))
    events: list[object] = [KitChanged(updated.code, record.kit_version),
                            ProgrammeChanged(updated.code, programme_state(updated, now))]
    if roles_changed:
        events.append(GroupsChanged(updated.code))
    return _editable(updated, answered, item_answers), events  # an edit changes no answers


def _answered(store: Store, seminar: Seminar) -> dict[str, int]:
    """Live points per question, over every group."""
    counts: dict[str, int] = {}
    for _, question, count, _ in store.answers.overview(seminar.record.id):
        counts[question] = counts.get(question, 0) + count
    return counts


def _editable(seminar: Seminar, answered: dict[str, int], item_answers: dict[str, int]
              ) -> dict:
    kit = seminar.kit
    return {
        "version": seminar.record.kit_version,
        "text": seminar.record.kit_source,
        "kit": kit_fields(kit),
        "current": seminar.programme.current,
        "statuses": [str(status) for status in seminar.programme.statuses()],
        "answered": {q.id: answered.get(q.id, 0) for q in kit.questions()},
        "answered_items": {item.id: item_answers.get(item.id, 0) for item in kit.items()},
        "running": started(seminar.programme),
    }


def kit_fields(kit: Kit) -> dict:
    """The kit as the editor's fields (JSON-ready)."""
    return {
        "title": kit.title, "date": kit.date, "place": kit.place, "organiser": kit.organiser,
        "subject": kit.subject, "language": kit.language, "introduction": kit.introduction,
        "preparation": kit.preparation, "answering": kit.answering,
        "roles": [{"id": role.id, "name": role.name, "description": role.description,
                   "writes": role.writes, "keeps_time": role.keeps_time,
                   "keeps_topic": role.keeps_topic} for role in kit.roles],
        "blocks": [{"title": block.title, "kind": str(block.kind),
                    "minutes": block.duration // 60, "day": block.day,
                    "start": clock_text(block.start), "description": block.description,
                    "audience_questions": block.audience_questions,
                    "questions": [{"id": q.id, "title": q.title, "text": q.text,
                                   "prioritise": None if q.prioritise is None
                                   else list(q.prioritise), "votes": q.votes}
                                  for q in block.questions],
                    "items": [_item_fields(item) for item in block.items]}
                   for block in kit.blocks],
        "evaluation": [_item_fields(item) for item in kit.evaluation],
    }


def _item_fields(item: PollItem) -> dict:
    return {"id": item.id, "title": item.title, "kind": str(item.kind), "text": item.text,
            "scale": None if item.scale is None else list(item.scale),
            "labels": None if item.labels is None else list(item.labels),
            "options": list(item.options), "multiple": item.multiple}
