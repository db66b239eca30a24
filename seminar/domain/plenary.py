"""The plenary rules: what the big screen shows, and each group's ordered priorities.

The facilitator decides what the projector shows: the programme (the current block and its
countdown), the answer wall of one question (every group's points, or only how many until the
facilitator reveals them), or the report-back of one question, which steps through the groups
one at a time and shows each group's priorities in the order the group chose, or the
compiled summary of a question with priorities, revealed one ranked item at a time, or the
closing slide, or how to join (the QR code and the code, the whole screen).

What does not fit on the screen is paged, and the pages turn by themselves every ``PAGE_MS``.
How many pages there are depends on the screen, so the server keeps only the clock of the
paging: every screen shows page ``(offset + floor((now - anchor) / PAGE_MS)) mod pages``, from
the server's clock, so that screens of one size show the same page. The facilitator turns a page
by hand (``turn_page``) or pauses the turning (``set_paging``).

On a question the kit marks with ``prioritise = (low, high)``, a group picks from ``low`` to
``high`` of its own points, in order. A point deleted later simply drops out of the picks; the
group counts as having prioritised while at least ``low`` of its picks are still there.
"""

import math
from collections.abc import Set
from dataclasses import dataclass, replace
from enum import StrEnum

from seminar.domain.errors import InvalidInput, InvalidTransition, SeminarError
from seminar.domain.kit import Kit
from seminar.domain.messages import N_


class DisplayMode(StrEnum):
    PROGRAMME = "programme"
    JOIN = "join"
    WALL = "wall"
    REPORT = "report"
    SUMMARY = "summary"
    CLOSING = "closing"
    POLL = "poll"  # a poll item's results (question: the item id; step 1: by group)
    PANEL = "panel"  # the questions to the panel: the top ones, or the pinned one
    VOTE = "vote"  # the vote across groups on a question's summary (question: its id)


QUESTION_MODES = (DisplayMode.WALL, DisplayMode.REPORT, DisplayMode.SUMMARY)
SUMMARY_ITEMS = 10  # the big screen's summary shows the top ten items of the ranking
# A page stays 15 s: at the projector's 3.5 %-of-the-height type a page holds some 40–70 words
# (a few wall cards, two or three summary items), which a hall reads silently in 12–18 s; the
# facilitator pauses the turning to talk about one page, or turns the pages by hand.
PAGE_MS = 15_000


class PrioritiesClosed(SeminarError):
    code = "priorities_closed"
    template = N_("Prioritising this question is not open. The facilitator opens it.")


@dataclass(frozen=True)
class Display:
    """What the projector shows: the programme, a question's wall, report-back or summary, or
    the closing slide."""

    mode: DisplayMode = DisplayMode.PROGRAMME
    question: str | None = None
    step: int = 0  # the report-back: the index of the group being shown (the summary: how
    #                many ranked items are revealed) …
    group: int | None = None  # … and its id, so that it stays on screen when others go
    anchor_ms: int = 0  # the server time (ms) the automatic page turning counts from …
    offset: int = 0  # … the pages turned before it (by hand, or by the clock before a pause) …
    paused: bool = False  # … and whether the pages stay where they are

    def as_json(self) -> dict:
        return {"mode": str(self.mode), "question": self.question, "step": self.step,
                "group": self.group,
                "paging": {"anchor_ms": self.anchor_ms, "offset": self.offset,
                           "paused": self.paused, "page_ms": PAGE_MS}}

    @classmethod
    def from_json(cls, value: object) -> "Display":
        """A stored display; anything unreadable is the programme."""
        if not isinstance(value, dict):
            return cls()
        mode = value.get("mode")
        if not isinstance(mode, str):
            return cls()
        try:
            group = value.get("group")
            display = cls(DisplayMode(mode), value.get("question"),
                          int(value.get("step") or 0), int(group) if group is not None else None)
        except (ValueError, TypeError):
            return cls()
        paging = value.get("paging")
        if not isinstance(paging, dict):
            return display
        try:
            return replace(display, anchor_ms=int(paging.get("anchor_ms") or 0),
                           offset=int(paging.get("offset") or 0),
                           paused=paging.get("paused") is True)
        except (ValueError, TypeError):
            return display


def choose_display(mode: object, question: object, step: object, questions: set[str],
                   prioritised: Set[str] = frozenset(), items: Set[str] = frozenset(),
                   voting: Set[str] = frozenset()) -> Display:
    """The facilitator's choice of what the projector shows, checked against the kit (the
    summary only of a question in ``prioritised``, the questions that ask for priorities; a
    poll only of one of the kit's poll ``items``; a vote only of a question in ``voting``,
    those with ``stemmer``)."""
    if not isinstance(mode, str):
        raise InvalidInput()
    try:
        chosen = DisplayMode(mode)
    except ValueError:
        raise InvalidInput() from None
    if chosen is DisplayMode.PROGRAMME:
        return Display()
    if chosen in (DisplayMode.CLOSING, DisplayMode.JOIN, DisplayMode.PANEL):
        return Display(chosen)
    if chosen is DisplayMode.POLL:
        if not isinstance(question, str) or question not in items:
            raise InvalidInput(N_("There is no such poll."))
        return Display(chosen, question, 1 if step == 1 else 0)
    if chosen is DisplayMode.VOTE:
        if not isinstance(question, str) or question not in voting:
            raise InvalidInput(N_("There is no vote on that question."))
        return Display(chosen, question)
    if not isinstance(question, str) or question not in questions:
        raise InvalidInput(N_("There is no such question."))
    if chosen is DisplayMode.SUMMARY and question not in prioritised:
        raise InvalidInput(N_("This question does not ask for priorities."))
    if not isinstance(step, int) or isinstance(step, bool) or step < 0:
        raise InvalidInput()
    if chosen is DisplayMode.SUMMARY:
        return Display(chosen, question, min(step, SUMMARY_ITEMS))
    return Display(chosen, question, step if chosen is DisplayMode.REPORT else 0)


