"""The seminar report: everything the exports write, as plain immutable values.

Built by ``seminar.services.report.build_report`` from the store, and written by the renderers
in ``seminar.exports`` (Word, Excel, CSV, Markdown, e-mail) and the print view. Names of
participants are only in it when the facilitator chose to include them. A question removed
from the kit after it had answers keeps them here (``Report.removed_questions``), and every
renderer marks it as removed. The hall's part (issue 16) is in ``Report.panel`` (the
questions to the panel as the facilitator's list has them: hidden ones too, marked) and
``Report.polls`` / ``Report.evaluation`` (every poll item of the programme and of the
evaluation, with the tally and the breakdown by group of ``seminar.domain.polls``).
"""

from dataclasses import dataclass

from seminar.domain.summary import RankedItem
from seminar.domain.votes import item_key


@dataclass(frozen=True)
class ReportBlock:
    """One block of the programme as planned and as run (times in epoch seconds)."""

    title: str
    kind: str  # BlockKind value
    day: int
    planned_start: int | None  # minutes after midnight, from the kit
    planned_minutes: int
    started_at: float | None  # when it was first started; None if never run
    ran_minutes: float | None  # minutes it ran (without pauses); None if never run
    status: str  # BlockStatus value: done, current, skipped, upcoming


@dataclass(frozen=True)
class ReportPoint:
    id: str
    group: str  # the group's name
    text: str  # exactly as typed
    priority: int | None  # 1 = the group's first priority
    theme: str | None  # the title of its theme
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class ReportVote:
    """The hall's vote on a question's summary (the vote across groups), beside the groups'
    own ranking: each person's number of votes, when it opened and closed, how many voted and
    the votes per item key (``theme:<id>`` / ``point:<id>``, as frozen when it opened)."""

    allowed: int
    opened_at: float
    closed_at: float | None
    voters: int
    votes: dict[str, int]

    def of(self, item: RankedItem) -> int | None:
        """The votes for a ranked item; None if it was not in the vote (it came later)."""
        return self.votes.get(item_key(item))


@dataclass(frozen=True)
class ReportQuestion:
    id: str
    title: str
    text: str  # Markdown, from the kit
    block: str  # the block's title
    prioritise: tuple[int, int] | None
    points: tuple[ReportPoint, ...]  # by group (in the groups' order), then the group's order
    ranking: tuple[RankedItem, ...]  # only for questions with priorities
    group_names: dict[int, str]  # group id -> name, for ``RankedItem.groups``
    removed_at: float | None = None  # when it was taken out of the kit; None: still in it
    vote: ReportVote | None = None  # the vote across groups, if one was opened


@dataclass(frozen=True)
class ReportGroup:
    name: str
    members: tuple[str, ...]  # names; empty unless names are included
    size: int
    roles: tuple[tuple[str, str], ...]  # (role name, member name); empty unless names included


@dataclass(frozen=True)
class ReportPanelQuestion:
    """A question to the panel as the facilitator saw it (``name`` is "" unless names are
    included or none was given)."""

    text: str
    name: str
    state: str  # seminar.domain.panel.State value: pending, visible, hidden, answered
    votes: int
    pinned: bool
    asked_at: float

    @property
    def answered(self) -> bool:
        return self.state == "answered"

    @property
    def hidden(self) -> bool:
        return self.state == "hidden"


@dataclass(frozen=True)
class ReportPollItem:
    """A poll item (or an evaluation item) with its results: ``results`` is the facilitator's
    tally (``seminar.domain.polls.tally``: every word the cloud counts, every open answer with
    its hidden mark) and ``groups`` the breakdown by group (``seminar.domain.polls.breakdown``)."""

    id: str
    title: str
    kind: str  # ItemKind value: scale, choice, word-cloud, open
    block: str | None  # the block's title; None for an evaluation item
    options: tuple[str, ...]  # a choice's options
    scale: tuple[int, int] | None  # a scale's range
    labels: tuple[str, str] | None  # a scale's end labels
    opened_at: float | None  # when it was last opened; None if never
    closed_at: float | None  # when it was closed; None if open (or never opened)
    results: dict
    groups: tuple[dict, ...]  # {group, name, results}; no-group answers last (name None)

    @property
    def count(self) -> int:
        return int(self.results.get("count", 0))


@dataclass(frozen=True)
class Report:
    title: str
    code: str
    date: str | None
    place: str | None
    organiser: str | None
    subject: str | None  # the e-mail subject line from the kit
    generated_at: float
    include_names: bool
    programme: tuple[ReportBlock, ...]
    groups: tuple[ReportGroup, ...]
    questions: tuple[ReportQuestion, ...]  # the programme's, in its order
    # Questions taken out of the kit after groups had answered them, in the order they were
    # removed: their answers stay in the report, marked as belonging to a removed question.
    removed_questions: tuple[ReportQuestion, ...] = ()
    # The hall's part (issue 16): questions to the panel (most votes first, then the time of
    # asking), whether they waited for approval, and the poll and evaluation items in the kit's
    # order.
    panel: tuple[ReportPanelQuestion, ...] = ()
    panel_approval: bool = False
    polls: tuple[ReportPollItem, ...] = ()
    evaluation: tuple[ReportPollItem, ...] = ()

    def prioritised(self) -> tuple[ReportQuestion, ...]:
        """The programme's questions that ask for priorities (removed ones are not among
        them: the summary of the priorities is the programme's)."""
        return tuple(q for q in self.questions if q.prioritise)

    def all_questions(self) -> tuple[ReportQuestion, ...]:
        """The programme's questions, then the removed ones."""
        return self.questions + self.removed_questions
