"""Format times, labels and notes the same way in every export.

Times are epoch seconds shown in the server's local time (``datetime.fromtimestamp``): the
server runs where the seminar is held, so its clock is the hall's clock.
"""

import re
from collections.abc import Callable
from datetime import datetime

from seminar.domain import clock
from seminar.domain.messages import N_
from seminar.domain.report import ReportPoint, ReportQuestion
from seminar.domain.summary import RankedItem

Gettext = Callable[[str], str]
DASH = "–"  # what a table shows for a time or a duration that does not exist

KIND_LABELS = {
    "plenary": N_("Plenary"), "dialogue": N_("Dialogue theme"), "group-work": N_("Group work"),
    "break": N_("Break"), "meal": N_("Meal"), "other": N_("Other"),
}
STATUS_LABELS = {
    "done": N_("done"), "current": N_("in progress"), "skipped": N_("skipped"),
    "upcoming": N_("not run"),
}

# Characters XML 1.0 cannot hold; Word and Excel files would be broken by them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def local_time(timestamp: float) -> datetime:
    """Return ``timestamp`` as a naive local datetime, to the second."""
    return datetime.fromtimestamp(timestamp).replace(microsecond=0)


def format_datetime(timestamp: float) -> str:
    """Return ``timestamp`` as "DD.MM.YYYY HH:MM" local time, as Norwegians write it."""
    return local_time(timestamp).strftime("%d.%m.%Y %H:%M")


def format_sortable(moment: datetime) -> str:
    """Return ``moment`` as "YYYY-MM-DD HH:MM", which spreadsheets read and sort as a time."""
    return moment.strftime("%Y-%m-%d %H:%M")


def format_clock(timestamp: float | None) -> str:
    """Return the local "HH:MM" of ``timestamp``, or a dash when there is none."""
    if timestamp is None:
        return DASH
    moment = local_time(timestamp)
    return clock.format_minute_of_day(moment.hour * 60 + moment.minute)


def format_minute_of_day(minutes: int | None) -> str:
    """Return "HH:MM" for minutes after midnight (a kit's planned start), or a dash."""
    return DASH if minutes is None else clock.format_minute_of_day(minutes)


def format_minutes(minutes: float | None) -> str:
    """Return a duration in whole minutes, or a dash when the block never ran."""
    return DASH if minutes is None else str(round(minutes))


def kind_label(kind: str, _: Gettext) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def status_label(status: str, _: Gettext) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def ranked_groups(item: RankedItem, question: ReportQuestion) -> str:
    """Return the names of the groups behind a ranked item, comma separated."""
    return ", ".join(question.group_names.get(group, str(group)) for group in item.groups)


def point_notes(point: ReportPoint, _: Gettext) -> str:
    """Return what follows a point in a list: "(prioritet 1) (tema: …)", or ""."""
    notes = []
    if point.priority is not None:
        notes.append(_("(priority %(n)s)") % {"n": point.priority})
    if point.theme:
        notes.append(_("(theme: %(theme)s)") % {"theme": point.theme})
    return " ".join(notes)


def xml_safe(text: str) -> str:
    """Drop the control characters an Office file cannot store; everything else stays."""
    return _NOT_XML.sub("", text)
