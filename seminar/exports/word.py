"""Write the report as a Word document (.docx) with python-docx.

Headings use Word's own styles (Title, Heading 1 to 3), so the document has an outline and a
table of contents can be added in Word. Every numbered list starts again at 1.
"""

from copy import deepcopy
from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as WordParagraph

from seminar.domain.report import Report
from seminar.exports.formatting import Gettext, xml_safe
from seminar.exports.outline import (
    Block,
    Heading,
    ItemList,
    PageBreak,
    Paragraph,
    Table,
    build_outline,
)


def render(report: Report, _: Gettext) -> bytes:
    """Return the report as the bytes of a .docx file."""
    document = Document()
    document.core_properties.title = xml_safe(report.title)
    for block in build_outline(report, _):
        _add_block(document, block)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_block(document: WordDocument, block: Block) -> None:
    match block:
        case Heading(level, text):
            heading = _paragraph(document)
            heading._p.style = _style_id(document, "Title" if level == 0 else f"Heading {level}")
            _add_text(heading, xml_safe(text))
        case Paragraph(text):
            _add_text(_paragraph(document), xml_safe(text))
        case PageBreak():
            _paragraph(document).add_run().add_break(WD_BREAK.PAGE)
        case Table(header, rows):
            _add_table(document, header, rows)
        case ItemList(items, numbered):
            list_id = _new_list_numbering(document) if numbered else None
            properties = _list_properties(
                _style_id(document, "List Number" if numbered else "List Bullet"), list_id)
            for item in items:
                paragraph = _paragraph(document)
                paragraph._p.insert(0, deepcopy(properties))
                _add_text(paragraph, xml_safe(item.text))
                if item.note:
                    _add_text(paragraph, " " + xml_safe(item.note)).italic = True


def _add_table(document: WordDocument, header: tuple[str, ...],
               rows: tuple[tuple[str, ...], ...]) -> None:
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
    _repeat_as_header(table.rows[0])
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_safe(text)
    _paragraph(document)  # keeps the next table or heading from touching this one


def _repeat_as_header(row) -> None:
    """Mark a table row to repeat at the top of every page the table runs onto."""
    marker = OxmlElement("w:tblHeader")
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


def _style_id(document: WordDocument, name: str) -> str:
    """The id of a paragraph style, looked up once per document."""
    cache = document.__dict__.setdefault("_style_ids", {})
    if name not in cache:
        cache[name] = document.styles[name].style_id
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
