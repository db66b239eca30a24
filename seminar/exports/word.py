"""Write the report as a Word document (.docx) with python-docx.

Headings use Word's own styles (Title, Heading 1 to 3), so the document has an outline and a
table of contents can be added in Word. Every numbered list starts again at 1. The page is A4
with narrow margins and compact spacing; each table's columns are as wide as their content needs
(short values narrow, long text wide), so words are not broken into syllables.

python-docx has no public API for some of what is done here, so it uses python-docx's XML layer
(``docx.oxml``), and pyproject.toml pins python-docx to the 1.x series it was checked with:
restarting a numbered list at 1 (a new ``w:num``), repeating a table's header row on every
page (``w:tblHeader``), keeping a row on one page (``w:cantSplit``), and, for speed (see
docs/performance.md), making paragraphs, their style and their text directly instead of
through ``add_paragraph``, ``paragraph.style`` and ``add_run``.
"""

from copy import deepcopy
from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
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
_NARROW, _WIDE = frozenset("fijlrtI.,:;'’!|()[]- –"), frozenset("mwMWÆæŒœ")


def render(report: Report, _: Gettext) -> bytes:
    """Return the report as the bytes of a .docx file."""
    document = Document()
    document.core_properties.title = xml_safe(report.title)
    _set_up_page_and_styles(document)
    for block in build_outline(report, _):
        _add_block(document, block)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_block(document: WordDocument, block: Block) -> None:
    match block:
        case Heading(level, text):
            heading = _paragraph(document)
            _set_style(heading, _style(document, "Title" if level == 0 else f"Heading {level}"))
            _add_text(heading, xml_safe(text))
        case Paragraph(text):
            _add_text(_paragraph(document), xml_safe(text))
        case Table(header, rows):
            _add_table(document, header, rows)
        case ItemList(items, numbered):
            list_id = _new_list_numbering(document) if numbered else None
            properties = _list_properties(
                _style(document, "List Number" if numbered else "List Bullet").style_id, list_id)
            for item in items:
                paragraph = _paragraph(document)
                paragraph._p.insert(0, deepcopy(properties))
                _add_text(paragraph, xml_safe(item.text))
                if item.note:
                    _add_text(paragraph, " " + xml_safe(item.note)).italic = True


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


def _add_table(document: WordDocument, header: tuple[str, ...],
               rows: tuple[tuple[str, ...], ...]) -> None:
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    table.autofit = False  # a fixed layout: Word and LibreOffice keep the widths set here
    widths = column_widths(header, rows, PAGE_WIDTH - 2 * MARGIN)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    style = document.styles[TABLE_TEXT]
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = width
        _set_style(cell.paragraphs[0], style)
        _add_text(cell.paragraphs[0], xml_safe(text)).bold = True
    _repeat_as_header(table.rows[0])
    for values in rows:
        row = table.add_row()
        _keep_on_one_page(row)
        for cell, text, width in zip(row.cells, values, widths, strict=True):
            cell.width = width
            _set_style(cell.paragraphs[0], style)
            _add_text(cell.paragraphs[0], xml_safe(text))
    _paragraph(document)  # keeps the next table or heading from touching this one


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


def _repeat_as_header(row) -> None:
    """Mark a table row to repeat at the top of every page the table runs onto."""
    _row_property(row, "w:tblHeader")


def _keep_on_one_page(row) -> None:
    """Keep a table row from breaking across pages (one taller than a page still breaks)."""
    _row_property(row, "w:cantSplit")


def _row_property(row, tag: str) -> None:
    marker = OxmlElement(tag)
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _paragraph(document: WordDocument) -> WordParagraph:
    """A new paragraph at the end of the body. (python-docx's ``add_paragraph`` searches the
    whole body for the section properties every time, which grows with the document.)"""
    body = document.element.body
    element = OxmlElement("w:p")
    if body.sectPr is not None:
        body.sectPr.addprevious(element)
    else:
        body.append(element)
    return WordParagraph(element, document._body)


def _add_text(paragraph: WordParagraph, text: str):
    """Add a run with ``text``. python-docx's run text goes character by character (to turn
    tabs and line breaks into Word's); text without them is set in one go."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    run = paragraph.add_run()
    element = OxmlElement("w:t")
    element.text = text
    element.set(qn("xml:space"), "preserve")
    run._r.append(element)
    return run


def _set_style(paragraph: WordParagraph, style) -> None:
    """Give ``paragraph`` a style by its id. (python-docx's ``paragraph.style = …`` reads
    every style of the document to find the default one, for every paragraph.)"""
    paragraph._p.style = style.style_id


def _style(document: WordDocument, name: str):
    """A paragraph style, looked up by name once per document (the lookup reads every
    style)."""
    cache = document.__dict__.setdefault("_paragraph_styles", {})
    if name not in cache:
        cache[name] = document.styles[name]
    return cache[name]


def _new_list_numbering(document: WordDocument) -> int:
    """Return a numbering id that counts from 1, based on the "List Number" style's list.

    Paragraphs of that style otherwise share one list, so the second group's points would
    continue from the first group's last number.
    """
    style_numbering = document.styles["List Number"].element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.numbering_definitions._numbering
    abstract = numbering.num_having_numId(style_numbering).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def _list_properties(style_id: str, list_id: int | None):
    """The paragraph properties of a list item (its style, and its list when numbered), made
    once per list and copied into each item: much quicker than python-docx's setters."""
    properties = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), style_id)
    properties.append(style)
    if list_id is not None:
        numbering = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", 0), ("w:numId", list_id)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), str(value))
            numbering.append(child)
        properties.append(numbering)
    return properties
