"""Socket.IO events for the compiled summary: the facilitator fetches it and gathers points into
themes; after every change the facilitators get ``summary:changed`` and fetch it again."""

from seminar.services import summary as svc
from seminar.services.events import DisplayChanged, SummaryChanged
from seminar.web import payloads as p
from seminar.web.audiences import FACILITATOR, Sender
from seminar.web.context import now, store
from seminar.web.protocol import FACILITATOR_LIMITS, Outcome, event

CHANGED = (SummaryChanged, DisplayChanged)


@event("summary:fetch", p.Seminar, who=FACILITATOR, limit=FACILITATOR_LIMITS)
def fetch(sender: Sender, payload: p.Seminar) -> Outcome:
    """The compiled `summary` of every question."""
    return Outcome(answer={"summary": svc.compile_summary(store(), sender.seminar)})


@event("theme:create", p.CreateTheme, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS)
def create_theme(sender: Sender, payload: p.CreateTheme) -> Outcome:
    """Gather live, accepted `points` of one `question` (any groups) under a `title`; a point
    leaves any theme it was in. The answer has the new `theme`'s id."""
    theme, events = svc.create_theme(store(), sender.seminar, payload.question, payload.title,
                                     payload.points, now())
    return Outcome(events, {"theme": theme})


@event("theme:change", p.ChangeTheme, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS)
def change_theme(sender: Sender, payload: p.ChangeTheme) -> Outcome:
    """Rename a `theme` (`title`), `add` or `remove` points, or dissolve it (`delete`);
    `theme_not_found` if it is gone."""
    return Outcome(svc.change_theme(store(), sender.seminar, payload.theme, title=payload.title,
                                    add=payload.add, remove=payload.remove,
                                    delete=payload.delete))


@event("suggestion:reject", p.RejectSuggestion, who=FACILITATOR, announces=CHANGED,
       limit=FACILITATOR_LIMITS)
def reject(sender: Sender, payload: p.RejectSuggestion) -> Outcome:
    """Two suggested `points` are not the same: never suggested again."""
    return Outcome(svc.reject_suggestion(store(), sender.seminar, payload.points))
