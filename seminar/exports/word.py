"""Write the report as a Word document (.docx) with python-docx.

Headings use Word's own styles (Title, Heading 1 to 3), so the document has an outline and a
table of contents can be added in Word. Every numbered list starts again at 1. The page is A4
with narrow margins and compact spacing; each table's columns are as wide as their content needs
(short values narrow, long text wide), so words are not broken into syllables.

Everything goes through python-docx's public API except what ``_set_in_xml`` sets in the
XML: three settings python-docx has no API for (repeating a table's header row on every page,
keeping a row on one page, restarting a numbered list at 1), and the paragraphs' styles, for
speed (see docs/performance.md). pyproject.toml pins python-docx to the 1.x series this was
checked with.
"""

from copy import deepcopy
from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Length, Mm, Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from seminar.domain.report import Report
from seminar.exports.formatting import Gettext, xml_safe
from seminar.exports.outline import (
    Block,
    Heading,
    ItemList,
    Paragraph,
    Table,
    build_outline,
)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)  # A4
MARGIN, TOP_MARGIN = Mm(18), Mm(15)
TABLE_TEXT = "Table text"  # the paragraph style of table cells: 9 pt, no spacing
FONT = "Arial"  # in every office suite, or a font with the same widths (Liberation Sans)
TABLE_SIZE = Pt(9)
# A column's width from its text: the width of its characters in 9 pt Arial (a little more, so
# that bold headers fit too), plus the cell's own margins (0.19 cm each side in "Table Grid").
CELL_MARGINS = Pt(11) + Pt(2)
# A paragraph, its style id, and the number of its numbered list if it is in one.
Styled = tuple[WordParagraph, str, int | None]
_NARROW, _WIDE = frozenset("fijlrtI.,:;'’!|()[]- –"), frozenset("mwMWÆæŒœ")


def render(report: Report, _: Gettext) -> bytes:
    """Return the report as the bytes of a .docx file."""
    document = Document()
    document.core_properties.title = xml_safe(report.title)
    _set_up_page_and_styles(document)
    writer = _Writer(document)
    for block in build_outline(report, _):
        writer.add(block)
    _set_in_xml(document, writer.styled, writer.tables)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Writer:
    """Adds the outline's blocks to ``document``, and keeps what ``_set_in_xml`` needs."""

    def __init__(self, document: WordDocument) -> None:
        self.document = document
        self.styled: list[Styled] = []
        self.tables: list[WordTable] = []
        self._lists = 0  # numbered lists so far
        self._style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:  # a lookup by name reads every style
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def add(self, block: Block) -> None:
        document = self.document
        match block:
            case Heading(level, text):
                style = self.style_id("Title" if level == 0 else f"Heading {level}")
                self.styled.append((document.add_paragraph(xml_safe(text)), style, None))
            case Paragraph(text):
                document.add_paragraph(xml_safe(text))
            case Table(header, rows):
                self.tables.append(_add_table(self, header, rows))
                document.add_paragraph()  # keeps the next table or heading from touching it
            case ItemList(items, numbered):
                style = self.style_id("List Number" if numbered else "List Bullet")
                self._lists += numbered
                for item in items:
                    paragraph = document.add_paragraph(xml_safe(item.text))
                    if item.note:
                        paragraph.add_run(" " + xml_safe(item.note)).italic = True
                    self.styled.append((paragraph, style, self._lists if numbered else None))


def _set_up_page_and_styles(document: WordDocument) -> None:
    """A4 with margins of 1.5 to 1.8 cm; 10 pt text, list items (the groups' points) 9.5 pt,
    little space between paragraphs and none between list items (the template's Letter page,
    11 pt and 10 pt after every paragraph doubled the page count)."""
    for section in document.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = TOP_MARGIN
    styles = document.styles
    spacing = {"Normal": (0, 4), "List Number": (0, 0), "List Bullet": (0, 0), "Title": (0, 6),
               "Heading 1": (12, 3), "Heading 2": (8, 2), "Heading 3": (4, 0)}
    for name, (before, after) in spacing.items():
        paragraph = styles[name].paragraph_format
        paragraph.space_before, paragraph.space_after = Pt(before), Pt(after)
    styles["Normal"].font.name = FONT
    styles["Normal"].font.size = Pt(10)
    styles["Normal"].paragraph_format.line_spacing = 1.0
    styles["Heading 3"].font.size = Pt(10)
    styles["List Number"].font.size = styles["List Bullet"].font.size = Pt(9.5)
    table_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    table_text.font.size = TABLE_SIZE
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0


