"""Write the report as Markdown, and as a short plain-text e-mail with its mailto: link.

Participants' text is escaped in Markdown so that it can neither start a heading, a quote or
a list, nor carry HTML: a backslash goes before Markdown characters at the start of a line
and before inline ones (``*``, ``_``, backticks, brackets), "<" becomes "&lt;", and in tables
"|" becomes "\\|".
"""

import re
from urllib.parse import quote

from seminar.domain.report import Report, ReportQuestion
from seminar.domain.summary import RankedItem
from seminar.exports.formatting import Gettext, ranked_groups
from seminar.exports.outline import (
    Block,
    Heading,
    ItemList,
    Paragraph,
    Table,
    build_outline,
)
from seminar.exports.rows import points_by_group

MAILTO_LIMIT = 1800  # characters; longer mailto: links are cut off by some browsers and mailers
_INLINE = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" would otherwise show as "&"
_ORDERED = re.compile(r"(\d+)([.)])")
_LINE_STARTS = "#>+-=~|"


def render_markdown(report: Report, _: Gettext) -> str:
    """Return the report as Markdown, with the same outline as the Word document."""
    lines: list[str] = []
    for block in build_outline(report, _):
        lines += _markdown(block)
    return "\n".join(lines).rstrip("\n") + "\n"


def escape_markdown(text: str, joiner: str = "  \n", line_starts: bool = True) -> str:
    """Return ``text`` safe to place in Markdown; its lines are joined with ``joiner``.

    ``line_starts=False`` leaves the start of lines alone, for table cells, where a "#" or
    "1." cannot begin a heading or a list.
    """
    text = _INLINE.sub(r"\\\1", _ENTITY.sub("&amp;", text).replace("<", "&lt;"))
    lines = text.splitlines() or [""]
    if line_starts:
        lines = [_escape_line_start(line) for line in lines]
    return joiner.join(lines)


def _escape_line_start(line: str) -> str:
    body = line.lstrip()
    indent = line[: len(line) - len(body)]
    if body[:1] and body[0] in _LINE_STARTS:
        return f"{indent}\\{body}"
    if _ORDERED.match(body):  # "1. " or "1) " would start a numbered list
        return indent + _ORDERED.sub(r"\1\\\2", body, count=1)
    return line


def _markdown(block: Block) -> list[str]:
    match block:
        case Heading(level, text):
            return ["#" * (level + 1) + " " + escape_markdown(text, " "), ""]
        case Paragraph(text):
            return [escape_markdown(text), ""]
        case Table(header, rows):
            return [_table_row(header), "|" + " --- |" * len(header),
                    *(_table_row(row) for row in rows), ""]
        case ItemList(items, numbered):
            lines = []
            for number, item in enumerate(items, start=1):
                marker = f"{number}. " if numbered else "- "
                text = escape_markdown(item.text, "  \n" + " " * len(marker))
                note = f" {escape_markdown(item.note, ' ')}" if item.note else ""
                lines.append(marker + text + note)
            return [*lines, ""]
    raise TypeError(f"not an outline block: {block!r}")


def _table_row(cells: tuple[str, ...]) -> str:
    escaped = (escape_markdown(cell, "<br>", line_starts=False).replace("|", "\\|")
               for cell in cells)
    return "| " + " | ".join(escaped) + " |"


def render_email(report: Report, _: Gettext) -> tuple[str, str]:
    """Return the subject and plain-text body of a short summary to send by e-mail.

    The rankings of questions with priorities come first, then the other questions' points
    group by group, then the points of questions removed from the programme (marked so). The
    Word file is the full report; this is what fits in an e-mail.
    """
    lines = [report.title]
    details = ", ".join(part for part in (report.date, report.place) if part)
    if details:
        lines.append(details)
    for question in report.prioritised():
        lines += ["", question.title]
        lines += [_("%(rank)s. %(title)s (weight %(weight)s; %(groups)s)") % {
            "rank": item.rank, "title": _one_line(item.title), "weight": item.weight,
            "groups": ranked_groups(item, question)} + _votes(question, item, _)
            for item in question.ranking]
        if not question.ranking:
            lines.append(_("No group has picked priorities."))
    for question in (q for q in report.questions if not q.prioritise):
        lines += ["", question.title]
        lines += _points_by_group(report, question)
    for question in report.removed_questions:
        lines += ["", _("Removed question: %(title)s") % {"title": question.title}]
        lines += _points_by_group(report, question)
    return report.subject or report.title, "\n".join(lines) + "\n"


def _points_by_group(report: Report, question: ReportQuestion) -> list[str]:
    lines = []
    for name, points in points_by_group(report, question):
        if points:
            lines += [f"{name}:", *(f"- {_one_line(point.text)}" for point in points)]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def mailto_url(subject: str, body: str, _: Gettext, limit: int = MAILTO_LIMIT) -> str:
    """Return a ``mailto:`` link that opens the e-mail, at most ``limit`` characters long.

    A body that does not fit is cut after its last whole line that does, and ends with a line
    saying the full report is in the Word file. Lines are sent as CRLF (RFC 6068).
    """
    start = f"mailto:?subject={quote(subject, safe='')}&body="
    if len(start) + len(_quote_body(body)) <= limit:
        return start + _quote_body(body)
    ending = "\n" + _("The full report is in the Word file.") + "\n"
    room = limit - len(start) - len(_quote_body(ending))
    kept: list[str] = []
    for line in body.splitlines(keepends=True):
        room -= len(_quote_body(line))
        if room < 0:
            break
        kept.append(line)
    shown = "".join(kept).rstrip("\n")
    return start + _quote_body(f"{shown}\n{ending}" if shown else ending.lstrip("\n"))


def _quote_body(text: str) -> str:
    return quote(text.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")


def _votes(question: ReportQuestion, item: RankedItem, _: Gettext) -> str:
    """" – 12 votes in the hall" after a ranked item, when the question had a vote."""
    count = question.vote.of(item) if question.vote is not None else None
    return "" if count is None else " – " + _("%(votes)s votes in the hall") % {"votes": count}
