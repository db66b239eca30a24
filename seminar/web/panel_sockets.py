"""Socket.IO events for the questions to the panel.

A phone asks (`panel:ask`) while the current block takes questions from the hall, and upvotes
(`panel:vote`); the facilitator moderates (`panel:moderate`) and decides whether questions wait
for approval (`panel:settings`); any screen fetches the list it may see (`panel:fetch`). Every
change is announced coalesced as `panel:state` (``seminar.web.panel_broadcast``); the sender's
answer carries its fresh view, so it never waits for the announcement.
"""

from collections.abc import Mapping
from typing import Any

from seminar.services import panel as svc
from seminar.services.events import GroupsChanged, PanelChanged
from seminar.web import panel_broadcast  # noqa: F401  (declares how PanelChanged is announced)
from seminar.web import payloads as p
from seminar.web.audiences import ANYONE, FACILITATOR, PHONE, Sender
from seminar.web.context import now, store
from seminar.web.protocol import (
    FACILITATOR_LIMITS,
    FETCH_LIMITS,
    NEW_PARTICIPANT,
    Outcome,
    count_now,
    event,
)
from seminar.web.rate_limit import per_address, per_phone

ASK_LIMITS = (per_phone("LIMIT_PANEL_ASKS_PER_PHONE"),
              per_address("LIMIT_PANEL_ASKS_PER_ADDRESS"), NEW_PARTICIPANT)
VOTE_LIMITS = (per_phone("LIMIT_PANEL_VOTES_PER_PHONE"),
               per_address("LIMIT_PANEL_VOTES_PER_ADDRESS"), NEW_PARTICIPANT)
PHONE_CHANGES = (PanelChanged, GroupsChanged)


def _admit_new() -> None:
    count_now(NEW_PARTICIPANT)


def phone_views(sender: Sender) -> Mapping[str, Any]:
    """The phone's fresh list (`panel`) and its own part (`mine`)."""
    return {"panel": svc.public_state(store(), sender.seminar, svc.PHONE),
            "mine": svc.own_part(store(), sender.seminar, sender.participant_id)}


def facilitator_view(sender: Sender) -> Mapping[str, Any]:
    return {"panel": svc.public_state(store(), sender.seminar, svc.FACILITATOR)}


@event("panel:ask", p.PanelAsk, who=PHONE, announces=PHONE_CHANGES, limit=ASK_LIMITS,
       reply=phone_views)
def ask(sender: Sender, payload: p.PanelAsk) -> Outcome:
    """A phone sends a question to the panel (`text`, at most 300 characters, and an optional
    `name`), only while the current block takes questions from the hall (`panel_closed`
    otherwise). It waits for approval when the facilitator asks for that. The first question
    or vote makes the phone a stored participant, as `group:choose` does. The answer has the
    new `id`, the phone's `panel` and its own part, `mine` (`votes`, `asked`, `pending`)."""
    question_id, events = svc.ask(store(), sender.seminar, sender.participant_id, payload.text,
                                  payload.name, now(), admit_new=_admit_new)
    return Outcome(events, {"id": question_id})


@event("panel:vote", p.PanelVote, who=PHONE, announces=PHONE_CHANGES, limit=VOTE_LIMITS,
       reply=phone_views)
def vote(sender: Sender, payload: p.PanelVote) -> Outcome:
    """A phone upvotes `question_id` (`up` true) or takes its vote back (false); one vote per
    person and question. Only a visible or answered question takes votes
    (`panel_question_gone`). The answer has `panel` and `mine` as for `panel:ask`."""
    return Outcome(svc.vote(store(), sender.seminar, sender.participant_id, payload.question_id,
                            payload.up, now(), admit_new=_admit_new))


@event("panel:moderate", p.PanelModerate, who=FACILITATOR, announces=(PanelChanged,),
       limit=FACILITATOR_LIMITS, reply=facilitator_view)
def moderate(sender: Sender, payload: p.PanelModerate) -> Outcome:
    """`approve`, `hide`, mark as `answered`, `pin` to the big screen (the one pinned before is
    unpinned; pinning a waiting question approves it) or `unpin` question `question_id`. The
    answer has the facilitator's `panel`."""
    return Outcome(svc.moderate(store(), sender.seminar, payload.question_id, payload.action))


@event("panel:settings", p.PanelSettings, who=FACILITATOR, announces=(PanelChanged,),
       limit=FACILITATOR_LIMITS, reply=facilitator_view)
def settings(sender: Sender, payload: p.PanelSettings) -> Outcome:
    """`approval` true: new questions wait for the facilitator's approval before any other
    screen sees them; false: they show at once. The answer has the facilitator's `panel`."""
    return Outcome(svc.set_approval(store(), sender.seminar, payload.approval))


@event("panel:fetch", p.PanelFetch, who=ANYONE, limit=FETCH_LIMITS)
def fetch(sender: Sender, payload: p.PanelFetch) -> Outcome:
    """The list this screen may see (`panel`, as in `panel:state`): the facilitator every
    question (`view` `facilitator`, or none from the console), the big screen (`view`
    `projector`) what it shows, a phone the visible and answered questions and its own part
    (`mine`)."""
    seminar = sender.seminar
    if payload.view == "projector":
        return Outcome(answer={"panel": svc.public_state(store(), seminar, svc.PROJECTOR)})
    if sender.facilitator and payload.view != "participant":
        return Outcome(answer=facilitator_view(sender))
    return Outcome(answer=phone_views(sender))
