"""Polls, word clouds and the evaluation: the facilitator opens and closes each item, every
person answers for themselves while it is open, and the results are tallied from the store.

Who sees what: every screen learns which items are open (``poll_state``); a phone gets its own
answers only; the facilitator gets every item's results with the moderation (hidden open
answers, the ban list) and the breakdown by group. The big screen is public, so it gets only
what it may show: the results of the programme's polls, without hidden answers, and an
evaluation item's only while the facilitator shows that item on it (display mode ``poll``).
"""

from collections.abc import Callable

from seminar.domain.errors import InvalidInput
from seminar.domain.kit import PollItem
from seminar.domain.limits import MAX_BANNED_WORDS
from seminar.domain.messages import N_
from seminar.domain.plenary import Display, DisplayMode
from seminar.domain.polls import (
    ItemNotFound,
    PollClosed,
    breakdown,
    clean_answer,
    clean_ban,
    follow_block,
    tally,
)
from seminar.domain.programme import Programme
from seminar.services.events import GroupsChanged, PollResultsChanged, PollStateChanged
from seminar.services.groups import participant_for_answer
from seminar.services.seminars import Seminar
from seminar.store import Store

FACILITATOR = "facilitator"
PROJECTOR = "projector"


def find_item(seminar: Seminar, item: object) -> PollItem:
    """The kit's poll item ``item`` (``item_not_found`` if the kit has none)."""
    found = seminar.kit.item(item)
    if found is None:
        raise ItemNotFound()
    return found


def is_evaluation(seminar: Seminar, item: PollItem) -> bool:
    return any(entry.id == item.id for entry in seminar.kit.evaluation)


# -- the facilitator opens and closes --------------------------------------------------------------

def open_item(store: Store, seminar: Seminar, item: object, now: float
              ) -> list[PollStateChanged]:
    """The facilitator opens ``item``: phones may answer it (again, if it was closed; the
    answers given before are kept)."""
    found = find_item(seminar, item)
    with store.write():
        state = store.polls.state(seminar.record.id, found.id)
        if state is not None and state.open:
            return []
        store.polls.open_item(seminar.record.id, found.id, now)
    return [PollStateChanged(seminar.code)]


def close_item(store: Store, seminar: Seminar, item: object, now: float
               ) -> list[PollStateChanged]:
    """The facilitator closes ``item``: answers are refused from now on, the results stay."""
    found = find_item(seminar, item)
    with store.write():
        state = store.polls.state(seminar.record.id, found.id)
        if state is None or not state.open:
            return []
        store.polls.close_item(seminar.record.id, found.id, now)
    return [PollStateChanged(seminar.code)]


def set_with_block(store: Store, seminar: Seminar, item: object, with_block: bool
                   ) -> list[PollStateChanged]:
    """The facilitator marks ``item`` to open when its block first starts and to close when the
    programme leaves the block (or unmarks it). An evaluation item has no block."""
    found = find_item(seminar, item)
    if is_evaluation(seminar, found):
        raise InvalidInput(N_("An evaluation item has no block to open with: open it yourself."))
    with store.write():
        store.polls.set_with_block(seminar.record.id, found.id, with_block)
    return [PollStateChanged(seminar.code)]


def follow_programme(store: Store, seminar: Seminar, before: Programme, after: Programme,
                     now: float) -> list[PollStateChanged]:
    """Open and close the items marked to follow their block, for one programme command
    (``before`` → ``after``). Runs inside the command's write transaction."""
    following = follow_block(before, after)
    states = store.polls.states(seminar.record.id)
    changed = False
    for index, opening in ((following.closes, False), (following.opens, True)):
        if index is None:
            continue
        for entry in seminar.kit.blocks[index].items:
            state = states.get(entry.id)
            if state is None or not state.with_block or state.open == opening:
                continue
            if opening:
                store.polls.open_item(seminar.record.id, entry.id, now)
            else:
                store.polls.close_item(seminar.record.id, entry.id, now)
            changed = True
    return [PollStateChanged(seminar.code)] if changed else []


def poll_state(store: Store, seminar: Seminar) -> dict:
    """Which items are `open` (in the order they opened, each with what a phone needs to
    answer it) and which were opened and are `closed` now."""
    with store.read():
        states = store.polls.states(seminar.record.id)
    items = {item.id: item for item in seminar.kit.items()}
    opened = [item_id for item_id, state in states.items() if state.open and item_id in items]
    closed = [item_id for item_id, state in states.items()
              if item_id in items and state.opened_at is not None and not state.open]
    with_block = [item_id for item_id, state in states.items()
                  if state.with_block and item_id in items]
    return {"code": seminar.code, "open": opened, "closed": closed, "with_block": with_block,
            "items": [_definition(seminar, items[item_id]) for item_id in opened]}


def _definition(seminar: Seminar, item: PollItem) -> dict:
    return {"id": item.id, "title": item.title, "kind": str(item.kind),
            "scale": list(item.scale) if item.scale else None,
            "labels": list(item.labels) if item.labels else None,
            "options": list(item.options), "multiple": item.multiple,
            "evaluation": is_evaluation(seminar, item)}


# -- a person answers ----------------------------------------------------------------------------

Admit = Callable[[], None]


