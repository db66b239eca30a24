"""Socket.IO events of the kit editor: the facilitator reads and edits the seminar's own kit.

Only the facilitator sends these. A stored edit is announced to every screen of the seminar
(``kit:changed`` with the kit's new version, then the programme's new ``programme:state``), so
the projector and the phones show the kit as edited at once. An edit carries the kit version it
was made against; an older one is refused (``kit_conflict``) and nothing is stored.
"""

from seminar.domain.errors import KitProblem
from seminar.i18n import translate_error
from seminar.services import kit_editing as svc
from seminar.services.events import GroupsChanged, KitChanged, ProgrammeChanged
from seminar.web import payloads as p
from seminar.web.audiences import FACILITATOR, Sender
from seminar.web.context import now, store
from seminar.web.protocol import FACILITATOR_LIMITS, Outcome, event
from seminar.web.rate_limit import per_socket

CHANGED = (KitChanged, ProgrammeChanged, GroupsChanged)  # the groups': when roles changed
CHECK_LIMITS = (*FACILITATOR_LIMITS, per_socket("LIMIT_KIT_CHECKS_PER_SOCKET"))


@event("kit:get", p.Seminar, who=FACILITATOR, limit=FACILITATOR_LIMITS)
def get_kit(sender: Sender, payload: p.Seminar) -> Outcome:
    """The seminar's kit for the editor: `version` (the kit's), `text` (the kit as text),
    `kit` (its fields: title, date, place, organiser, subject, language, introduction,
    preparation, answering, `roles` and `blocks` with their `questions` and poll `items`, the
    `evaluation`'s items), `current` and `statuses` (the programme's), `answered` (points per
    question id), `answered_items` (answers per poll item id) and `running` (whether the
    current block has started)."""
    return Outcome(answer=svc.editable_kit(store(), sender.seminar))


@event("kit:edit", p.KitEdit, who=FACILITATOR, announces=CHANGED, limit=FACILITATOR_LIMITS)
def edit_kit(sender: Sender, payload: p.KitEdit) -> Outcome:
    """Change the kit made at `version` by `ops`, applied in order, all or nothing (see
    docs/kit-editing.md); `confirm` removes questions and poll items that have answers.
    Refused: `kit_conflict` (another window changed it: read it again), `kit_invalid`
    (`errors`, each with its `line`, `message`, `part`, `block`, `question`, `role` and
    `item`), `confirm_needed` (`questions` and `items` with their `answers`), `block_running`.
    The answer is `kit:get`'s, after the change."""
    answer, events = svc.edit_kit(store(), sender.seminar, payload.version, payload.ops, now(),
                                  confirm=payload.confirm)
    return Outcome(events, answer)


@event("kit:text", p.KitReplace, who=FACILITATOR, announces=CHANGED, limit=FACILITATOR_LIMITS)
def replace_kit(sender: Sender, payload: p.KitReplace) -> Outcome:
    """Replace the kit made at `version` with the kit `text` (kept as typed once it parses;
    blocks are matched to the old ones by title, then position). Refused as `kit:edit` is. The
    answer is `kit:get`'s, after the change."""
    answer, events = svc.replace_kit_text(store(), sender.seminar, payload.version,
                                          payload.text, now(), confirm=payload.confirm)
    return Outcome(events, answer)


@event("kit:check", p.KitCheck, who=FACILITATOR, limit=CHECK_LIMITS)
def check_kit(sender: Sender, payload: p.KitCheck) -> Outcome:
    """Check kit `text` as `seminar check` does, storing nothing: `errors`, each `{line,
    message}` (none: the text is a kit)."""
    return Outcome(answer={"errors": [_line_error(problem)
                                      for problem in svc.check_kit_text(payload.text)]})


@event("kit:preview", p.KitPreview, who=FACILITATOR, limit=CHECK_LIMITS)
def preview(sender: Sender, payload: p.KitPreview) -> Outcome:
    """`markdown` as the screens show it: `html`, rendered and sanitised as every kit text."""
    return Outcome(answer={"html": svc.preview_markdown(payload.markdown)})


def _line_error(problem: KitProblem) -> dict:
    return {"line": problem.line, "message": translate_error(problem)}
