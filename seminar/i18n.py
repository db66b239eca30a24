"""Translation: gettext catalogues through Flask-Babel (web) and Babel (command line).

Messages are written in English in the code (the msgids) and translated to Norwegian bokmål,
the default language; nynorsk can follow as another catalogue.
"""

from babel.support import Translations
from flask import current_app, request, session
from flask_babel import gettext

from seminar.domain.errors import KitError, SeminarError
from seminar.paths import TRANSLATIONS_DIR


def select_locale() -> str:
    """Return the language of this request: the one chosen with ``?lang=``, else bokmål.

    The browser's language is not consulted: the kits are Norwegian, and a projector laptop set
    up in English must not turn the hall's screen into a mix of languages.
    """
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
    return session.get("lang") if session.get("lang") in languages else current_app.config[
        "BABEL_DEFAULT_LOCALE"]


def translate_error(error: SeminarError) -> str:
    """Return the error's message in the request's language."""
    message = gettext(error.template)
    return message % error.params if error.params else message


def cli_translations(locale: str = "nb") -> Translations:
    return Translations.load(str(TRANSLATIONS_DIR), [locale])


def format_kit_error(error: KitError, source: str, translations: Translations) -> str:
    message = translations.gettext(error.template)
    if error.params:
        message = message % error.params
    return f"{source}:{error.line}: {message}"
