"""Build the report's outline once, for both the Word and the Markdown export.

The outline is a flat list of headings, paragraphs, tables and lists, already translated. Each
renderer only decides how a block looks, so the two documents always have the same structure:
the result first (the title, date and place, then the ranking of the groups' priorities with
their weights and groups, which is what the organisers came for), then the programme, one
section per question (its themes and every group's points), the questions removed from the
programme after groups had answered them (each marked so, with its old block and all its
answers), the hall's part (the questions to the panel, the polls, the evaluation: see
``_hall``) and the groups.
"""

from dataclasses import dataclass

from seminar.domain.report import Report, ReportPollItem, ReportQuestion
from seminar.exports.formatting import (
    Gettext,
    format_clock,
    format_datetime,
    format_minute_of_day,
    format_minutes,
    kind_label,
    point_notes,
    ranked_groups,
    status_label,
)
from seminar.exports.hall import (
    group_summary_header,
    group_summary_rows,
    item_kind_label,
    item_state,
    panel_note,
    results_summary,
    value_rows,
)
from seminar.exports.rows import group_header, group_rows, points_by_group


@dataclass(frozen=True)
class Heading:
    level: int  # 0: the document's title; 1 to 3: sections
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ListItem:
    text: str  # participant text, exactly as typed
    note: str = ""  # priority, theme or group, in the reader's language


@dataclass(frozen=True)
class ItemList:
    items: tuple[ListItem, ...]
    numbered: bool


Block = Heading | Paragraph | Table | ItemList


def build_outline(report: Report, _: Gettext) -> list[Block]:
    """Return the whole report as blocks, in reading order."""
    blocks = _title(report, _) + _priorities(report, _) + _programme(report, _)
    for question in report.questions:
        blocks += _question(report, question, _)
    return blocks + _removed_questions(report, _) + _hall(report, _) + _groups(report, _)


def _title(report: Report, _: Gettext) -> list[Block]:
    blocks: list[Block] = [Heading(0, report.title)]
    if report.date:
        blocks.append(Paragraph(_("Date: %(date)s") % {"date": report.date}))
    if report.place:
        blocks.append(Paragraph(_("Place: %(place)s") % {"place": report.place}))
    if report.organiser:
        blocks.append(Paragraph(_("Organiser: %(organiser)s") % {
            "organiser": report.organiser}))
    generated = format_datetime(report.generated_at)
    return blocks + [Paragraph(_("Report generated %(time)s") % {"time": generated})]


def _priorities(report: Report, _: Gettext) -> list[Block]:
    """The ranking of every question with priorities, right under the title: page 1.

    No page break follows: the programme may start on page 1 too (a break would add a page)."""
    questions = report.prioritised()
    if not questions:
        return []
    blocks: list[Block] = [Heading(1, _("Summary of the priorities"))]
    for question in questions:
        blocks += [Heading(2, question.title), *_ranking(question, _)]
    return blocks


def _programme(report: Report, _: Gettext) -> list[Block]:
    if not report.programme:
        return [Heading(1, _("Programme")), Paragraph(_("The programme is empty."))]
    header = (_("Day"), _("Block"), _("Kind"), _("Planned start"), _("Planned minutes"),
              _("Actual start"), _("Minutes run"), _("Status"))
    rows = tuple((str(block.day), block.title, kind_label(block.kind, _),
                  format_minute_of_day(block.planned_start), str(block.planned_minutes),
                  format_clock(block.started_at), format_minutes(block.ran_minutes),
                  status_label(block.status, _))
                 for block in report.programme)
    return [Heading(1, _("Programme")), Table(header, rows)]


def _question(report: Report, question: ReportQuestion, _: Gettext) -> list[Block]:
    blocks: list[Block] = [Heading(1, question.title),
                           Paragraph(_("Block: %(block)s") % {"block": question.block})]
    blocks += _themes(question, _)
    blocks.append(Heading(2, _("Points from the groups")))
    for name, points in points_by_group(report, question):
        blocks.append(Heading(3, name))
        items = tuple(ListItem(point.text, point_notes(point, _)) for point in points)
        blocks.append(ItemList(items, numbered=True) if items else Paragraph(_("No points.")))
    return blocks


def _removed_questions(report: Report, _: Gettext) -> list[Block]:
    """One section for the questions taken out of the programme, after its own questions:
    each removed question one level lower than a programme's question (so that its title is
    read under "removed"), with its old block, when it was removed, its ranking if it asked
    for priorities, its themes and every group's points."""
    if not report.removed_questions:
        return []
    blocks: list[Block] = [
        Heading(1, _("Questions removed from the programme")),
        Paragraph(_("These questions were taken out of the programme after groups had "
                    "answered them. Their answers are kept here."))]
    for question in report.removed_questions:
        assert question.removed_at is not None
        blocks += [Heading(2, _("Removed question: %(title)s") % {"title": question.title}),
                   Paragraph(_("Block: %(block)s. Removed %(time)s.") % {
                       "block": question.block, "time": format_datetime(question.removed_at)})]
        if question.prioritise:
            blocks += _ranking(question, _)
        blocks += _themes(question, _, level=3)
        for name, points in points_by_group(report, question):
            items = tuple(ListItem(point.text, point_notes(point, _)) for point in points)
            blocks += [Heading(3, name),
                       ItemList(items, numbered=True) if items else Paragraph(_("No points."))]
    return blocks