def _add_table(writer: _Writer, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]
               ) -> WordTable:
    table = writer.document.add_table(rows=1, cols=len(header), style="Table Grid")
    table.autofit = False  # a fixed layout: Word and LibreOffice keep the widths set here
    widths = column_widths(header, rows, PAGE_WIDTH - 2 * MARGIN)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    style = writer.style_id(TABLE_TEXT)
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        writer.styled.append((paragraph, style, None))
        paragraph.add_run(xml_safe(text)).bold = True
    for values in rows:
        for cell, text, width in zip(table.add_row().cells, values, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            writer.styled.append((paragraph, style, None))
            paragraph.add_run(xml_safe(text))
    return table


def column_widths(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], total: int
                  ) -> list[Length]:
    """Split ``total`` (EMU) between the columns by their text.

    Each column gets at least its longest word, header included (so no word breaks), then the
    rest goes to the columns whose longest line of content does not fit yet, in proportion to
    what they lack: a time or a number stays narrow (its header may wrap between words), a
    block title or a point gets the room. Columns that all fit share what is left in
    proportion to their width, so the table spans the page.
    """
    columns = list(zip(header, *rows, strict=True))
    words = [max((_text_width(word) for value in column for word in value.split()), default=0)
             for column in columns]
    lines = [max((_text_width(line) for value in column[1:] for line in value.splitlines()),
                 default=0) for column in columns]
    need = [word + CELL_MARGINS for word in words]
    want = [max(line + CELL_MARGINS, low) for line, low in zip(lines, need, strict=True)]
    if sum(want) <= total:
        widths = [width * total / sum(want) for width in want]
    elif sum(need) >= total:
        widths = [width * total / sum(need) for width in need]
    else:
        room, lacking = total - sum(need), sum(want) - sum(need)
        widths = [low + (high - low) * room / lacking for low, high in zip(need, want,
                                                                            strict=True)]
    return [Length(int(width)) for width in widths]


def _text_width(text: str) -> int:
    """About how wide ``text`` is in bold 9 pt Arial, in EMU (Arial's widths, in ems, rounded
    up: narrow letters and punctuation 0.3, m and w 0.87, capitals 0.72, the rest 0.57)."""
    ems = sum(0.3 if char in _NARROW else 0.87 if char in _WIDE
              else 0.72 if char.isupper() else 0.57 for char in text)
    return int(ems * TABLE_SIZE)


def _set_in_xml(document: WordDocument, styled: list[Styled], tables: list[WordTable]
                ) -> None:
    """Set in the document's XML what python-docx 1.x has no API for, or none fast enough.

    - Each paragraph in ``styled`` gets its style (by id), and a list item its numbered list.
      Each numbered list counts from 1: paragraphs of the "List Number" style otherwise share
      one list, so the second group's points would go on from the first group's last number;
      so each list gets a new ``w:num`` on the style's abstract numbering, restarting at 1.
      (python-docx's ``paragraph.style = …`` reads every style of the document to find the
      default one, for every paragraph: it took three quarters of the time. The properties are
      made once per style and list, and copied into each paragraph, which has none yet.)
    - Each table's first row repeats at the top of every page the table runs onto
      (``w:tblHeader``), and no other row breaks across pages (``w:cantSplit``; a row taller
      than a page still does).

    This is the only place that uses python-docx's XML layer (``docx.oxml``) and the elements
    behind its objects (``_p``, ``_tr``); pyproject.toml pins python-docx to 1.x for it.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag: str, value: object, *children: Any) -> Any:
        made = OxmlElement(tag, {qn("w:val"): str(value)} if value is not None else None)
        made.extend(children)
        return made

    numbering: Any = None
    abstract = None
    if any(numbered is not None for _, _, numbered in styled):
        numbering = document.part.numbering_part.element
        style_num = document.styles["List Number"].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
    properties: dict[tuple[str, int | None], Any] = {}
    for paragraph, style_id, numbered in styled:
        if (style_id, numbered) not in properties:
            made = element("w:pPr", None, element("w:pStyle", style_id))
            if numbered is not None:
                num = numbering.add_num(abstract)
                num.add_lvlOverride(ilvl=0).add_startOverride(1)
                made.append(element("w:numPr", None, element("w:ilvl", 0),
                                    element("w:numId", num.numId)))
            properties[style_id, numbered] = made
        paragraph._p.insert(0, deepcopy(properties[style_id, numbered]))
    for table in tables:
        for position, row in enumerate(table.rows):
            tag = "w:tblHeader" if position == 0 else "w:cantSplit"
            row._tr.get_or_add_trPr().append(element(tag, "true"))
