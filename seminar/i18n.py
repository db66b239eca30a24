"""Translation: gettext catalogues through Flask-Babel (web) and Babel (command line).

Messages are written in English in the code (the msgids) and translated to Norwegian bokmål
(the default language), nynorsk and English (``seminar/translations/*/LC_MESSAGES``). Kit content
is never translated: it stays in the kit's language (``språk:``), marked with its own ``lang``.
"""

from gettext import NullTranslations
from urllib.parse import urlencode

from babel.support import Translations
from flask import current_app, g, request, session
from flask_babel import get_locale, gettext
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from seminar.domain.errors import KitError, SeminarError
from seminar.paths import TRANSLATIONS_DIR

# Each language named in itself, as the language switch shows it.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
# Pages that always speak the seminar's language: the big screen is the hall's, whatever the
# laptop showing it chose for its own console.
SEMINAR_LANGUAGE_ONLY = {"pages.projector", "pages.qr_code"}


def select_locale() -> str:
    """Return the language of this request.

    In order: the one chosen with ``?lang=`` (remembered in the session), the one this browser
    chose before, the seminar's language on a seminar's pages (``g.seminar_language``) and in
    the events of a socket that joined it, bokmål.
    The projector always follows the seminar. The browser's language is not consulted: the kits
    are Norwegian, and a projector laptop set up in English must not turn the hall's screen into
    a mix of languages.
    """
    languages = current_app.config["LANGUAGES"]
    seminar_language = g.get("seminar_language")
    if seminar_language is None and request.endpoint is None:
        # A Socket.IO event: the seminar this socket joined (kept in the socket's own session).
        seminar_language = session.get("seminar_language")
    if request.endpoint in SEMINAR_LANGUAGE_ONLY and seminar_language in languages:
        return seminar_language
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
    if session.get("lang") in languages:
        return session["lang"]
    if seminar_language in languages:
        return seminar_language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def screen_language(language: str) -> str:
    """The language the projector is shown in for a seminar in ``language`` (the default when
    this server does not offer that language), as ``select_locale`` picks it."""
    if language in current_app.config["LANGUAGES"]:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def language_links() -> list[dict]:
    """The language switch: each language with the current address in it (``?lang=``)."""
    current = str(get_locale() or "nb")
    path = request.path if _answers_get(request.path) else "/"
    args = MultiDict(request.args) if path == request.path else MultiDict()
    args.poplist("key")  # a facilitator key never goes into a link
    links = []
    for code in current_app.config["LANGUAGES"]:
        args.setlist("lang", [code])
        query = urlencode(list(args.items(multi=True)))
        links.append({"code": code, "name": LANGUAGE_NAMES.get(code, code),
                      "href": f"{request.script_root}{path}?{query}", "current": code == current})
    return links


def _answers_get(path: str) -> bool:
    """True if ``path`` can be opened with a GET (a page shown after a POST may not be)."""
    try:
        current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return False
    return True


@pass_context
def kit_lang(context) -> Markup:
    """`` lang="nb"`` for an element holding kit content, when the kit's language is not the
    page's (WCAG 3.1.2); nothing when they are the same or there is no kit."""
    kit = context.get("kit")
    language = getattr(kit, "language", None)
    if language is None or language == str(get_locale() or "nb"):
        return Markup("")
    return Markup(' lang="%s"') % language


def translate_error(error: SeminarError) -> str:
    """Return the error's message in the request's language."""
    message = gettext(error.template)
    return message % error.params if error.params else message


def cli_translations(locale: str = "nb") -> NullTranslations:
    """The messages in ``locale`` for the command line (untranslated if it has none)."""
    return Translations.load(str(TRANSLATIONS_DIR), [locale])


def format_kit_error(error: KitError, source: str, translations: NullTranslations) -> str:
    message = translations.gettext(error.template)
    if error.params:
        message = message % error.params
    return f"{source}:{error.line}: {message}"
