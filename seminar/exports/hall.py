"""The hall's part of the report (issue 16) laid out once for every export: the questions to
the panel, the polls and the evaluation as rows, labels and short summaries.

A poll's results are one row per answer value ("long" rows that a spreadsheet filters and
pivots): a scale's values with their counts and the mean, a choice's options, a word cloud's
words (after normalisation and the ban list), the open answers one by one with their hidden
mark; first for the whole hall (the group "All"), then for each group.
"""

from collections.abc import Iterable
from datetime import datetime

from seminar.domain.messages import N_
from seminar.domain.report import Report, ReportPanelQuestion, ReportPollItem
from seminar.exports.formatting import Gettext, local_time

HallRow = tuple[str | int | float | datetime | None, ...]
SUMMARY_WORDS = 5  # words of a group's cloud in its one-line summary

ITEM_KINDS = {"scale": N_("Scale"), "choice": N_("Choice"), "word-cloud": N_("Word cloud"),
              "open": N_("Open answer")}
PANEL_STATES = {"pending": N_("waiting for approval"), "visible": N_("shown"),
                "hidden": N_("hidden"), "answered": N_("answered")}


def item_kind_label(kind: str, _: Gettext) -> str:
    return _(ITEM_KINDS[kind]) if kind in ITEM_KINDS else kind


def panel_state_label(state: str, _: Gettext) -> str:
    return _(PANEL_STATES[state]) if state in PANEL_STATES else state


def yes(flag: bool, _: Gettext) -> str:
    return _("yes") if flag else ""


def item_state(item: ReportPollItem, _: Gettext) -> str:
    if item.opened_at is None:
        return _("not opened")
    if item.closed_at is None:
        return _("open")
    return _("closed")


# -- questions to the panel -------------------------------------------------------------------

def panel_header(_: Gettext) -> tuple[str, ...]:
    return (_("Asked"), _("Question to the panel"), _("Name"), _("State"), _("Votes"),
            _("Answered"), _("Pinned"))


def panel_rows(report: Report, _: Gettext) -> list[HallRow]:
    """One row per question, most votes first (hidden ones too, marked by their state)."""
    return [(local_time(q.asked_at), q.text, q.name, panel_state_label(q.state, _), q.votes,
             yes(q.answered, _), yes(q.pinned, _)) for q in report.panel]


def panel_note(question: ReportPanelQuestion, _: Gettext) -> str:
    """What follows a question in a list: its votes, its name, and a mark unless it was
    simply shown."""
    notes = [_("(votes: %(votes)s)") % {"votes": question.votes}]
    if question.name:
        notes.append(f"({question.name})")
    if question.state != "visible":
        notes.append(f"({panel_state_label(question.state, _)})")
    return " ".join(notes)


# -- polls and the evaluation -----------------------------------------------------------------

def poll_header(_: Gettext) -> tuple[str, ...]:
    return (_("Block"), _("Item"), _("Kind"), _("Group"), _("Answers"), _("Mean"), _("Answer"),
            _("Count"), _("Hidden"))


def poll_rows(items: Iterable[ReportPollItem], _: Gettext) -> list[HallRow]:
    """One row per value of every item's results, for the hall ("All") and then each group
    (``items``: the report's polls, or its evaluation)."""
    rows: list[HallRow] = []
    for item in items:
        for group, results in ((_("All"), item.results), *(
                (_group_name(entry, _), entry["results"]) for entry in item.groups)):
            lead = (item.block or "", item.title, item_kind_label(item.kind, _), group,
                    results.get("count", 0), results.get("mean"))
            rows += [(*lead, answer, count, hidden)
                     for answer, count, hidden in value_rows(item, results, _)]
    return rows


def value_rows(item: ReportPollItem, results: dict, _: Gettext
               ) -> list[tuple[str, int, str]]:
    """``(answer, count, hidden mark)`` for each value of ``results``."""
    if item.kind == "scale":
        low = (results.get("scale") or [1])[0]
        return [(_scale_value(item, low + index), count, "")
                for index, count in enumerate(results.get("distribution", []))]
    if item.kind == "choice":
        return [(option, count, "") for option, count in
                zip(item.options, results.get("options", []), strict=False)]
    if item.kind == "word-cloud":
        return [(word["word"], word["count"], "") for word in results.get("words", [])]
    return [(answer["text"], 1, yes(bool(answer.get("hidden")), _))
            for answer in results.get("answers", [])]


def _scale_value(item: ReportPollItem, value: int) -> str:
    """A scale's value, with its end label at the ends ("1 (lite nyttig)")."""
    if item.labels and item.scale and value in item.scale:
        label = item.labels[0] if value == item.scale[0] else item.labels[1]
        return f"{value} ({label})" if label else str(value)
    return str(value)


def _group_name(entry: dict, _: Gettext) -> str:
    return entry["name"] if entry.get("name") is not None else _("No group")


def group_summary_header(_: Gettext) -> tuple[str, ...]:
    return _("Group"), _("Answers"), _("Results")


def group_summary_rows(item: ReportPollItem, _: Gettext) -> list[tuple[str, str, str]]:
    """One line per group: "mean 3.2 of 5", the options' counts, the top words."""
    return [(_group_name(entry, _), str(entry["results"].get("count", 0)),
             results_summary(item, entry["results"], _)) for entry in item.groups]


def results_summary(item: ReportPollItem, results: dict, _: Gettext) -> str:
    """A scale's mean ("mean 3.2 of 5"), a choice's counts, a cloud's top words; "" for open
    answers (their count says it)."""
    if item.kind == "scale":
        if results.get("mean") is None:
            return ""
        return _("mean %(mean)s of %(high)s") % {
            "mean": f"{results['mean']:g}", "high": (results.get("scale") or [0, 0])[1]}
    if item.kind == "choice":
        pairs: Iterable[tuple[str, int]] = zip(item.options, results.get("options", []),
                                               strict=False)
    elif item.kind == "word-cloud":
        pairs = ((w["word"], w["count"]) for w in results.get("words", [])[:SUMMARY_WORDS])
    else:
        return ""
    return ", ".join(f"{label}: {count}" for label, count in pairs)
