"""HTTP error pages, in the visitor's language."""

from flask import render_template
from flask_babel import gettext as _

from seminar.domain.errors import StorageUnavailable
from seminar.i18n import translate_error
from seminar.web.rate_limit import TooFast
from seminar.web.storage_health import storage_failed


def register(app) -> None:
    messages = {
        400: lambda: _("The request was not understood. Reload the page and try again."),
        403: lambda: _("You do not have access to this page."),
        404: lambda: _("We could not find that page. Check the code or the address."),
        405: lambda: _("The request was not understood. Reload the page and try again."),
        500: lambda: _("Something went wrong on the server. Try again in a moment."),
    }
    app.register_error_handler(TooFast, lambda error: (
        render_template("error.html", status=429, message=translate_error(error)), 429))
    for status, message in messages.items():
        app.register_error_handler(
            status, lambda error, status=status, message=message: (
                render_template("error.html", status=status, message=message()), status))
    app.register_error_handler(StorageUnavailable, _storage_unavailable)


def _storage_unavailable(error: StorageUnavailable):
    """A page whose write the disk refused: 503 (it may work later), and every screen hears."""
    storage_failed(error)
    return render_template("error.html", status=503, message=translate_error(error)), 503
