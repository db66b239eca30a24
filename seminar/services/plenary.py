"""The plenary: what the big screen shows, the answer wall, moderation and the report-back.

Two audiences see the wall. The projector is public (anyone with the code may open it), so its
view holds only what is on screen: no hidden points, no point texts before the facilitator
reveals them, no group names in an anonymous seminar, and in a report-back of a question with
priorities only the picked points. The facilitators' view holds everything, with the flags.
"""

from dataclasses import dataclass

from seminar.domain import plenary as rules
from seminar.domain.answers import PointNotFound, clean_client_id
from seminar.domain.errors import InvalidInput
from seminar.domain.messages import N_
from seminar.domain.plenary import Display, DisplayMode
from seminar.services.answers import AnswersChanged
from seminar.services.seminars import Seminar
from seminar.store import Store

PROJECTOR = "projector"
FACILITATOR = "facilitator"


@dataclass(frozen=True)
class WallUpdate:
    """One group's entry of a question's wall changed; ``shown`` if the projector shows it."""

    question: str
    group: int
    shown: bool


def plenary_settings(store: Store, seminar: Seminar) -> dict:
    """What every screen may know: anonymity, and per question whether its points are revealed
    and whether prioritising is open."""
    with store.read():
        stored = store.question_settings(seminar.record.id)
        anonymous = store.seminar_by_id(seminar.record.id).anonymous_wall
    return {"anonymous": anonymous, "questions": {
        q.id: stored.get(q.id, {"revealed": False, "priorities_open": False})
        for q in seminar.kit.questions()}}


def configure(store: Store, seminar: Seminar, question: object = None, *,
              revealed: object = None, priorities_open: object = None,
              anonymous: object = None) -> None:
    """The facilitator: reveal a question's points on the wall (or hide them again), open or
    close its prioritising, and show or hide group names on the big screen."""
    values = {"revealed": revealed, "priorities_open": priorities_open}
    values = {name: value for name, value in values.items() if value is not None}
    if not all(isinstance(v, bool) for v in [*values.values(), anonymous] if v is not None):
        raise InvalidInput()
    if values and question not in {q.id for q in seminar.kit.questions()}:
        raise InvalidInput()
    if values.get("priorities_open") and _bounds(seminar, question) is None:
        raise InvalidInput()
    with store.write():
        if values:
            store.set_question_setting(seminar.record.id, question, **values)
        if anonymous is not None:
            store.set_anonymous_wall(seminar.record.id, anonymous)
        store.bump_display_version(seminar.record.id)


def show(store: Store, seminar: Seminar, mode: object, question: object = None,
         step: object = 0) -> None:
    """The facilitator: what the projector shows (the programme, a wall, a report-back)."""
    display = rules.choose_display(mode, question, step,
                                   {q.id for q in seminar.kit.questions()})
    with store.write():
        display = rules.clamp_step(display, len(store.groups(seminar.record.id)))
        store.save_display(seminar.record.id, display.as_json())


def moderate(store: Store, seminar: Seminar, point_id: object, *, hidden: object = None,
             highlighted: object = None) -> WallUpdate:
    """The facilitator: hide a point from the big screen, or highlight it there."""
    flags = {name: value for name, value in {"hidden": hidden, "highlighted": highlighted}.items()
             if value is not None}
    if not flags or not all(isinstance(value, bool) for value in flags.values()):
        raise InvalidInput()
    point_id = clean_client_id(point_id)
    with store.write():
        found = store.point(seminar.record.id, point_id)
        if found is None or found[1]:
            raise PointNotFound()
        point = found[0]
        store.set_point_flags(point.id, **flags)
        store.bump_answer_seq(point.group_id)  # screens take the newer entry
        display = _display(store, seminar)[0]
    return WallUpdate(point.question_id, point.group_id, _shows(display, point.question_id))


def wall_updates(store: Store, seminar: Seminar, changes: list[AnswersChanged]
                 ) -> list[WallUpdate]:
    """Which wall entries the answer changes touched, and whether the projector shows them."""
    with store.read():
        display = _display(store, seminar)[0]
    return [WallUpdate(change.question, change.group, _shows(display, change.question))
            for change in changes if change.question is not None]


def projector_view(store: Store, seminar: Seminar) -> dict:
    """Everything the projector needs for what it shows now."""
    with store.read():
        display, version = _display(store, seminar)
        view = {"version": version, **display.as_json()}
        if display.mode is DisplayMode.PROGRAMME:
            return view
        return {**view, **_wall(store, seminar, display.question, PROJECTOR, display)}


