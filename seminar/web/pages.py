"""Pages: joining, the participant's phone, the projector and the facilitator's console."""

import dataclasses
import io

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from seminar.app import FRAMEABLE_BY_OWN_ORIGIN
from seminar.domain import limits
from seminar.domain.codes import normalise_join_code
from seminar.domain.errors import InvalidInput, NotFound
from seminar.domain.kit import BlockKind
from seminar.i18n import (
    LANGUAGE_NAMES,
    kit_lang,
    language_links,
    translate_error,
)
from seminar.rendering import render_all
from seminar.services.groups import new_participant_id
from seminar.services.programme import programme_state
from seminar.services.seminars import (
    Seminar,
    delete_seminar,
    replace_facilitator_key,
    set_seminar_language,
)
from seminar.web import auth
from seminar.web.announce import announce
from seminar.web.context import now, store
from seminar.web.guessing import find_by_code
from seminar.web.rate_limit import count_request

bp = Blueprint("pages", __name__)


def public_url() -> str:
    """The address phones use to reach this server: configured, or the one this request used
    (a host the server answers to: ``seminar.web.addresses`` refused any other)."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def join_url(code: str) -> str:
    return f"{public_url()}{url_for('pages.join', code=code)}"


def facilitator_link(seminar: Seminar, key: str) -> str:
    """The link that logs a browser in as the seminar's facilitator (shown once)."""
    return f"{public_url()}{url_for('pages.facilitator', code=seminar.code, key=key)}"


def kind_label(kind: BlockKind) -> str:
    return {
        BlockKind.PLENARY: _("Plenary"), BlockKind.DIALOGUE: _("Dialogue theme"),
        BlockKind.GROUP_WORK: _("Group work"), BlockKind.BREAK: _("Break"),
        BlockKind.MEAL: _("Meal"), BlockKind.OTHER: _("Other"),
    }[kind]


def status_label(status: str) -> str:
    return {"done": _("done"), "current": _("now"), "skipped": _("skipped"),
            "upcoming": _("coming up")}[status]


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"join_url": join_url, "public_url": public_url, "csrf_token": auth.csrf_token,
            "kind_label": kind_label, "status_label": status_label,
            "current_locale": lambda: str(get_locale() or "nb"),
            "language_links": language_links, "language_names": LANGUAGE_NAMES,
            "kit_lang": kit_lang, "limits": limits}


@bp.app_url_value_preprocessor
def _seminar_language(endpoint: str | None, values: dict | None) -> None:
    """On a seminar's pages (``/s/<code>/…``), look the seminar up once: its language is for
    ``select_locale``, the seminar itself for ``_seminar_or_404``."""
    code = (values or {}).get("code")
    if code is not None and endpoint != "pages.join":  # /j/ only redirects to /s/
        g.seminar_code = code
        try:
            g.seminar = find_by_code(code)  # counted as a guess when unknown
        except NotFound:
            g.seminar = None
        else:
            g.seminar_language = g.seminar.language
            render_all(g.seminar.kit.markdown_texts())  # a new kit's, off the event loop


def _seminar_or_404(code: str) -> Seminar:
    """The seminar of this request (looked up once, by ``_seminar_language``), or 404."""
    if g.get("seminar_code") == code:
        if g.seminar is None:
            abort(404)
        return g.seminar
    try:
        return find_by_code(code)
    except NotFound:
        abort(404)


def _page_context(seminar: Seminar, view: str) -> dict:
    return {"seminar": seminar, "kit": seminar.kit, "view": view,
            "state": programme_state(seminar, now())}


@bp.get("/")
def index():
    return render_template("index.html", code="", error=None)


@bp.post("/join")
def join_form():
    """Someone typed a code on the start page."""
    count_request("LIMIT_JOIN_PAGES_PER_ADDRESS")
    typed = request.form.get("code", "")
    code = normalise_join_code(typed)
    if code is not None:
        try:
            find_by_code(code)
            return redirect(url_for("pages.participant", code=code))
        except NotFound:
            pass
    error = _("No seminar has the code «%(code)s». Check the code on the big screen.",
              code=typed.strip()[:32])
    return render_template("index.html", code=typed[:32], error=error), 404


@bp.get("/j/<code>")
def join(code: str):
    """The address in the QR code: go straight to the seminar."""
    count_request("LIMIT_JOIN_PAGES_PER_ADDRESS")
    canonical = normalise_join_code(code)
    if canonical is None:
        abort(404)
    return redirect(url_for("pages.participant", code=canonical))