def _hall(report: Report, _: Gettext) -> list[Block]:
    """The questions to the panel (hidden ones too, marked), every poll of the programme and
    the evaluation, each with its results and its breakdown by group. Nothing when the kit
    and the hall had none."""
    blocks: list[Block] = []
    if report.panel:
        blocks += [Heading(1, _("Questions to the panel")),
                   Paragraph(_("Most votes first. Questions waited for the facilitator's "
                               "approval.") if report.panel_approval else
                             _("Most votes first. Questions were shown at once.")),
                   ItemList(tuple(ListItem(q.text, panel_note(q, _)) for q in report.panel),
                            numbered=True)]
    if report.polls:
        blocks.append(Heading(1, _("Polls")))
        for item in report.polls:
            blocks += _poll_item(item, _)
    if report.evaluation:
        blocks.append(Heading(1, _("Evaluation")))
        for item in report.evaluation:
            blocks += _poll_item(item, _)
    return blocks


def _poll_item(item: ReportPollItem, _: Gettext) -> list[Block]:
    facts = [item_kind_label(item.kind, _), item_state(item, _),
             _("answers: %(count)s") % {"count": item.count}]
    if item.block:
        facts.insert(0, _("Block: %(block)s") % {"block": item.block})
    summary = results_summary(item, item.results, _) if item.kind == "scale" else ""
    blocks: list[Block] = [Heading(2, item.title), Paragraph(". ".join(
        [*facts, *([summary] if summary else [])]) + ".")]
    values = value_rows(item, item.results, _)
    if item.kind == "open":
        blocks.append(ItemList(tuple(ListItem(text, f"({_('hidden')})" if hidden else "")
                                     for text, _count, hidden in values), numbered=False)
                      if values else Paragraph(_("No answers.")))
    elif item.count:
        header = (_("Word") if item.kind == "word-cloud" else _("Answer"), _("Count"))
        blocks.append(Table(header, tuple((value, str(count)) for value, count, _h in values)))
    if item.groups and item.count:
        blocks += [Heading(3, _("By group")),
                   Table(group_summary_header(_), tuple(group_summary_rows(item, _)))]
    return blocks


def _ranking(question: ReportQuestion, _: Gettext) -> list[Block]:
    low, high = question.prioritise or (0, 0)
    blocks: list[Block] = [Paragraph(_(
        "Each group picked %(low)s to %(high)s priorities. A group's first priority weighs "
        "%(high)s, and each following priority weighs 1 less; a theme adds up the weights of "
        "its points.") % {
            "low": low, "high": high})]
    if not question.ranking:
        return blocks + [Paragraph(_("No group has picked priorities."))]
    if question.vote is not None:
        return blocks + _ranking_with_votes(question, _)
    header = (_("Rank"), _("Title"), _("Weight"), _("Groups"))
    blocks.append(Table(header, tuple(
        (str(item.rank), item.title, str(item.weight), ranked_groups(item, question))
        for item in question.ranking)))
    return blocks


def _ranking_with_votes(question: ReportQuestion, _: Gettext) -> list[Block]:
    """The ranking with the hall's vote beside the groups' own weights."""
    vote = question.vote
    assert vote is not None
    header = (_("Rank"), _("Title"), _("Weight"), _("Votes in the hall"), _("Groups"))
    votes = [vote.of(item) for item in question.ranking]
    return [Paragraph(vote_sentence(question, _)), Table(header, tuple(
        (str(item.rank), item.title, str(item.weight), "–" if count is None else str(count),
         ranked_groups(item, question))
        for item, count in zip(question.ranking, votes, strict=True)))]


def vote_sentence(question: ReportQuestion, _: Gettext) -> str:
    """What the vote across groups was, in a sentence."""
    vote = question.vote
    assert vote is not None
    return _("Everyone in the hall had %(allowed)s votes for the summary's items, at most one "
             "per item; %(voters)s people voted.") % {"allowed": vote.allowed,
                                                       "voters": vote.voters}


def _themes(question: ReportQuestion, _: Gettext, level: int = 2) -> list[Block]:
    """Each ranked theme's points, with their groups, in the question's own section."""
    blocks: list[Block] = []
    for item in question.ranking:
        if item.theme is not None:
            blocks.append(Heading(level, _("Theme: %(title)s") % {"title": item.title}))
            blocks.append(ItemList(tuple(
                ListItem(pick.text, f"({question.group_names.get(pick.group, pick.group)})")
                for pick in item.points), numbered=False))
    return blocks


def _groups(report: Report, _: Gettext) -> list[Block]:
    if not report.groups:
        return [Heading(1, _("Groups")), Paragraph(_("No groups."))]
    columns = 4 if report.include_names else 2  # names only when the facilitator chose so
    rows = tuple(tuple(str(value) for value in row[:columns]) for row in group_rows(report))
    return [Heading(1, _("Groups")), Table(group_header(_)[:columns], rows)]
