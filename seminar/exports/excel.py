"""Write the report as an Excel workbook (.xlsx) with openpyxl: points, ranking and groups.

Every text cell is stored as a string, never as a formula: openpyxl would otherwise turn a
participant's "=HYPERLINK(...)" or "+47 ..." into a formula that Excel runs when the file is
opened (formula injection). Times are real Excel date-times in local time, so they sort and
filter as times.
"""

from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from seminar.domain.report import Report
from seminar.exports.formatting import Gettext, xml_safe
from seminar.exports.rows import (
    Row,
    group_header,
    group_rows,
    point_header,
    point_rows,
    ranking_header,
    ranking_rows,
)

DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters; longer text wraps inside its column


def render(report: Report, _: Gettext) -> bytes:
    """Return the report as the bytes of an .xlsx file with three sheets."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = (
        (_("Points"), point_header(_), point_rows(report)),
        (_("Ranking"), ranking_header(_), ranking_rows(report)),
        (_("Groups"), group_header(_), group_rows(report)),  # names only if included
    )
    for title, header, rows in sheets:
        _fill_sheet(workbook.create_sheet(title), header, rows)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_sheet(sheet: Worksheet, header: tuple[str, ...], rows: list[Row]) -> None:
    _append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        _append(sheet, row)
    _fit_columns(sheet)


def _append(sheet: Worksheet, values: Row) -> None:
    """Add a row; text is kept as text even when it looks like a formula, "" as an empty cell.

    The cells are made here and appended as they are (looking the new row up again would make
    every row cost as much as the whole sheet so far)."""
    cells = []
    for value in values:
        cell = Cell(sheet, value=(xml_safe(value) or None) if isinstance(value, str) else value)
        if isinstance(cell.value, str):
            cell.data_type = "s"
        elif isinstance(cell.value, datetime):
            cell.number_format = DATETIME_FORMAT
        cells.append(cell)
    sheet.append(cells)


def _fit_columns(sheet: Worksheet) -> None:
    """Size each column to its longest value, within limits; wrap what is wider."""
    for index, column in enumerate(sheet.iter_cols(), start=1):
        longest = max(_display_length(cell.value) for cell in column)
        width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
        if longest + 2 > MAX_WIDTH:
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _display_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("00.00.0000 00:00")
    return max(len(line) for line in str(value).splitlines() or [""])
