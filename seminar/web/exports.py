"""Downloads for the facilitator and the organiser: the report in each format, the print view
(A4, "save as PDF" from the browser) and the e-mail-ready summary.

Participants' names are left out unless ``?names=1`` is asked for (the console's checkbox).
"""

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext

from seminar import exports
from seminar.exports import formatting
from seminar.exports.text import mailto_url, render_email
from seminar.services.report import build_report
from seminar.services.seminars import find_seminar
from seminar.web import auth
from seminar.web.context import now, store

bp = Blueprint("exports", __name__)


def _report(code: str):
    seminar = find_seminar(store(), code)
    if not (auth.facilitates(seminar) or auth.is_organiser()):
        abort(403)
    return build_report(store(), seminar.code, now(),
                        include_names=request.args.get("names") == "1")


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
    return {"ranked_groups": formatting.ranked_groups}


bp.add_app_template_filter(formatting.format_datetime, "date_time")
bp.add_app_template_filter(formatting.format_clock, "time_of_day")
bp.add_app_template_filter(formatting.format_minute_of_day, "clock_minutes")
