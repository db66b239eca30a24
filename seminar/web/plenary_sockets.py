"""Socket.IO events for the plenary: what the big screen shows, the answer wall, moderation and
prioritising.

The projector is public (anyone with the code may open it), so what it receives holds only what
it shows. The projector gets ``display:state`` (what it shows, with the wall's content) and
``wall:group`` (one group's card, after each change to the question it shows). The facilitators
get the same ``display:state``, and ``wall:group`` with everything for every change, for
moderation. Every screen gets ``plenary:settings``.
"""

from seminar.services import plenary as svc
from seminar.services.events import (
    DisplayChanged,
    GroupsChanged,
    PlenarySettingsChanged,
    WallChanged,
)
from seminar.web import payloads as p
from seminar.web.audiences import ANYONE, FACILITATOR, Sender
from seminar.web.context import now, store
from seminar.web.protocol import FACILITATOR_LIMITS, FETCH_LIMITS, Outcome, event


def display(sender: Sender) -> dict:
    """The projector's view as it is now, for the sender."""
    return {"display": svc.projector_view(store(), sender.seminar)}


@event("display:show", p.Show, who=FACILITATOR, announces=(DisplayChanged,),
       limit=FACILITATOR_LIMITS, reply=display)
def show(sender: Sender, payload: p.Show) -> Outcome:
    """The projector shows `mode`: `programme`, `join` (how to join: the QR code, the code and
    the address, the whole screen), `wall` (the answer wall of `question`), `report` (the
    report-back of `question`, at group index `step`, kept within the groups), `summary` (the
    ranking of a `question` that asks for priorities, with the first `step` items revealed, at
    most 10), `poll` (the results of the poll item `question`; `step` 1: by group; the only way
    an evaluation item's results reach the big screen), `vote` (the vote across groups on
    `question`, its result building up) or `closing` (the closing slide). The
    answer has the projector's `display`."""
    return Outcome(svc.show(store(), sender.seminar, payload.mode, payload.question,
                            payload.step, now=now()))


@event("display:page", p.TurnPage, who=FACILITATOR, announces=(DisplayChanged,),
       limit=FACILITATOR_LIMITS, reply=display)
def turn_page(sender: Sender, payload: p.TurnPage) -> Outcome:
    """The projector turns to the next (`step` 1) or the previous (-1) page of what it shows;
    the next turn by itself comes a whole page time later."""
    return Outcome(svc.turn_page(store(), sender.seminar, payload.step, now()))


@event("display:paging", p.Paging, who=FACILITATOR, announces=(DisplayChanged,),
       limit=FACILITATOR_LIMITS, reply=display)
def paging(sender: Sender, payload: p.Paging) -> Outcome:
    """`paused` true stops the projector's pages turning by themselves (the page on screen
    stays), false starts them again from that page."""
    return Outcome(svc.set_paging(store(), sender.seminar, payload.paused, now()))


@event("display:fetch", p.Seminar, who=ANYONE, limit=FETCH_LIMITS, reply=display)
def fetch_display(sender: Sender, payload: p.Seminar) -> Outcome:
    """What the projector shows now (`display`), e.g. after the groups changed."""
    return Outcome()


@event("wall:fetch", p.Question, who=FACILITATOR, limit=FACILITATOR_LIMITS)
def fetch_wall(sender: Sender, payload: p.Question) -> Outcome:
    """One question's `wall`: every group's points with their flags, for moderation."""
    return Outcome(answer={"wall": svc.facilitator_wall(store(), sender.seminar,
                                                        payload.question)})


@event("plenary:configure", p.ConfigurePlenary, who=FACILITATOR,
       announces=(PlenarySettingsChanged, DisplayChanged, GroupsChanged),
       limit=FACILITATOR_LIMITS)
def configure(sender: Sender, payload: p.ConfigurePlenary) -> Outcome:
    """`revealed`: the wall shows `question`'s points (otherwise only how many);
    `priorities_open`: the groups may prioritise it (only questions the kit marks with
    `prioriter`); `anonymous`: no group names on the big screen. The answer has the new
    `settings`."""
    seminar = sender.seminar
    events = svc.configure(store(), seminar, payload.question, revealed=payload.revealed,
                           priorities_open=payload.priorities_open,
                           anonymous=payload.anonymous)
    return Outcome(events, {"settings": svc.plenary_settings(store(), seminar)})


@event("point:moderate", p.Moderate, who=FACILITATOR, announces=(WallChanged,),
       limit=FACILITATOR_LIMITS)
def moderate(sender: Sender, payload: p.Moderate) -> Outcome:
    """Hide a point from the big screen (the group still sees it), or highlight it there."""
    return Outcome(svc.moderate(store(), sender.seminar, payload.point, hidden=payload.hidden,
                                highlighted=payload.highlighted))
