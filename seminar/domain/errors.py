"""The one error hierarchy: every error a user can cause is a ``SeminarError``."""

from collections.abc import Callable, Mapping

from seminar.domain.messages import N_


class SeminarError(Exception):
    """An error the person who caused it should be told about, in their language."""

    code = "error"
    template = N_("Something went wrong.")

    def __init__(self, template: str | None = None, **params: object) -> None:
        self.template = template or self.template
        self.params = params
        super().__init__(self.template % params if params else self.template)

    def details(self, translate: Callable[["SeminarError"], str]) -> dict[str, object]:
        """What the error acknowledgement carries besides its code and message (most errors:
        nothing); ``translate`` gives a message in the sender's language."""
        return {}


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


# -- editing a seminar's kit (seminar.domain.kit_edits, seminar.services.kit_editing) -------------

class KitConflict(SeminarError):
    """An edit made against an older version of the seminar's kit (another tab changed it)."""

    code = "kit_conflict"
    template = N_("The kit was changed in another window meanwhile. It is shown as it is now: "
                  "make your change again.")


class KitProblem(SeminarError):
    """One problem with an edited kit, with the part of the kit it concerns: ``line`` of the
    kit's written text (0: a field the edit set), ``part`` (``title``, ``role``, ``block``,
    ``question``, ``item``...) and the indexes of that role, block, question and poll item
    (``block`` is ``"evaluation"`` for an item of the evaluation)."""

    code = "kit_problem"

    def __init__(self, template: str, *, line: int = 0, part: str | None = None,
                 block: int | str | None = None, question: int | None = None,
                 role: int | None = None, item: int | None = None,
                 params: Mapping[str, object] | None = None) -> None:
        self.line = line
        self.part, self.block, self.question, self.role = part, block, question, role
        self.item = item
        super().__init__(template, **(params or {}))

    def as_json(self, translate: Callable[[SeminarError], str]) -> dict[str, object]:
        return {"line": self.line or None, "message": translate(self), "part": self.part,
                "block": self.block, "question": self.question, "role": self.role,
                "item": self.item}


class KitInvalid(SeminarError):
    """An edit that would make the seminar's kit one ``seminar check`` refuses (or a field no
    kit can hold): nothing is stored; ``problems`` say what and where."""

    code = "kit_invalid"
    template = N_("The kit has errors, so the change was not saved.")

    def __init__(self, problems: list[KitProblem]) -> None:
        self.problems = problems
        super().__init__()

    def details(self, translate: Callable[[SeminarError], str]) -> dict[str, object]:
        return {"errors": [problem.as_json(translate) for problem in self.problems]}


class ConfirmNeeded(SeminarError):
    """An edit that removes questions the groups have answered, or poll items people have
    answered: it needs ``confirm``. ``questions`` and ``items`` are ``(id, title, answers)``."""

    code = "confirm_needed"
    template = N_("The groups have answered a question this change removes. Confirm to remove "
                  "it: its answers stay in the report, marked as a removed question.")
    items_template = N_("People in the hall have answered a poll item this change removes. "
                        "Confirm to remove it: its answers are then no longer shown or "
                        "reported.")

    def __init__(self, questions: list[tuple[str, str, int]],
                 items: list[tuple[str, str, int]] | None = None) -> None:
        self.questions = questions
        self.items = items or []
        super().__init__(None if questions else self.items_template)

    def details(self, translate: Callable[[SeminarError], str]) -> dict[str, object]:
        return {"questions": [{"id": qid, "title": title, "answers": answers}
                              for qid, title, answers in self.questions],
                "items": [{"id": item_id, "title": title, "answers": answers}
                          for item_id, title, answers in self.items]}


class BlockRunning(SeminarError):
    """An edit of the current block once its timer has started: its kind and duration stay
    (the extend and shorten buttons change its time), and it stays in the programme."""

    code = "block_running"
    template = N_("The block «%(title)s» has started: its type and duration cannot change "
                  "now (extend or shorten it with the buttons), and it cannot be removed.")


class KitUnreadable(SeminarError):
    """An uploaded kit file that is not UTF-8 text (a word-processor file, another encoding):
    it cannot be checked line by line, so it is refused as a whole."""

    code = "kit_unreadable"
    template = N_("The file is not UTF-8 text. Save the kit as plain text in UTF-8 (a .md or "
                  ".txt file) and try again.")