def _ms(now: float) -> int:
    return round(now * 1000)


def pages_turned(display: Display, now: float) -> int:
    """How many pages the display has turned at ``now`` (the screens take it modulo their
    number of pages)."""
    if display.paused:
        return display.offset
    return display.offset + math.floor((_ms(now) - display.anchor_ms) / PAGE_MS)


def start_paging(display: Display, previous: Display, now: float) -> Display:
    """A newly chosen display starts on its first page (the summary, when one more item is
    revealed, on its last page, where that item is), paused if the previous one was."""
    revealed_one = display.mode is DisplayMode.SUMMARY and previous.mode is DisplayMode.SUMMARY \
        and display.question == previous.question and display.step == previous.step + 1
    return replace(display, anchor_ms=_ms(now), offset=-1 if revealed_one else 0,
                   paused=previous.paused)


def turn_page(display: Display, step: object, now: float) -> Display:
    """The facilitator turns the page (``step`` 1 or -1); the next turn by itself comes a
    whole page time later."""
    if type(step) is not int or step not in (1, -1):
        raise InvalidInput()
    return replace(display, offset=pages_turned(display, now) + step, anchor_ms=_ms(now))


def set_paging(display: Display, paused: object, now: float) -> Display:
    """The facilitator pauses the page turning (the page on screen stays) or resumes it."""
    if not isinstance(paused, bool):
        raise InvalidInput()
    if paused is display.paused:
        return display
    return replace(display, offset=pages_turned(display, now), anchor_ms=_ms(now),
                   paused=paused)


def reveal(items: list, step: int) -> tuple[list, int]:
    """The summary's items on screen at ``step``, and how many there are to reveal: the top
    ``SUMMARY_ITEMS``, most weight first, the first ``step`` of them."""
    top = items[:SUMMARY_ITEMS]
    return top[:max(step, 0)], len(top)


def fit_to_kit(display: Display, kit: Kit) -> Display:
    """What the projector shows of ``display`` with ``kit``: the programme instead of a
    question the kit no longer has (it was removed), or of a summary of a question that no
    longer asks for priorities."""
    if display.mode is DisplayMode.POLL:
        return display if kit.item(display.question) is not None else Display()
    if display.mode is DisplayMode.VOTE:
        question = kit.question(display.question)
        voting = question is not None and question.prioritise is not None and question.votes
        return display if voting else Display()
    if display.mode not in QUESTION_MODES:
        return display
    question = kit.question(display.question)
    if question is None or (display.mode is DisplayMode.SUMMARY and question.prioritise is None):
        return Display()
    return display


def settle_report(display: Display, group_ids: list[int], *, follow_group: bool = True
                  ) -> Display:
    """Keep the report-back on an existing group: on the group it showed while that group is
    still there (``follow_group``), otherwise at the same place within the groups."""
    if display.mode is not DisplayMode.REPORT:
        return display
    if follow_group and display.group in group_ids:
        step = group_ids.index(display.group)
    else:
        step = min(display.step, max(len(group_ids) - 1, 0))
    return replace(display, step=step, group=group_ids[step] if group_ids else None)


def check_picks(picks: object, available: list[str], bounds: tuple[int, int]) -> list[str]:
    """A group's priorities: ``low``–``high`` different points of its own, in order."""
    low, high = bounds
    if not isinstance(picks, list) or not all(isinstance(p, str) for p in picks):
        raise InvalidInput()
    if len(set(picks)) != len(picks):
        raise InvalidInput(N_("Each point can be picked only once."))
    if not set(picks) <= set(available):
        raise InvalidTransition(N_("A picked point is no longer among the group's points. "
                                   "Pick again."))
    if not low <= len(picks) <= high:
        raise InvalidInput(N_("Pick from %(low)s to %(high)s points."), low=low, high=high)
    return picks


def live_picks(picks: list[str], live: set[str]) -> list[str]:
    """The picks that are still among the group's points, in the group's order."""
    return [point for point in picks if point in live]


def has_prioritised(live: int, bounds: tuple[int, int]) -> bool:
    """Whether a group with ``live`` picks still standing counts as having prioritised."""
    return live >= bounds[0]


def group_names(groups: list[tuple[int, str]], anonymous: bool) -> dict[int, str | None]:
    """The group names the big screen may show: none when the seminar is anonymous (the screen
    then numbers the groups in the order they were made)."""
    return {group_id: None if anonymous else name for group_id, name in groups}
