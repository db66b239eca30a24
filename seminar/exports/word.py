"""Write the report as a Word document (.docx) with python-docx.

Headings use Word's own styles (Title, Heading 1 to 3), so the document has an outline and a
table of contents can be added in Word. Every numbered list starts again at 1.
"""

from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

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
            document.add_heading(xml_safe(text), level)
        case Paragraph(text):
            document.add_paragraph(xml_safe(text))
        case PageBreak():
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        case Table(header, rows):
            _add_table(document, header, rows)
        case ItemList(items, numbered):
            list_id = _new_list_numbering(document) if numbered else None
            for item in items:
                paragraph = document.add_paragraph(
                    style="List Number" if numbered else "List Bullet")
                paragraph.add_run(xml_safe(item.text))
                if item.note:
                    paragraph.add_run(" " + xml_safe(item.note)).italic = True
                if list_id is not None:
                    _set_numbering(paragraph, list_id)


def _add_table(document: WordDocument, header: tuple[str, ...],
               rows: tuple[tuple[str, ...], ...]) -> None:
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
    _repeat_as_header(table.rows[0])
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_safe(text)
    document.add_paragraph()  # keeps the next table or heading from touching this one


def _repeat_as_header(row) -> None:
    """Mark a table row to repeat at the top of every page the table runs onto."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


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


def _set_numbering(paragraph, list_id: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = list_id
