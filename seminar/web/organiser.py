"""The organiser's pages: log in with the organiser key, list and create seminars."""

from pathlib import Path

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from seminar.domain.errors import KitErrors
from seminar.i18n import translate_error
from seminar.services.kits import list_kits, read_kit_file
from seminar.services.seminars import create_seminar, list_seminars
from seminar.web import auth
from seminar.web.context import now, store

bp = Blueprint("organiser", __name__, url_prefix="/organiser")


def _kits_dir() -> Path:
    return Path(current_app.config["KITS_DIR"])


@bp.get("/")
def dashboard():
    if not auth.is_organiser():
        return render_template("organiser/login.html", error=None), 401
    return render_template("organiser/dashboard.html", seminars=list_seminars(store()),
                           kits=list_kits(_kits_dir()), error=None)


@bp.post("/login")
def login():
    auth.check_csrf()
    if not auth.log_in_organiser(request.form.get("key")):
        return render_template("organiser/login.html",
                               error=_("That organiser key is not right.")), 403
    return redirect(url_for("organiser.dashboard"))


@bp.post("/logout")
def logout():
    auth.check_csrf()
    session.pop("organiser", None)
    return redirect(url_for("pages.index"))


@bp.post("/seminars")
def create():
    """Create a seminar from a shipped kit; show its facilitator key this once."""
    if not auth.is_organiser():
        return render_template("organiser/login.html", error=None), 401
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
        return render_template("organiser/dashboard.html", seminars=list_seminars(store()),
                               kits=list_kits(_kits_dir()), error=error), 400
    facilitator_link = url_for("pages.facilitator", code=seminar.code, key=key, _external=True)
    page = render_template("organiser/created.html", seminar=seminar,
                           facilitator_link=facilitator_link, key=key)
    # The facilitator key is shown once: no cache, no back-button copy of it.
    return page, 200, {"Cache-Control": "no-store"}
