"""Write the report as an Excel workbook (.xlsx) with openpyxl: points, ranking and groups.

Every text cell is stored as a string, never as a formula: openpyxl would otherwise turn a
participant's "=HYPERLINK(...)" or "+47 ..." into a formula that Excel runs when the file is
opened (formula injection). Times are real Excel date-times in local time, so they sort and
filter as times.

Every sheet has a filter on its header row, which is frozen on screen and repeated on every
printed page; text wraps inside its column; the columns are as wide as their content within
limits (the main text column, such as the points, up to 60 characters, the others up to 22);
and it prints on A4 landscape, fitted to one page wide, as many pages long as it needs.
"""

from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from seminar.domain.report import Report
from seminar.exports.formatting import Gettext, xml_safe
from seminar.exports.hall import panel_header, panel_rows, poll_header, poll_rows
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
# Column widths in characters; longer text wraps inside its column. The main text column of a
# sheet (its points, its ranked titles, its members) may be wider than the others.
MIN_WIDTH, MAX_WIDTH, MAX_MAIN_WIDTH = 8, 22, 60
# Arial (or a font with its widths, such as Liberation Sans) in every office suite, so that
# the row heights estimated here hold: a line of 10 pt text is 13 pt high, and a column of
# width w (in widths of "0") holds about w characters of text on a line.
LINE_HEIGHT, CHARACTERS_PER_WIDTH = 13, 1.0
_FONT, _BOLD = Font(name="Arial", size=10), Font(name="Arial", size=10, bold=True)
_WRAP, _TOP = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
# The cells' looks as named styles, made once per workbook (much quicker than setting a font
# and an alignment on every cell): a header, wrapping text, and other values at the top.
HEADER, TEXT, VALUE, TIME = "Report header", "Report text", "Report value", "Report time"
_STYLES = ((HEADER, _BOLD, _WRAP, "General"), (TEXT, _FONT, _WRAP, "General"),
           (VALUE, _FONT, _TOP, "General"), (TIME, _FONT, _TOP, DATETIME_FORMAT))


def render(report: Report, _: Gettext) -> bytes:
    """Return the report as the bytes of an .xlsx file with three sheets."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook has
    for name, font, alignment, number_format in _STYLES:
        workbook.add_named_style(NamedStyle(name, font=font, alignment=alignment,
                                            number_format=number_format))
    sheets = (  # title, header, rows, the main text column
        (_("Points"), point_header(report, _), point_rows(report), 4),
        (_("Ranking"), ranking_header(report, _), ranking_rows(report), 2),
        (_("Groups"), group_header(_), group_rows(report), 2),  # names only if included
    )
    sheets += _hall_sheets(report, _)
    for title, header, rows, main in sheets:
        sheet = workbook.create_sheet(title)
        _fill_sheet(sheet, header, rows, main)
        _set_up_printing(sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _hall_sheets(report: Report, _: Gettext) -> tuple[tuple[str, tuple[str, ...], list, int], ...]:
    """The hall's sheets (issue 16), each only if the seminar has some: the questions to the
    panel, the polls' results, the evaluation's results (a row per value, see
    ``seminar.exports.hall``)."""
    sheets = []
    if report.panel:
        sheets.append((_("Panel"), panel_header(_), panel_rows(report, _), 1))
    if report.polls:
        sheets.append((_("Polls"), poll_header(_), poll_rows(report.polls, _), 6))
    if report.evaluation:
        sheets.append((_("Evaluation"), poll_header(_), poll_rows(report.evaluation, _), 6))
    return tuple(sheets)


def _fill_sheet(sheet: Worksheet, header: tuple[str, ...], rows: list, main: int) -> None:
    widths = _column_widths(header, rows, main)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _append(sheet, header, header=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        _append(sheet, row)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    # Office suites do not size a row to its wrapped text when they open a file (LibreOffice
    # draws the lines over each other): every row gets the height of its tallest cell.
    for number, row in enumerate((header, *rows), start=1):
        lines = max(_lines(value, width) for value, width in zip(row, widths, strict=True))
        sheet.row_dimensions[number].height = LINE_HEIGHT * lines + 3


def _append(sheet: Worksheet, values: Row, header: bool = False) -> None:
    """Add a row; text is kept as text even when it looks like a formula, "" as an empty cell.

    The cells are made here and appended as they are (looking the new row up again would make
    every row cost as much as the whole sheet so far). Text wraps; everything is set at the
    top of its row, so a wrapped neighbour does not push a value out of sight."""
    cells = []
    for value in values:
        # The stub makes row and column required; openpyxl defaults them (a cell to append).
        cell = Cell(sheet, value=(xml_safe(value) or None)  # type: ignore[call-arg]
                    if isinstance(value, str) else value)
        if isinstance(cell.value, str):
            cell.data_type = "s"
            cell.style = HEADER if header else TEXT
        else:
            cell.style = TIME if isinstance(cell.value, datetime) else VALUE
        cells.append(cell)
    sheet.append(cells)


def _column_widths(header: tuple[str, ...], rows: list[Row], main: int) -> list[int]:
    """Each column as wide as its longest value (the header may wrap between words), within
    limits; the main text column may be wider than the others."""
    widths = []
    for index, title in enumerate(header):
        longest = max((_display_length(row[index]) for row in rows), default=0)
        title_words = max((len(word) for word in title.split()), default=0)
        limit = MAX_MAIN_WIDTH if index == main else MAX_WIDTH
        widths.append(min(max(longest + 2, title_words + 3, MIN_WIDTH), limit))
    return widths


def _lines(value: object, width: int) -> int:
    """About how many lines ``value`` takes in a wrapping column ``width`` wide."""
    if not isinstance(value, str) or not value:
        return 1
    room = max(1, int(width * CHARACTERS_PER_WIDTH) - 1)
    return sum(max(1, -(-len(line) // room)) for line in value.splitlines() or [""])


def _set_up_printing(sheet: Worksheet) -> None:
    """A4 landscape, one page wide and as long as it takes, the header row on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # no limit on the number of pages down
    properties = sheet.sheet_properties
    if properties.pageSetUpPr is None:  # openpyxl makes one with every sheet
        properties.pageSetUpPr = PageSetupProperties()
    properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.75, footer=0.3)
    if sheet.oddFooter is None:  # openpyxl makes one with every sheet
        sheet.oddFooter = HeaderFooterItem()
    sheet.oddFooter.center.text = "&A – &P / &N"  # the sheet's name, page of pages


def _display_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("00.00.0000 00:00")
    return max(len(line) for line in str(value).splitlines() or [""])
