"""The plenary: what the big screen shows, the answer wall, moderation and the report-back.

Two audiences see the wall. The projector is public (anyone with the code may open it), so its
view holds only what is on screen: no hidden points, no point texts before the facilitator
reveals them, no group names in an anonymous seminar, and in a report-back of a question with
priorities only the picked points; its summary holds only the ranked items revealed so far.
The facilitators' view holds everything, with the flags.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from seminar.domain import plenary as rules
from seminar.domain.answers import PointNotFound, clean_client_id
from seminar.domain.errors import InvalidInput
from seminar.domain.kit import Question
from seminar.domain.messages import N_
from seminar.domain.plenary import Display, DisplayMode
from seminar.domain.summary import rerank
from seminar.domain.votes import item_key
from seminar.services import polls, summary, votes
from seminar.services.events import (
    AnswersChanged,
    DisplayChanged,
    GroupsChanged,
    PlenarySettingsChanged,
    WallChanged,
    WallUpdate,
)
from seminar.services.seminars import Seminar, current_record, kit_question
from seminar.store import Store
from seminar.store.plenary import WallPoint

PROJECTOR = "projector"
FACILITATOR = "facilitator"


def plenary_settings(store: Store, seminar: Seminar) -> dict:
    """What every screen may know: anonymity, and per question whether its points are revealed
    and whether prioritising is open."""
    with store.read():
        stored = store.plenary.question_settings(seminar.record.id)
        anonymous = current_record(store, seminar).anonymous_wall
    return {"anonymous": anonymous, "questions": {
        q.id: stored.get(q.id, {"revealed": False, "priorities_open": False})
        for q in seminar.kit.questions()}}


def configure(store: Store, seminar: Seminar, question: object = None, *,
              revealed: object = None, priorities_open: object = None,
              anonymous: object = None
              ) -> list[PlenarySettingsChanged | DisplayChanged | GroupsChanged]:
    """The facilitator: reveal a question's points on the wall (or hide them again), open or
    close its prioritising, and show or hide group names on the big screen."""
    values = _flags(revealed=revealed, priorities_open=priorities_open)
    if anonymous is not None and not isinstance(anonymous, bool):
        raise InvalidInput()
    question_id = None
    if values:
        found = kit_question(seminar, question)
        if values.get("priorities_open") and found.prioritise is None:
            raise InvalidInput(N_("This question does not ask for priorities."))
        question_id = found.id
    with store.write():
        if question_id is not None:
            store.plenary.set_question_setting(seminar.record.id, question_id, **values)
        if anonymous is not None:
            store.plenary.set_anonymous_wall(seminar.record.id, anonymous)
        store.plenary.bump_display_version(seminar.record.id)
    # the big screens' groups are named, or not
    renamed = [GroupsChanged(seminar.code)] if anonymous is not None else []
    return [PlenarySettingsChanged(seminar.code), DisplayChanged(seminar.code), *renamed]


def show(store: Store, seminar: Seminar, mode: object, question: object = None,
         step: object = 0, *, now: float) -> list[DisplayChanged]:
    """The facilitator: what the projector shows (the programme, how to join, a wall, a
    report-back, a summary, the closing slide); its pages start turning at ``now``."""
    questions = seminar.kit.questions()
    display = rules.choose_display(mode, question, step, {q.id for q in questions},
                                   {q.id for q in questions if q.prioritise},
                                   {item.id for item in seminar.kit.items()},
                                   {q.id for q in questions if q.prioritise and q.votes})
    with store.write():
        previous = _display(store, seminar)[0]
        display = rules.settle_report(display, _group_ids(store, seminar), follow_group=False)
        display = rules.start_paging(display, previous, now)
        store.plenary.save_display(seminar.record.id, display.as_json())
    return [DisplayChanged(seminar.code)]


def turn_page(store: Store, seminar: Seminar, step: object, now: float
              ) -> list[DisplayChanged]:
    """The facilitator: the projector turns to the next (``step`` 1) or previous (-1) page."""
    return _redisplay(store, seminar, lambda display: rules.turn_page(display, step, now))


def set_paging(store: Store, seminar: Seminar, paused: object, now: float
               ) -> list[DisplayChanged]:
    """The facilitator: pause the projector's page turning (the page stays) or resume it."""
    return _redisplay(store, seminar, lambda display: rules.set_paging(display, paused, now))


def _redisplay(store: Store, seminar: Seminar, change: Callable[[Display], Display]
               ) -> list[DisplayChanged]:
    """Store ``change`` of what the projector shows, made to the display as it is stored."""
    with store.write():
        display = change(_display(store, seminar)[0])
        store.plenary.save_display(seminar.record.id, display.as_json())
    return [DisplayChanged(seminar.code)]