def answer_item(store: Store, seminar: Seminar, participant_id: object, item: object,
                value: object, now: float, *, admit_new: Admit | None = None
                ) -> tuple[object, list[PollResultsChanged | GroupsChanged]]:
    """A phone answers ``item`` (replacing its earlier answer): refused with ``poll_closed``
    unless the item is open. The phone becomes a participant if it was not one (``admit_new``
    is asked first), so that one person answers once whatever device state it has. Returns the
    answer as stored."""
    found = find_item(seminar, item)
    cleaned = clean_answer(found, value)
    with store.write():
        state = store.polls.state(seminar.record.id, found.id)
        if state is None or not state.open:
            raise PollClosed()
        participant, events = participant_for_answer(store, seminar, participant_id, now,
                                                     admit_new)
        store.polls.save_answer(seminar.record.id, found.id, participant.id,
                                participant.group_id, cleaned, now)
        store.polls.bump(seminar.record.id, found.id)
    return cleaned, [PollResultsChanged(seminar.code, found.id), *events]


def own_answers(store: Store, seminar: Seminar, participant_id: str | None) -> dict:
    """A phone's own answers, by item (of the items the kit still has)."""
    if not participant_id:
        return {}
    with store.read():
        mine = store.polls.answers_of(seminar.record.id, participant_id)
    return {item.id: mine[item.id] for item in seminar.kit.items() if item.id in mine}


# -- moderation ----------------------------------------------------------------------------------

def ban_word(store: Store, seminar: Seminar, item: object, word: object, banned: bool = True
             ) -> list[PollResultsChanged]:
    """The facilitator bans ``word`` from a word cloud (``banned`` false: counts it again);
    the cloud leaves out every form of it ("Tull", "tullet")."""
    found = _of_kind(seminar, item, "word-cloud")
    cleaned = clean_ban(word)
    with store.write():
        bans = store.polls.bans(seminar.record.id, found.id)
        if banned and cleaned not in bans and len(bans) >= MAX_BANNED_WORDS:
            raise InvalidInput(N_("A word cloud can ban at most %(max)s words."),
                               max=MAX_BANNED_WORDS)
        if banned:
            store.polls.ban(seminar.record.id, found.id, cleaned)
        else:
            store.polls.unban(seminar.record.id, found.id, cleaned)
        store.polls.bump(seminar.record.id, found.id)
    return [PollResultsChanged(seminar.code, found.id)]


def hide_answer(store: Store, seminar: Seminar, item: object, answer: object, hidden: bool
                ) -> list[PollResultsChanged]:
    """The facilitator takes an open answer off the big screen (or puts it back); it stays
    hidden if its author changes it."""
    found = _of_kind(seminar, item, "open")
    with store.write():
        if not isinstance(answer, int) or not store.polls.set_hidden(
                seminar.record.id, found.id, answer, hidden):
            raise InvalidInput(N_("That answer no longer exists."))
        store.polls.bump(seminar.record.id, found.id)
    return [PollResultsChanged(seminar.code, found.id)]


def _of_kind(seminar: Seminar, item: object, kind: str) -> PollItem:
    found = find_item(seminar, item)
    if found.kind != kind:
        raise InvalidInput(N_("That cannot be done with this kind of poll."))
    return found


# -- results -------------------------------------------------------------------------------------

def item_results(store: Store, seminar: Seminar, item: object, audience: str) -> dict:
    """``{item, version, open, results}`` of one item for ``audience`` (``FACILITATOR``, or
    ``PROJECTOR``: what the big screen may show)."""
    found = find_item(seminar, item)
    with store.read():
        state = store.polls.state(seminar.record.id, found.id)
        answers = store.polls.answers(seminar.record.id, found.id)
        bans = store.polls.bans(seminar.record.id, found.id)
    return {"item": found.id, "version": state.version if state else 0,
            "open": bool(state and state.open),
            "results": tally(found, answers, banned=bans, public=audience != FACILITATOR)}


def group_breakdown(store: Store, seminar: Seminar, item: object, audience: str = FACILITATOR
                    ) -> dict:
    """``{item, version, groups}``: the results of one item per group (see
    ``seminar.domain.polls.breakdown``), for ``audience``."""
    found = find_item(seminar, item)
    with store.read():
        state = store.polls.state(seminar.record.id, found.id)
        answers = store.polls.answers(seminar.record.id, found.id)
        bans = store.polls.bans(seminar.record.id, found.id)
        groups = {group.id: group.name for group in store.groups.all(seminar.record.id)}
    return {"item": found.id, "version": state.version if state else 0,
            "groups": breakdown(found, answers, groups, banned=bans,
                                public=audience != FACILITATOR)}


def all_results(store: Store, seminar: Seminar, audience: str) -> list[dict]:
    """The results of every item that was opened (for the projector: those it may show)."""
    with store.read():
        states = store.polls.states(seminar.record.id)
    shown = projector_items(store, seminar) if audience == PROJECTOR else None
    return [item_results(store, seminar, item.id, audience) for item in seminar.kit.items()
            if item.id in states and states[item.id].opened_at is not None
            and (shown is None or item.id in shown)]


def projector_items(store: Store, seminar: Seminar) -> set[str]:
    """The items whose results the big screen may get: the programme's polls, and the
    evaluation item it shows (display mode ``poll``)."""
    items = {item.id for block in seminar.kit.blocks for item in block.items}
    shown = shown_item(store, seminar)
    return items | {shown} if shown else items


def shown_item(store: Store, seminar: Seminar) -> str | None:
    """The item the big screen shows in display mode ``poll``, if it does."""
    with store.read():
        stored, _ = store.plenary.display(seminar.record.id)
    display = Display.from_json(stored)
    if display.mode is DisplayMode.POLL and seminar.kit.item(display.question) is not None:
        return display.question
    return None


def projector_slide(store: Store, seminar: Seminar, display: Display) -> dict:
    """What display mode ``poll`` shows: the item's public results (``step`` 1: by group)."""
    if display.step == 1:
        return {"poll": group_breakdown(store, seminar, display.question, PROJECTOR)}
    return {"poll": item_results(store, seminar, display.question, PROJECTOR)}
