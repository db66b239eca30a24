"""The report's download formats: Word, Excel, CSV and Markdown, looked up by name.

Each renderer takes a ``seminar.domain.report.Report`` and a gettext function (the labels are
English msgids, translated to the reader's language) and returns the file's bytes.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from seminar.domain.report import Report
from seminar.exports import excel, table, text, word
from seminar.exports.formatting import Gettext, local_time


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    content_type: str
    render: Callable[[Report, Gettext], bytes]


def _render_markdown(report: Report, _: Gettext) -> bytes:
    return text.render_markdown(report, _).encode("utf-8")


FORMATS: dict[str, ExportFormat] = {export.name: export for export in (
    ExportFormat("docx", "docx",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 word.render),
    ExportFormat("xlsx", "xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 excel.render),
    ExportFormat("csv", "csv", "text/csv; charset=utf-8", table.render),
    ExportFormat("md", "md", "text/markdown; charset=utf-8", _render_markdown),
)}


def filename(report: Report, fmt: str) -> str:
    """Return the download's file name, e.g. "dialogseminar-abc123-2026-05-12.docx".

    The date is the day the report was generated; the seminar code is reduced to letters,
    digits and dashes so the name is safe in a Content-Disposition header.
    """
    code = re.sub(r"[^A-Za-z0-9-]+", "-", report.code).strip("-") or "seminar"
    day = local_time(report.generated_at).strftime("%Y-%m-%d")
    return f"dialogseminar-{code}-{day}.{_format(fmt).extension}"


def render(report: Report, fmt: str, _: Gettext) -> bytes:
    """Return the report in format ``fmt``; raise ValueError for an unknown format."""
    return _format(fmt).render(report, _)


def _format(fmt: str) -> ExportFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format: {fmt!r}") from None