def moderate(store: Store, seminar: Seminar, point_id: object, *, hidden: object = None,
             highlighted: object = None) -> list[WallChanged]:
    """The facilitator: hide a point from the big screen, or highlight it there."""
    flags = _flags(hidden=hidden, highlighted=highlighted)
    if not flags:
        raise InvalidInput()
    point_id = clean_client_id(point_id)
    with store.write():
        found = store.answers.point(seminar.record.id, point_id)
        if found is None or found[1]:
            raise PointNotFound()
        point = found[0]
        store.plenary.set_point_flags(point.id, **flags)
        store.answers.bump_seq(point.group_id)  # screens take the newer card …
        store.plenary.bump_display_version(seminar.record.id)  # … and drop views built before it
        display = _display(store, seminar)[0]
    return [WallChanged(seminar.code, (_update(display, point.question_id, point.group_id),))]


def wall_updates(store: Store, seminar: Seminar, changes: list[AnswersChanged]
                 ) -> list[WallUpdate]:
    """Which wall cards the answer changes touched, and whether the projector shows them."""
    with store.read():
        display = _display(store, seminar)[0]
    return [_update(display, change.question, change.group)
            for change in changes if change.question is not None]


def summary_shown(store: Store, seminar: Seminar) -> bool:
    """Whether the projector shows a summary (to be rebuilt when the themes change)."""
    with store.read():
        return _display(store, seminar)[0].mode is DisplayMode.SUMMARY


def projector_view(store: Store, seminar: Seminar) -> dict:
    """Everything the projector needs for what it shows now."""
    with store.read():
        display, version = _display(store, seminar)
        view = {"version": version, **display.as_json()}
        if display.mode in (DisplayMode.PROGRAMME, DisplayMode.JOIN):
            return view
        if display.mode is DisplayMode.PANEL:  # its questions come as panel:state
            return view
        if display.mode is DisplayMode.CLOSING:
            return {**view, **_closing(store, seminar)}
        if display.mode is DisplayMode.SUMMARY:
            return {**view, **_summary_slide(store, seminar, display)}
        if display.mode is DisplayMode.POLL:
            return {**view, **polls.projector_slide(store, seminar, display)}
        if display.mode is DisplayMode.VOTE:
            return {**view, **votes.projector_slide(store, seminar, display.question)}
        question = kit_question(seminar, display.question)  # _display made sure it is there
        return {**view, **_wall(store, seminar, question, PROJECTOR, display)}


def facilitator_wall(store: Store, seminar: Seminar, question: object) -> dict:
    """Everything about one question's wall, for the facilitator's moderation."""
    found = kit_question(seminar, question)
    with store.read():
        display, version = _display(store, seminar)
        return {"version": version, "display": display.as_json(),
                **_wall(store, seminar, found, FACILITATOR, display)}


def wall_entry(store: Store, seminar: Seminar, update: WallUpdate, audience: str) -> dict | None:
    """One group's card of a question's wall for ``audience``, built in one read with what the
    projector shows: None if the group is gone, if the kit no longer has the question (it was
    removed; its answers are in the report, on no wall), or (for the projector) if the
    projector does not show that question now."""
    question = seminar.kit.question(update.question)
    if question is None:
        return None
    with store.read():
        ids = _group_ids(store, seminar)
        display, version = _display(store, seminar, ids)
        if audience == PROJECTOR and not _shows(display, update.question):
            return None
        group = store.groups.get(seminar.record.id, update.group)
        if group is None or group.id not in ids:
            return None
        context = _context(store, seminar, question, audience, display)
        picks = store.plenary.priorities_of_group(group.id).get(update.question, [])
        entry = _entry(context, (group.id, group.name, ids.index(group.id) + 1),
                       store.answers.seq(group.id), picks,
                       store.plenary.wall_points(seminar.record.id, update.question, group.id))
    return {"version": version, "question": update.question, "group": entry}


def _flags(**values: object) -> dict[str, bool]:
    """The values given (not None), each a bool; ``InvalidInput`` otherwise."""
    flags: dict[str, bool] = {}
    for name, value in values.items():
        if value is None:
            continue
        if not isinstance(value, bool):
            raise InvalidInput()
        flags[name] = value
    return flags


# -- building the views --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Context:
    """What every card of one wall is built with."""

    audience: str
    display: Display
    bounds: tuple[int, int] | None
    anonymous: bool
    revealed: bool
    priorities_open: bool


def _group_ids(store: Store, seminar: Seminar) -> list[int]:
    return store.groups.ids(seminar.record.id)


def _display(store: Store, seminar: Seminar, group_ids: list[int] | None = None
             ) -> tuple[Display, int]:
    """What the projector shows, and its version (``group_ids``: the seminar's groups, when
    the caller has read them in the same read)."""
    stored, version = store.plenary.display(seminar.record.id)
    display = rules.fit_to_kit(Display.from_json(stored), seminar.kit)
    ids = _group_ids(store, seminar) if group_ids is None else group_ids
    return rules.settle_report(display, ids), version


def _shows(display: Display, question: str) -> bool:
    """Whether the projector shows the wall cards of ``question`` (its wall or report-back)."""
    return display.mode in (DisplayMode.WALL, DisplayMode.REPORT) \
        and display.question == question


def _update(display: Display, question: str, group: int) -> WallUpdate:
    return WallUpdate(question, group, _shows(display, question),
                      display.mode is DisplayMode.SUMMARY and display.question == question)


