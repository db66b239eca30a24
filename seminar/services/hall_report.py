"""The hall's part of the report (issue 16): the questions to the panel, the polls and the
evaluation, read inside ``seminar.services.report.build_report``'s read transaction.

The results are the polls' own tallies (``seminar.domain.polls.tally`` and ``breakdown``, as
the facilitator gets them: hidden open answers marked, banned words left out), except that
the report keeps every word a cloud counts and every open answer, where a screen shows only
the top of them.
"""

from seminar.domain import panel
from seminar.domain.kit import ItemKind, PollItem
from seminar.domain.limits import MAX_WORDS_PER_ANSWER
from seminar.domain.polls import Answer, breakdown, tally, top_words
from seminar.domain.report import ReportPanelQuestion, ReportPollItem
from seminar.services.seminars import Seminar
from seminar.store import Store


def panel_questions(store: Store, seminar: Seminar, include_names: bool
                    ) -> tuple[tuple[ReportPanelQuestion, ...], bool]:
    """Every question to the panel, in the facilitator's order, and the approval setting."""
    approval, _ = store.panel.settings(seminar.record.id)
    questions = tuple(
        ReportPanelQuestion(text=q.text, name=q.name if include_names else "",
                            state=str(q.state), votes=q.votes, pinned=q.pinned,
                            asked_at=q.asked_at)
        for q in panel.ordered(store.panel.questions(seminar.record.id)))
    return questions, approval


def poll_items(store: Store, seminar: Seminar
               ) -> tuple[tuple[ReportPollItem, ...], tuple[ReportPollItem, ...]]:
    """The programme's poll items (in the kit's order), then the evaluation's."""
    states = store.polls.states(seminar.record.id)
    groups = {group.id: group.name for group in store.groups.all(seminar.record.id)}

    def item(entry: PollItem, block: str | None) -> ReportPollItem:
        state = states.get(entry.id)
        answers = store.polls.answers(seminar.record.id, entry.id)
        bans = store.polls.bans(seminar.record.id, entry.id)
        return ReportPollItem(
            id=entry.id, title=entry.title, kind=str(entry.kind), block=block,
            options=tuple(entry.options), scale=entry.scale, labels=entry.labels,
            opened_at=state.opened_at if state else None,
            closed_at=state.closed_at if state else None,
            results=_everything(entry, answers, bans),
            groups=tuple(breakdown(entry, answers, groups, banned=bans, public=False)))

    polls = tuple(item(entry, block.title) for block in seminar.kit.blocks
                  for entry in block.items)
    return polls, tuple(item(entry, None) for entry in seminar.kit.evaluation)


def _everything(item: PollItem, answers: list[Answer], bans: list[str]) -> dict:
    """The facilitator's tally, with every counted word and every open answer (oldest
    first, as they were given)."""
    results = tally(item, answers, banned=bans, public=False)
    if item.kind is ItemKind.WORD_CLOUD:
        results["words"] = top_words(answers, bans, limit=MAX_WORDS_PER_ANSWER * len(answers))
    elif item.kind is ItemKind.OPEN:
        results["answers"] = [{"id": a.id, "text": a.value, "hidden": a.hidden}
                              for a in sorted(answers, key=lambda a: (a.updated_at, a.id))]
    return results
