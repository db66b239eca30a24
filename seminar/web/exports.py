"""Downloads for the facilitator and the organiser: the report in each format, the print view
(A4, "save as PDF" from the browser), the e-mail-ready summary, and the whole seminar as a JSON
archive that another server can restore (``/s/<code>/export/json``), and the seminar's kit as a
kit file to start another seminar from (``/s/<code>/kit.md``).

Participants' names are left out unless ``?names=1`` is asked for (the console's checkbox).
"""

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext

from seminar import exports
from seminar.domain.errors import NotFound
from seminar.exports import formatting, hall
from seminar.exports.text import mailto_url, render_email
from seminar.services.archive import archive_filename, export_archive_file
from seminar.services.kits import kit_filename
from seminar.services.report import build_report
from seminar.services.seminars import Seminar, find_seminar
from seminar.web import auth
from seminar.web.context import now, store

bp = Blueprint("exports", __name__)


def _downloadable(code: str) -> Seminar:
    """The seminar, if this browser facilitates it or belongs to the organiser."""
    try:
        seminar = find_seminar(store(), code)
    except NotFound:
        abort(404)
    if not (auth.facilitates(seminar) or auth.is_organiser()):
        abort(403)
    return seminar


def _names() -> bool:
    return request.args.get("names") == "1"


def _report(code: str):
    return build_report(store(), _downloadable(code).code, now(), include_names=_names())


def _gettext(message: str) -> str:
    return gettext(message)


@bp.get("/s/<code>/export/<fmt>")
def download(code: str, fmt: str):
    """The report as a file: docx, xlsx, csv or md."""
    if fmt not in exports.FORMATS:
        abort(404)
    report = _report(code)
    export = exports.FORMATS[fmt]
    return Response(exports.render(report, fmt, _gettext), content_type=export.content_type,
                    headers={"Content-Disposition":
                             f'attachment; filename="{exports.filename(report, fmt)}"',
                             "Cache-Control": "no-store"})


@bp.get("/s/<code>/export/json")
def archive(code: str):
    """The whole seminar as a JSON archive, to keep or to restore on another server."""
    seminar = _downloadable(code)
    at = now()
    data = export_archive_file(store(), seminar.code, at, include_names=_names())
    return Response(data, content_type="application/json; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="{archive_filename(seminar.code, at)}"',
                             "Cache-Control": "no-store"})


@bp.get("/s/<code>/kit.md")
def kit_file(code: str):
    """The seminar's own kit text, exactly as stored (with every change made to it), as a kit
    file: uploaded on the organiser's page it starts a new seminar with the same kit."""
    seminar = _downloadable(code)
    return Response(seminar.record.kit_source.encode("utf-8"),
                    content_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="{kit_filename(seminar.kit)}"',
                             "Cache-Control": "no-store"})


@bp.get("/s/<code>/report")
def print_view(code: str):
    """The report as a page to print (or save as PDF), with the e-mail link."""
    report = _report(code)
    subject, body = render_email(report, _gettext)
    page = render_template("report/print.html", report=report,
                           mailto=mailto_url(subject, body, _gettext), names=report.include_names)
    return page, 200, {"Cache-Control": "no-store"}


@bp.app_context_processor
def _report_helpers() -> dict:
    return {"ranked_groups": formatting.ranked_groups, "hall": _HallLabels()}


class _HallLabels:
    """The hall's labels and rows (``seminar.exports.hall``) for the print view, translated."""

    def kind(self, kind: str) -> str:
        return hall.item_kind_label(kind, _gettext)

    def state(self, item) -> str:
        return hall.item_state(item, _gettext)

    def panel_state(self, state: str) -> str:
        return hall.panel_state_label(state, _gettext)

    def values(self, item, results: dict) -> list:
        return hall.value_rows(item, results, _gettext)

    def summary(self, item, results: dict) -> str:
        return hall.results_summary(item, results, _gettext)

    def groups(self, item) -> list:
        return hall.group_summary_rows(item, _gettext)


bp.add_app_template_filter(formatting.format_datetime, "date_time")
bp.add_app_template_filter(formatting.format_clock, "time_of_day")
