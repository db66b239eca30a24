"""The compiled summary: per question the groups' points, their priorities ranked across groups,
the facilitator's themes and suggestions of likely duplicates; and the theme changes.

The summary is built from the store whenever it is asked for, so it is available at any time
during the seminar, not only at the end. Only the groups' accepted points count (a suggestion
the scribe has not accepted is not the group's answer yet).
"""

from dataclasses import dataclass

from seminar.domain import summary as rules
from seminar.domain import votes as votes_rules
from seminar.domain.answers import clean_client_id
from seminar.domain.errors import InvalidInput, NotFound
from seminar.domain.limits import MAX_SUGGESTIONS, MAX_THEME_TITLE
from seminar.domain.messages import N_
from seminar.domain.plenary import live_picks
from seminar.domain.summary import Pick
from seminar.services.events import DisplayChanged, SummaryChanged
from seminar.services.seminars import Seminar, kit_question
from seminar.store import Store


class ThemeNotFound(NotFound):
    code = "theme_not_found"
    template = N_("That theme no longer exists.")


@dataclass(frozen=True)
class QuestionPoints:
    """One question's accepted points in the groups' order, with each group's priorities."""

    picks: list[Pick]
    group_names: dict[int, str]
    themes: dict[int, tuple[str, list[str]]]  # theme id -> (title, point ids)
    hidden: set[str]


def question_points(store: Store, seminar: Seminar, question: str) -> QuestionPoints:
    """Read one question's points, priorities and themes (inside the caller's read)."""
    groups = store.groups.all(seminar.record.id)
    points = store.plenary.wall_points(seminar.record.id, question)
    stored = store.plenary.priorities_of_question(seminar.record.id, question)
    picks = []
    for group in groups:
        own = [p for p in points if p.group_id == group.id]
        ranks = {point: n for n, point in enumerate(
            live_picks(stored.get(group.id, []), {p.id for p in own}), start=1)}
        picks += [Pick(p.id, group.id, p.text, ranks.get(p.id)) for p in own]
    live = {pick.point for pick in picks}
    themes = {t.id: (t.title, [p for p in t.points if p in live])
              for t in store.summary.themes(seminar.record.id) if t.question_id == question}
    return QuestionPoints(picks, {g.id: g.name for g in groups}, themes,
                          {p.id for p in points if p.hidden})


def ranking(found: QuestionPoints, bounds: tuple[int, int] | None) -> list[rules.RankedItem]:
    return rules.rank_items(found.picks, found.themes, bounds[1]) if bounds else []


def compile_summary(store: Store, seminar: Seminar, *, suggestions: bool = True) -> dict:
    """Everything the facilitator's summary shows, for every question of the kit."""
    questions = []
    with store.read():
        rejected = store.summary.rejected_pairs(seminar.record.id)
        for block in seminar.kit.blocks:
            for question in block.questions:
                found = question_points(store, seminar, question.id)
                entry = _question_json(question, block.title, found, rejected, suggestions)
                questions.append(_with_votes(store, seminar, question, entry))
    return {"code": seminar.code, "questions": questions}


def _question_json(question, block_title: str, found: QuestionPoints, rejected, suggestions
                   ) -> dict:
    names = found.group_names

    def point(pick: Pick) -> dict:
        return {"id": pick.point, "text": pick.text, "group": names[pick.group],
                "priority": pick.rank}

    theme_of = {p: theme_id for theme_id, (_, members) in found.themes.items() for p in members}
    candidates = [p for p in found.picks if p.rank is not None] if question.prioritise \
        else found.picks
    pairs = rules.suggest_duplicates(candidates, theme_of, rejected) if suggestions else []
    return {
        "id": question.id, "title": question.title, "block": block_title,
        "prioritise": list(question.prioritise) if question.prioritise else None,
        "ranking": [{"rank": item.rank, "title": item.title, "weight": item.weight,
                     "groups": [names[g] for g in item.groups], "theme": item.theme,
                     "points": [point(p) for p in item.points]}
                    for item in ranking(found, question.prioritise)],
        "themes": [{"id": theme_id, "title": title, "points": members}
                   for theme_id, (title, members) in found.themes.items()],
        "suggestions": [{"a": point(a), "b": point(b), "score": score}
                        for a, b, score in pairs[:MAX_SUGGESTIONS]],
        "groups": [{"id": group_id, "name": name,
                    "points": [{**point(p), "theme": theme_of.get(p.point)}
                               for p in found.picks if p.group == group_id]}
                   for group_id, name in names.items()],
    }