def facilitator_wall(store: Store, seminar: Seminar, question: object) -> dict:
    """Everything about one question's wall, for the facilitator's moderation."""
    if question not in {q.id for q in seminar.kit.questions()}:
        raise InvalidInput(N_("There is no such question."))
    with store.read():
        display, version = _display(store, seminar)
        return {"version": version, "display": display.as_json(),
                **_wall(store, seminar, question, FACILITATOR, display)}


def wall_entry(store: Store, seminar: Seminar, update: WallUpdate, audience: str) -> dict | None:
    """One group's entry of a question's wall, for ``audience``; None if the group is gone."""
    with store.read():
        display, version = _display(store, seminar)
        group = store.group(seminar.record.id, update.group)
        if group is None:
            return None
        number = 1 + [g.id for g in store.groups(seminar.record.id)].index(group.id)
        anonymous = store.seminar_by_id(seminar.record.id).anonymous_wall
        settings = _settings(store, seminar, update.question)
        entry = _entry(store, seminar, update.question, (group.id, group.name, number),
                       audience, display, anonymous, settings,
                       store.wall_points(seminar.record.id, update.question, group.id))
    return {"version": version, "question": update.question, "group": entry}


# -- building the views --------------------------------------------------------------------------

def _display(store: Store, seminar: Seminar) -> tuple[Display, int]:
    stored, version = store.display(seminar.record.id)
    display = Display.from_json(stored)
    questions = {q.id for q in seminar.kit.questions()}
    if display.mode is not DisplayMode.PROGRAMME and display.question not in questions:
        display = Display()
    return rules.clamp_step(display, len(store.groups(seminar.record.id))), version


def _shows(display: Display, question: str) -> bool:
    return display.mode is not DisplayMode.PROGRAMME and display.question == question


def _bounds(seminar: Seminar, question: str) -> tuple[int, int] | None:
    return next((q.prioritise for q in seminar.kit.questions() if q.id == question), None)


def _settings(store: Store, seminar: Seminar, question: str) -> dict:
    return store.question_settings(seminar.record.id).get(
        question, {"revealed": False, "priorities_open": False})


def _wall(store: Store, seminar: Seminar, question: str, audience: str,
          display: Display) -> dict:
    kit_question = next(q for q in seminar.kit.questions() if q.id == question)
    anonymous = store.seminar_by_id(seminar.record.id).anonymous_wall
    settings = _settings(store, seminar, question)
    points = store.wall_points(seminar.record.id, question)
    groups = store.groups(seminar.record.id)
    return {
        "title": kit_question.title,
        "prioritise": list(kit_question.prioritise) if kit_question.prioritise else None,
        "anonymous": anonymous, **settings,
        "groups": [_entry(store, seminar, question, (group.id, group.name, number), audience,
                          display, anonymous, settings,
                          [p for p in points if p.group_id == group.id])
                   for number, group in enumerate(groups, start=1)],
    }


def _entry(store, seminar, question, group, audience, display, anonymous, settings,
           points) -> dict:
    """One group's card on the wall: its points, its priorities and whether it has picked."""
    group_id, name, number = group
    bounds = _bounds(seminar, question)
    live = {point.id for point in points}
    picks = rules.live_picks(store.priorities_of_group(group_id).get(question, []), live)
    entry = {"id": group_id, "number": number, "seq": store.answer_seq(group_id),
             "priorities": picks,
             "prioritised": bool(bounds) and rules.has_prioritised(len(picks), bounds)}
    if audience == FACILITATOR:
        return {**entry, "name": name, "count": len(points),
                "points": [{"id": p.id, "text": p.text, "hidden": p.hidden,
                            "highlighted": p.highlighted} for p in points]}
    shown = [p for p in points if not p.hidden]
    if display.mode is DisplayMode.REPORT and bounds:
        shown = [p for p in shown if p.id in picks]
    elif display.mode is not DisplayMode.REPORT and not settings["revealed"]:
        shown = []
    visible = {p.id for p in points if not p.hidden}
    return {**entry, "name": rules.group_names([(group_id, name)], anonymous)[group_id],
            "count": len(visible), "priorities": [p for p in picks if p in visible],
            "points": [{"id": p.id, "text": p.text, "highlighted": p.highlighted}
                       for p in shown]}
