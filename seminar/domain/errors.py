"""The one error hierarchy: every error a user can cause is a ``SeminarError``."""

from seminar.domain.messages import N_


class SeminarError(Exception):
    """An error the person who caused it should be told about, in their language."""

    code = "error"
    template = N_("Something went wrong.")

    def __init__(self, template: str | None = None, **params: object) -> None:
        self.template = template or self.template
        self.params = params
        super().__init__(self.template % params if params else self.template)


class InvalidInput(SeminarError):
    code = "invalid_input"
    template = N_("The request was not understood.")
    path = ""  # the offending field, when a typed model refused the input (``edit.text``)


class NotFound(SeminarError):
    code = "not_found"
    template = N_("No seminar has that code.")


class NotAllowed(SeminarError):
    code = "not_allowed"
    template = N_("Only the facilitator can do that.")


class InvalidTransition(SeminarError):
    code = "invalid_transition"
    template = N_("That cannot be done right now.")


class StorageUnavailable(SeminarError):
    """The database cannot be written (a read-only file or disk, a full disk, a missing
    folder, an I/O error); ``path`` names it and ``reason`` is what SQLite said. At start the
    server refuses to run; while it runs, the write is refused and may be tried again."""

    code = "storage_unavailable"
    template = N_("The database %(path)s cannot be written (%(reason)s). Check that the disk "
                  "has room and that the file and its folder may be written, then start again.")
    # While the server runs, the person whose change was refused hears only that it was not
    # saved and may be tried again; the path and SQLite's words are for the log.
    while_running = N_("The server cannot save anything right now, so your change is not "
                       "saved yet. Nothing was changed; try again in a moment.")

    @classmethod
    def at_run_time(cls, path: str, reason: str) -> "StorageUnavailable":
        """A write refused by the disk while the server runs (retryable: it may work later)."""
        return cls(cls.while_running, path=path, reason=reason)


class KitError(SeminarError):
    """One problem in a kit file, with the line it was found on."""

    code = "kit_error"

    def __init__(self, line: int, template: str, **params: object) -> None:
        self.line = line
        super().__init__(template, **params)


class KitErrors(SeminarError):
    """Every problem found in a kit file (the parser reports them all, not just the first)."""

    code = "kit_errors"
    template = N_("The kit file has errors.")

    def __init__(self, source: str, errors: list[KitError]) -> None:
        self.source = source
        self.errors = errors
        super().__init__()


class ArchiveInvalid(SeminarError):
    """A file offered as a seminar archive that this server cannot restore (``problem`` names
    where, as a path such as ``seminar.groups[2].name``)."""

    code = "archive_invalid"
    template = N_("The file is not a seminar archive this server can read: %(problem)s.")


class KitUnreadable(SeminarError):
    """An uploaded kit file that is not UTF-8 text (a word-processor file, another encoding):
    it cannot be checked line by line, so it is refused as a whole."""

    code = "kit_unreadable"
    template = N_("The file is not UTF-8 text. Save the kit as plain text in UTF-8 (a .md or "
                  ".txt file) and try again.")
