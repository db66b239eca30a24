"""Write every point as a CSV file, with the columns of the spreadsheet's points sheet.

The file is what a Norwegian Excel opens with a double click: UTF-8 with a byte order mark
(without it Excel reads æøå as Windows-1252) and semicolons between the columns, because
Norwegian locales use the comma as the decimal separator and Excel expects ";" there. Fields
are quoted only when they must be (``csv.QUOTE_MINIMAL``).

A seminar with questions to the panel, polls or an evaluation (issue 16) has their tables after
the points, each after an empty line and with its own header row (the Excel file's "Panel",
"Polls" and "Evaluation" sheets); without them the file is the points alone.

A cell that starts with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe,
so that a spreadsheet shows it as text instead of running it as a formula (OWASP's advice
against CSV injection).
"""

import csv
from datetime import datetime
from io import StringIO

from seminar.domain.report import Report
from seminar.exports.formatting import Gettext, format_sortable
from seminar.exports.hall import panel_header, panel_rows, poll_header, poll_rows
from seminar.exports.rows import point_header, point_rows

DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render(report: Report, _: Gettext) -> bytes:
    """Return all points as CSV bytes (UTF-8 with BOM, ";"-separated)."""
    buffer = StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    writer.writerow([neutralise(text) for text in point_header(report, _)])
    for row in point_rows(report):
        writer.writerow([_cell(value) for value in row])
    for header, rows in _hall_tables(report, _):
        writer.writerow([])
        writer.writerow([neutralise(text) for text in header])
        for row in rows:
            writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _hall_tables(report: Report, _: Gettext) -> list[tuple[tuple[str, ...], list]]:
    """The panel's, the polls' and the evaluation's tables, those the seminar has."""
    tables = []
    if report.panel:
        tables.append((panel_header(_), panel_rows(report, _)))
    for items in (report.polls, report.evaluation):
        if items:
            title = _("Polls") if items is report.polls else _("Evaluation")
            tables.append(((title, *poll_header(_)), [(title, *row)
                                                      for row in poll_rows(items, _)]))
    return tables


def neutralise(text: str) -> str:
    """Return ``text`` with an apostrophe in front if a spreadsheet would read a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_sortable(value)
    if isinstance(value, float):  # a mean: a decimal comma, as the Norwegian Excel reads it
        return f"{value:g}".replace(".", ",")
    return neutralise(str(value))