@bp.get("/s/<code>")
def participant(code: str):
    seminar = _seminar_or_404(code)
    _remember_participant(seminar)
    return _phone_page(seminar)


# The phone pages rendered lately, by what they are made of (see ``_phone_page``), kept per app
# (``app.extensions["seminar.phone_pages"]``); the ones used longest ago go first beyond
# _PHONE_PAGES_KEPT.
_PHONE_PAGES_KEPT = 64


def _phone_page(seminar: Seminar) -> str:
    """The phone page, rendered once for every phone that asks for the same one.

    A hall arriving asks for the same page a thousand times within seconds, and rendering it
    costs some 30 ms of the process (its many translated strings): that was most of a join.
    The page is made only of the seminar's record (its kit, language, settings), the language
    it is shown in, the address asked for (the language links) and what it shows of the
    programme (``_shown_state``: the block, the timer's status, the countdown to the second,
    the blocks' statuses), so a page rendered from the same of each is the same page. Nothing
    of the person asking is in it (their identity is in the cookie; the state is re-applied
    by the phone as it joins).
    """
    state = _shown_state(programme_state(seminar, now()))
    # The groups' version moves with every phone joining a group; the page shows nothing of
    # the groups (the phone's script does, from its join), so it is no part of the key.
    key = (dataclasses.replace(seminar.record, groups_version=0), str(get_locale()),
           request.full_path, repr(state))
    pages: dict[tuple, str] = current_app.extensions.setdefault("seminar.phone_pages", {})
    page = pages.pop(key, None)
    if page is None:
        page = render_template("participant/seminar.html", seminar=seminar, kit=seminar.kit,
                               view="participant", state=state)
    pages[key] = page
    while len(pages) > _PHONE_PAGES_KEPT:
        del pages[next(iter(pages))]
    return page