def _context(store: Store, seminar: Seminar, question: Question, audience: str,
             display: Display) -> _Context:
    settings = store.plenary.question_settings(seminar.record.id).get(question.id, {})
    return _Context(audience, display, question.prioritise,
                    current_record(store, seminar).anonymous_wall,
                    bool(settings.get("revealed")), bool(settings.get("priorities_open")))


def _wall(store: Store, seminar: Seminar, question: Question, audience: str,
          display: Display) -> dict:
    context = _context(store, seminar, question, audience, display)
    points = store.plenary.wall_points(seminar.record.id, question.id)
    picks = store.plenary.priorities_of_question(seminar.record.id, question.id)
    groups = store.groups.all(seminar.record.id)
    seqs = store.answers.seqs(seminar.record.id)
    points_of: dict[int, list[WallPoint]] = {}
    for point in points:
        points_of.setdefault(point.group_id, []).append(point)
    return {
        "title": question.title,
        "prioritise": list(context.bounds) if context.bounds else None,
        "anonymous": context.anonymous, "revealed": context.revealed,
        "priorities_open": context.priorities_open,
        "groups": [_entry(context, (group.id, group.name, number),
                          seqs.get(group.id, 0), picks.get(group.id, []),
                          points_of.get(group.id, []))
                   for number, group in enumerate(groups, start=1)],
    }


def _entry(context: _Context, group: tuple[int, str, int], seq: int, stored_picks: list[str],
           points: list) -> dict:
    """One group's card: its points, its priorities, and whether it has prioritised."""
    group_id, name, number = group
    picks = rules.live_picks(stored_picks, {point.id for point in points})
    entry = {"id": group_id, "number": number, "seq": seq,
             "prioritised": context.bounds is not None
             and rules.has_prioritised(len(picks), context.bounds)}
    if context.audience == FACILITATOR:
        return {**entry, "name": name, "count": len(points), "priorities": picks,
                "points": [{"id": p.id, "text": p.text, "hidden": p.hidden,
                            "highlighted": p.highlighted} for p in points]}
    visible = [p for p in points if not p.hidden]
    shown = _shown_on_projector(context, group_id, visible, picks)
    return {**entry, "name": rules.group_names([(group_id, name)], context.anonymous)[group_id],
            "count": len(visible),
            "priorities": [p for p in picks if p in {v.id for v in visible}],
            "points": [{"id": p.id, "text": p.text, "highlighted": p.highlighted}
                       for p in shown]}


def _shown_on_projector(context: _Context, group_id: int, visible: list, picks: list[str]
                        ) -> list:
    """The points the projector shows of a group: on a wall, all of them once revealed; in a
    report-back, only the group on screen's (its picks, when the question asks for them)."""
    if context.display.mode is DisplayMode.REPORT:
        if context.display.group != group_id:
            return []
        return [p for p in visible if p.id in picks] if context.bounds else visible
    return visible if context.revealed else []


def _summary_slide(store: Store, seminar: Seminar, display: Display) -> dict:
    """A question's ranking as the big screen shows it: the items revealed so far (no single
    point the facilitator hid), with the groups behind each, and what is still to come."""
    question = kit_question(seminar, display.question)
    bounds = question.prioritise
    if bounds is None:  # _display shows no summary of such a question
        raise InvalidInput(N_("This question does not ask for priorities."))
    found = summary.question_points(store, seminar, question.id)
    items = rerank([item for item in summary.ranking(found, bounds)
                    if item.theme is not None or item.points[0].point not in found.hidden])
    shown, total = rules.reveal(items, display.step)
    anonymous = current_record(store, seminar).anonymous_wall
    numbers = {group_id: n for n, group_id in enumerate(found.group_names, start=1)}
    names = rules.group_names(list(found.group_names.items()), anonymous)
    picks = Counter(pick.group for pick in found.picks if pick.rank is not None)
    counted = votes.votes_by_item(store, seminar, question.id)
    return {
        "title": question.title, "prioritise": list(bounds),
        "anonymous": anonymous, "total": total, "more": max(len(items) - total, 0),
        "top_weight": items[0].weight if items else 0,
        "groups_total": len(found.group_names),
        "groups_prioritised": sum(1 for g in found.group_names
                                  if rules.has_prioritised(picks[g], bounds)),
        "items": [{"rank": item.rank, "title": item.title, "weight": item.weight,
                   "theme": item.theme is not None, "points": len(item.points),
                   "groups": [{"number": numbers[g], "name": names[g]} for g in item.groups],
                   "votes": None if counted is None else counted.get(item_key(item))}
                  for item in shown],
        "voted": counted is not None,  # the hall's vote, beside the groups' own ranking
    }


def _closing(store: Store, seminar: Seminar) -> dict:
    """The closing slide: the seminar's title and what the groups produced together."""
    return {"title": seminar.kit.title, "groups_total": len(store.groups.all(seminar.record.id)),
            "points_total": store.plenary.count_accepted_points(seminar.record.id)}
