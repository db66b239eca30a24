"""Lay the report out as rows and groups, once for every export that needs them.

The spreadsheet and the CSV file share the columns of the points; the Word, Markdown and
e-mail exports share the order of a question's points within each group.
"""

from datetime import datetime

from seminar.domain.report import Report, ReportPoint, ReportQuestion
from seminar.exports.formatting import Gettext, local_time, ranked_groups

Row = tuple[str | int | datetime | None, ...]


def point_header(_: Gettext) -> tuple[str, ...]:
    return (_("Seminar"), _("Block"), _("Question"), _("Group"), _("Point"), _("Priority"),
            _("Theme"), _("Created"), _("Edited"))


def point_rows(report: Report) -> list[Row]:
    """One row per point, in the report's order; times are local datetimes."""
    return [(report.title, question.block, question.title, point.group, point.text,
             point.priority, point.theme, local_time(point.created_at),
             local_time(point.updated_at))
            for question in report.questions for point in question.points]


def ranking_header(_: Gettext) -> tuple[str, ...]:
    return (_("Question"), _("Rank"), _("Title"), _("Weight"), _("Groups"),
            _("Number of points"))


def ranking_rows(report: Report) -> list[Row]:
    """One row per ranked item of every question with priorities."""
    return [(question.title, item.rank, item.title, item.weight,
             ranked_groups(item, question), len(item.points))
            for question in report.prioritised() for item in question.ranking]


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