def _shown_state(state: dict) -> dict:
    """The part of the programme's state the phone page shows, the time left rounded to what
    its countdown shows (``format_countdown``: a second begun counts while time is left, whole
    seconds gone once over time), so that the page stays the same within that second."""
    remaining = state["timer"]["remaining_ms"]
    shown = (-(-remaining // 1000) * 1000 if remaining >= 0
             else -max(1, -remaining // 1000 * 1000))
    return {"current": state["current"], "statuses": state["statuses"],
            "timer": {"status": state["timer"]["status"], "remaining_ms": shown}}


# The phone page as the kit has it now, per seminar and language: (kit version, HTML), kept
# per app (``app.extensions["seminar.kit_parts"]``); the ones used longest ago go first beyond
# _KIT_PARTS_KEPT.
_KIT_PARTS_KEPT = 64


@bp.get("/s/<code>/kit-parts")
def kit_parts(code: str):
    """The phone page again, for the phones to take the kit's regions from after an edit.

    Every phone of the hall asks at once (``kit:changed``): the page is rendered once per kit
    version and language (15 ms for the national kit; a thousand renders would hold the
    process for seconds) and served from memory after. Only its kit regions are used, and
    they hold nothing of the person asking; the state in it is re-applied by the phone.
    """
    seminar = _seminar_or_404(code)
    cache: dict[tuple[int, str, str], tuple[int, str]] = current_app.extensions.setdefault(
        "seminar.kit_parts", {})
    # The code too: a seminar made after one was deleted may get its id (and kit version 0).
    key = (seminar.record.id, seminar.code, str(get_locale()))
    version = seminar.record.kit_version
    kept = cache.pop(key, None)
    if kept is None or kept[0] != version:
        kept = (version, render_template("participant/seminar.html",
                                         **_page_context(seminar, "participant")))
    cache[key] = kept
    while len(cache) > _KIT_PARTS_KEPT:
        del cache[next(iter(cache))]
    return kept[1], 200, {"Cache-Control": "no-store"}


def _remember_participant(seminar: Seminar) -> None:
    """Give this phone its participant identity in the signed cookie, once per seminar.

    The participant itself is stored only when the phone joins or creates a group, so a link
    preview, a crawler or a phone that only looks is never counted as someone who joined.
    """
    known = session.get("participants", {})
    if seminar.code not in known:
        session["participants"] = {**known, seminar.code: new_participant_id()}
        session.permanent = True


@bp.get("/sw.js")
def service_worker():
    """The phones' service worker, served from the root so that it may cover ``/s/``."""
    response = current_app.send_static_file("js/sw.js")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/s/<code>/projector")
def projector(code: str):
    seminar = _seminar_or_404(code)
    page = render_template("projector/seminar.html", **_page_context(seminar, "projector"))
    # The console shows this page in a live preview (an iframe of the same origin).
    return page, FRAMEABLE_BY_OWN_ORIGIN


@bp.get("/s/<code>/qr.svg")
def qr_code(code: str):
    seminar = _seminar_or_404(code)
    buffer = io.BytesIO()
    segno.make(join_url(seminar.code), error="m").save(
        buffer, kind="svg", scale=10, border=2, dark="#000", light="#fff", omitsize=True,
        title=_("QR code that opens %(url)s", url=join_url(seminar.code)))
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-cache"})


@bp.route("/s/<code>/facilitator", methods=["GET", "POST"])
def facilitator(code: str):
    seminar = _seminar_or_404(code)
    key = request.args.get("key") if request.method == "GET" else request.form.get("key")
    if key is not None:
        count_request("LIMIT_LOGINS_PER_ADDRESS")
        if request.method == "POST":
            auth.check_csrf()
        if auth.grant_facilitator(seminar, key):
            # Drop the key from the address bar (and from any screen it might be mirrored to).
            return redirect(url_for("pages.facilitator", code=seminar.code))
        return render_template("facilitator/login.html", seminar=seminar,
                               error=_("That facilitator key is not right.")), 403
    if not auth.facilitates(seminar):
        return render_template("facilitator/login.html", seminar=seminar, error=None), 403
    return render_template("facilitator/seminar.html", **_page_context(seminar, "facilitator"))


@bp.post("/s/<code>/logout")
def facilitator_logout(code: str):
    """The facilitator logs this browser out: its login ends on the server too."""
    seminar = _seminar_or_404(code)
    auth.check_csrf()
    auth.log_out_facilitator(seminar)
    return redirect(url_for("pages.index"), 303)


@bp.post("/s/<code>/facilitator/key")
def new_facilitator_key(code: str):
    """The facilitator replaces the seminar's facilitator key ("New facilitator link"): the
    old link and every other facilitator browser are logged out, this one stays; the new link
    is shown this once."""
    seminar = _seminar_or_404(code)
    if not auth.facilitates(seminar):
        abort(403)
    auth.check_csrf()
    try:
        seminar, key = replace_facilitator_key(store(), seminar, auth.facilitator_login(seminar))
    except NotFound:
        abort(404)
    page = render_template("facilitator/new_key.html", seminar=seminar, kit=seminar.kit,
                           facilitator_link=facilitator_link(seminar, key), key=key)
    # Shown once: no cache, no back-button copy of it.
    return page, 200, {"Cache-Control": "no-store"}


@bp.post("/s/<code>/language")
def seminar_language(code: str):
    """The facilitator sets the language of the seminar's screens (``language``: nb, nn, en).

    The projector is told (``seminar:language``) once it is stored, and shows itself again in
    that language; phones follow on their next page unless their user chose a language.
    """
    seminar = _seminar_or_404(code)
    if not auth.facilitates(seminar):
        abort(403)
    auth.check_csrf()
    try:
        seminar, events = set_seminar_language(store(), seminar, request.form.get("language"))
    except InvalidInput as problem:
        return render_template("error.html", status=400,
                               message=translate_error(problem)), 400
    announce(seminar, events)
    return redirect(url_for("pages.facilitator", code=seminar.code) + "#language-setting", 303)


@bp.route("/s/<code>/delete", methods=["GET", "POST"])
def delete(code: str):
    """The facilitator (or the organiser) deletes the seminar, after typing its code.

    Every screen still connected is told (``seminar:deleted``) once the deletion is committed.
    """
    seminar = _seminar_or_404(code)
    if not (auth.facilitates(seminar) or auth.is_organiser()):
        abort(403)
    error = None
    if request.method == "POST":
        auth.check_csrf()
        try:
            deleted = delete_seminar(store(), seminar, request.form.get("confirm", ""))
        except InvalidInput as problem:
            error = translate_error(problem)
        else:
            announce(None, [deleted])
            return render_template("deleted.html", code=deleted.code, title=seminar.kit.title,
                                   organiser=auth.is_organiser())
    return render_template("facilitator/delete.html", seminar=seminar, error=error,
                           facilitates=auth.facilitates(seminar)), 400 if error else 200
