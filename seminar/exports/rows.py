"""Lay the report out as rows and groups, once for every export that needs them.

The spreadsheet and the CSV file share the columns of the points; the Word, Markdown and
e-mail exports share the order of a question's points within each group. The points and the
rankings of questions removed from the programme follow the programme's; a table that has
some gets a last column, "Question removed", saying when the question was removed (empty for
the programme's questions), so that a spreadsheet can filter them in or out. Without removed
questions the tables are as they always were.
"""

from datetime import datetime

from seminar.domain.report import Report, ReportPoint, ReportQuestion
from seminar.domain.summary import RankedItem
from seminar.exports.formatting import Gettext, local_time, ranked_groups

Row = tuple[str | int | datetime | None, ...]


def point_header(report: Report, _: Gettext) -> tuple[str, ...]:
    return (_("Seminar"), _("Block"), _("Question"), _("Group"), _("Point"), _("Priority"),
            _("Theme"), _("Created"), _("Edited"),
            *((_("Votes in the hall"),) if _voted(report) else ()),
            *((_("Question removed"),) if report.removed_questions else ()))


def point_rows(report: Report) -> list[Row]:
    """One row per point, in the report's order (removed questions last); times are local
    datetimes. With a vote across groups, each point has the votes of the item it is in (its
    theme, or itself)."""
    marked = bool(report.removed_questions)
    voted = _voted(report)
    rows: list[Row] = []
    for question in report.all_questions():
        votes = _point_votes(question)
        rows += [(report.title, question.block, question.title, point.group, point.text,
                  point.priority, point.theme, local_time(point.created_at),
                  local_time(point.updated_at), *((votes.get(point.id),) if voted else ()),
                  *_removed(question, marked))
                 for point in question.points]
    return rows


def _point_votes(question: ReportQuestion) -> dict[str, int | None]:
    """The votes of the ranked item each point is in (point id → votes)."""
    if question.vote is None:
        return {}
    return {pick.point: question.vote.of(item)
            for item in question.ranking for pick in item.points}


def ranking_header(report: Report, _: Gettext) -> tuple[str, ...]:
    return (_("Question"), _("Rank"), _("Title"), _("Weight"), _("Groups"),
            _("Number of points"),
            *((_("Votes in the hall"),) if _voted(report) else ()),
            *((_("Question removed"),) if _ranks_removed(report) else ()))


def ranking_rows(report: Report) -> list[Row]:
    """One row per ranked item of every question with priorities (removed questions last);
    with a "Votes in the hall" column when some question had a vote across groups."""
    marked = _ranks_removed(report)
    voted = _voted(report)
    return [(question.title, item.rank, item.title, item.weight,
             ranked_groups(item, question), len(item.points),
             *_votes(question, item, voted), *_removed(question, marked))
            for question in report.all_questions() if question.prioritise
            for item in question.ranking]


def _voted(report: Report) -> bool:
    return any(question.vote is not None for question in report.all_questions())


def _votes(question: ReportQuestion, item: RankedItem, voted: bool) -> Row:
    """The "Votes in the hall" cell, if the table has that column."""
    if not voted:
        return ()
    return (None if question.vote is None else question.vote.of(item),)


def _ranks_removed(report: Report) -> bool:
    return any(question.prioritise for question in report.removed_questions)


def _removed(question: ReportQuestion, marked: bool) -> Row:
    """The "Question removed" cell, if the table has that column: when ``question`` was taken
    out of the programme, or None if it is in it."""
    if not marked:
        return ()
    return (None if question.removed_at is None else local_time(question.removed_at),)


def group_header(_: Gettext) -> tuple[str, ...]:
    return _("Group"), _("Size"), _("Members"), _("Roles")


def group_rows(report: Report) -> list[Row]:
    """One row per group; members and roles stay empty unless names are included."""
    return [(group.name, group.size,
             ", ".join(group.members) if report.include_names else "",
             "; ".join(f"{role}: {member}" for role, member in group.roles)
             if report.include_names else "")
            for group in report.groups]


def points_by_group(report: Report, question: ReportQuestion
                    ) -> list[tuple[str, list[ReportPoint]]]:
    """Each group's points on ``question``, in the groups' order, priorities first.

    A group's picks lead in priority order (what the group found most important is read
    first), then its other points in the order the group wrote them. Groups without points
    are kept so that the reader sees they had none.
    """
    names = [group.name for group in report.groups]
    names += [name for name in dict.fromkeys(p.group for p in question.points)
              if name not in names]
    grouped = []
    for name in names:
        points = [point for point in question.points if point.group == name]
        points.sort(key=lambda point: (point.priority is None, point.priority or 0))
        grouped.append((name, points))
    return grouped
