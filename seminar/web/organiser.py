"""The organiser's pages: log in with the organiser key, list, create and restore seminars.

A seminar is created from a shipped kit, from an uploaded kit file (checked with the messages
of ``seminar check``, shown next to the lines they concern; nothing is stored unless it is
valid), or from the short blank kit. It keeps its own copy of the kit text either way.
"""

from pathlib import Path

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from seminar.domain.errors import ArchiveInvalid, KitErrors, KitUnreadable
from seminar.domain.limits import MAX_ARCHIVE_BYTES, MAX_KIT_CHARS
from seminar.domain.messages import N_
from seminar.i18n import translate_error
from seminar.services.archive import import_archive_file
from seminar.services.kits import (
    MAX_KIT_BYTES,
    blank_kit_text,
    decode_kit_upload,
    list_kits,
    read_kit_file,
)
from seminar.services.seminars import Seminar, create_seminar, list_seminars
from seminar.web import auth
from seminar.web.context import now, store
from seminar.web.kit_check import KitCheck, kit_check
from seminar.web.pages import facilitator_link
from seminar.web.rate_limit import count_request

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

_FORM_BYTES = 64 * 1024  # what the rest of the upload form may add to it
_KIT_SUFFIXES = (".md", ".txt", ".markdown")
_STARTS = "LIMIT_SEMINAR_STARTS_PER_ADDRESS"  # every way of creating a seminar counts


def _kits_dir() -> Path:
    return Path(current_app.config["KITS_DIR"])


@bp.get("/")
def dashboard():
    if not auth.is_organiser():
        return render_template("organiser/login.html", error=None), 401
    return _dashboard()


def _dashboard(error: str | None = None, import_error: str | None = None,
               upload_error: str | None = None, check: KitCheck | None = None) -> str:
    return render_template("organiser/dashboard.html", seminars=list_seminars(store()),
                           kits=list_kits(_kits_dir()), error=error, import_error=import_error,
                           upload_error=upload_error, check=check)


@bp.post("/login")
def login():
    count_request("LIMIT_LOGINS_PER_ADDRESS")
    auth.check_csrf()
    if not auth.log_in_organiser(request.form.get("key")):
        return render_template("organiser/login.html",
                               error=_("That organiser key is not right.")), 403
    return redirect(url_for("organiser.dashboard"))


@bp.post("/logout")
def logout():
    auth.check_csrf()
    auth.log_out_organiser()
    return redirect(url_for("pages.index"))


@bp.post("/seminars")
def create():
    """Create a seminar from a shipped kit; show its facilitator key this once."""
    if not auth.is_organiser():
        return render_template("organiser/login.html", error=None), 401
    count_request(_STARTS)
    auth.check_csrf()
    kit_name = request.form.get("kit", "")
    source = read_kit_file(_kits_dir(), kit_name)
    error = None
    if source is None:
        error = _("Choose one of the seminar kits.")
    else:
        try:
            seminar, key = create_seminar(store(), kit_name, source, now())
        except KitErrors as problems:
            error = translate_error(problems)
    if error:
        return _dashboard(error=error), 400
    return _created(seminar, key)


@bp.post("/seminars/upload")
def create_from_upload():
    """Create a seminar from an uploaded kit file (.md or .txt, UTF-8); a kit with errors is
    shown back line by line with each message at its line, and nothing is stored."""
    if not auth.is_organiser():
        return render_template("organiser/login.html", error=None), 401
    count_request(_STARTS)
    too_large = _(N_("A kit can have at most %(max)s characters."), max=MAX_KIT_CHARS)
    if (request.content_length or 0) > MAX_KIT_BYTES + _FORM_BYTES:
        return _dashboard(upload_error=too_large), 400  # refused before it is read
    request.max_content_length = MAX_KIT_BYTES + _FORM_BYTES  # a body without a length
    auth.check_csrf()
    upload = request.files.get("kit_file")
    if upload is None or not upload.filename \
            or not upload.filename.lower().endswith(_KIT_SUFFIXES):
        return _dashboard(upload_error=_("Choose a kit file (.md or .txt).")), 400
    name = secure_filename(upload.filename) or "kit.md"
    text = None
    try:
        text = decode_kit_upload(upload.read(MAX_KIT_BYTES + 1), name)
        seminar, key = create_seminar(store(), name, text, now())
    except KitUnreadable as problem:
        return _dashboard(upload_error=translate_error(problem)), 400
    except KitErrors as problems:
        if text is None or len(text) > MAX_KIT_CHARS:  # too long to show
            return _dashboard(upload_error=translate_error(problems.errors[0])), 400
        return _dashboard(upload_error=translate_error(problems),
                          check=kit_check(text, problems, translate_error)), 400
    return _created(seminar, key)


@bp.post("/seminars/blank")
def create_blank():
    """Create a seminar from the short blank kit, in the language of this page."""
    if not auth.is_organiser():
        return render_template("organiser/login.html", error=None), 401
    count_request(_STARTS)
    auth.check_csrf()
    language = str(get_locale() or "nb")
    seminar, key = create_seminar(store(), f"blank-{language}.md", blank_kit_text(language),
                                  now())
    return _created(seminar, key)


@bp.post("/import")
def import_seminar():
    """Restore a seminar from a JSON archive (``/s/<code>/export/json`` on any server); show
    its new facilitator key this once."""
    if not auth.is_organiser():
        return render_template("organiser/login.html", error=None), 401
    too_large = _("The file is larger than %(size)s MB.", size=MAX_ARCHIVE_BYTES // 2**20)
    if (request.content_length or 0) > MAX_ARCHIVE_BYTES + _FORM_BYTES:
        return _dashboard(import_error=too_large), 400  # refused before it is read
    request.max_content_length = MAX_ARCHIVE_BYTES + _FORM_BYTES  # a body without a length
    auth.check_csrf()
    upload = request.files.get("archive")
    if upload is None or not upload.filename:
        return _dashboard(import_error=_("Choose an archive file (.json).")), 400
    raw = upload.read(MAX_ARCHIVE_BYTES + 1)
    if len(raw) > MAX_ARCHIVE_BYTES:
        return _dashboard(import_error=too_large), 400
    try:
        seminar, key = import_archive_file(store(), raw, now())
    except ArchiveInvalid as problem:
        return _dashboard(import_error=translate_error(problem)), 400
    return _created(seminar, key)


def _created(seminar: Seminar, key: str) -> tuple[str, int, dict]:
    page = render_template("organiser/created.html", seminar=seminar,
                           facilitator_link=facilitator_link(seminar, key), key=key)
    # The facilitator key is shown once: no cache, no back-button copy of it.
    return page, 200, {"Cache-Control": "no-store"}