def _with_votes(store: Store, seminar: Seminar, question, entry: dict) -> dict:
    """The vote across groups beside the groups' own ranking (inside the caller's read):
    ``vote`` is None for a question without ``stemmer``, otherwise ``{allowed, opened, open,
    voters}``; each ranking item gets its ``key`` and its ``votes`` (None if it was not in the
    vote, or no vote was opened)."""
    for item in entry["ranking"]:
        item["key"] = f"theme:{item['theme']}" if item["theme"] is not None \
            else f"point:{item['points'][0]['id']}"
        item["votes"] = None
    if not question.votes or question.prioritise is None:
        return {**entry, "vote": None}
    record = store.votes.get(seminar.record.id, question.id)
    if record is None:
        return {**entry, "vote": {"allowed": question.votes, "opened": False, "open": False,
                                  "voters": 0}}
    ballots = store.votes.ballots(seminar.record.id, question.id)
    counted = votes_rules.tally(record.items, [(b.participant_id, b.item_key) for b in ballots])
    for item in entry["ranking"]:
        item["votes"] = counted.votes.get(item["key"])
    return {**entry, "vote": {"allowed": question.votes, "opened": True, "open": record.open,
                              "voters": counted.voters}}


# -- themes --------------------------------------------------------------------------------------

def create_theme(store: Store, seminar: Seminar, question: object, title: object,
                 points: object, now: float
                 ) -> tuple[int, list[SummaryChanged | DisplayChanged]]:
    """The facilitator gathers similar points of one question under a title."""
    question_id = kit_question(seminar, question).id
    title = _title(title)
    with store.write():
        point_ids = _points(store, seminar, question_id, points)
        theme_id = store.summary.insert_theme(seminar.record.id, question_id, title, now)
        store.summary.put_in_theme(theme_id, point_ids)
        store.summary.delete_empty_themes(seminar.record.id)
    return theme_id, _changed(store, seminar)


def change_theme(store: Store, seminar: Seminar, theme: object, *, title: object = None,
                 add: object = None, remove: object = None, delete: object = False
                 ) -> list[SummaryChanged | DisplayChanged]:
    """Rename a theme, add points to it, take points out of it, or dissolve it."""
    if not isinstance(theme, int) or isinstance(theme, bool) or not isinstance(delete, bool):
        raise InvalidInput()
    with store.write():
        record = store.summary.theme(seminar.record.id, theme)
        if record is None:
            raise ThemeNotFound()
        if delete:
            store.summary.delete_theme(record.id)
            return _changed(store, seminar)
        if title is not None:
            store.summary.rename_theme(record.id, _title(title))
        if add is not None:
            store.summary.put_in_theme(record.id, _points(store, seminar, record.question_id, add))
        if remove is not None:
            store.summary.take_from_themes([p for p in _points(store, seminar, record.question_id,
                                                               remove) if p in record.points])
        store.summary.delete_empty_themes(seminar.record.id)
    return _changed(store, seminar)


def reject_suggestion(store: Store, seminar: Seminar, points: object
                      ) -> list[SummaryChanged | DisplayChanged]:
    """The facilitator says two suggested points are not the same; never suggest them again."""
    if not isinstance(points, list) or len(points) != 2:
        raise InvalidInput()
    first, second = (clean_client_id(p) for p in points)
    with store.write():
        for point_id in (first, second):
            found = store.answers.point(seminar.record.id, point_id)
            if found is None or found[1]:
                raise InvalidInput(N_("That point no longer exists."))
        store.summary.reject_pair(seminar.record.id, first, second)
    return _changed(store, seminar)


def _changed(store: Store, seminar: Seminar) -> list[SummaryChanged | DisplayChanged]:
    """The themes changed: the facilitators fetch the summary again, and a summary on the big
    screen is rebuilt."""
    from seminar.services.plenary import summary_shown  # plenary builds on this module

    shown = summary_shown(store, seminar)
    return [SummaryChanged(seminar.code), *([DisplayChanged(seminar.code)] if shown else [])]


def _title(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(N_("Give the theme a title."))
    if len(value.strip()) > MAX_THEME_TITLE:
        raise InvalidInput(N_("A theme title can be at most %(max)s characters."),
                           max=MAX_THEME_TITLE)
    return value.strip()


def _points(store: Store, seminar: Seminar, question: str, value: object) -> list[str]:
    """Live, accepted points of ``question`` in this seminar (at least one, each once)."""
    if not isinstance(value, list) or not value or len(value) > 200:
        raise InvalidInput()
    ids = list(dict.fromkeys(clean_client_id(p) for p in value))
    live = {p.id for p in store.plenary.wall_points(seminar.record.id, question)}
    if not set(ids) <= live:
        raise InvalidInput(N_("That point no longer exists."))
    return ids
