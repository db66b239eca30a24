"""Run the programme: the facilitator's commands, and the state every screen renders."""

import time
from dataclasses import replace

from seminar.domain.errors import InvalidInput, InvalidTransition
from seminar.domain.messages import N_
from seminar.domain.programme import Programme
from seminar.domain.replanning import clock_shift
from seminar.services.events import PollStateChanged, ProgrammeChanged
from seminar.services.polls import follow_programme
from seminar.services.seminars import Seminar, find_seminar
from seminar.store import Store


def control_programme(store: Store, seminar: Seminar, action: object, now: float, *,
                      seconds: object = None, block: object = None, version: object = None
                      ) -> tuple[Seminar, list[ProgrammeChanged | PollStateChanged]]:
    """Apply one facilitator command to the programme; return the new seminar and events.

    The caller has already checked that the actor is this seminar's facilitator. A command
    sent for an older ``version`` than the stored one is refused, so a double click or a
    second control tab cannot skip a block.
    """
    with store.write():
        current = find_seminar(store, seminar.code)  # re-read inside the transaction
        if version is not None and version != current.record.version:
            if not isinstance(version, int) or isinstance(version, bool):
                raise InvalidInput()
            raise InvalidTransition(N_("The programme has moved on since you pressed: check "
                                       "the screen and try again."))
        before = current.programme
        after = _apply(before, action, now, seconds, block)
        changed = {i for i, (a, b) in enumerate(zip(before.timers, after.timers, strict=True))
                   if a != b}
        version = store.seminars.save_programme(current.record.id, after.current, after.timers,
                                                changed)
        polls = follow_programme(store, current, before, after, now)
    updated = replace(current, programme=after, record=replace(current.record, version=version,
                                                                current_block=after.current))
    return updated, [*polls, ProgrammeChanged(updated.code, programme_state(updated, now))]


def _apply(programme: Programme, action: object, now: float, seconds: object,
           block: object) -> Programme:
    if action == "start":
        return programme.start(now)
    if action == "pause":
        return programme.pause(now)
    if action == "resume":
        return programme.resume(now)
    if action == "adjust":
        return programme.adjust(seconds)
    if action == "next":
        return programme.next(now)
    if action == "previous":
        return programme.previous(now)
    if action == "go_to":
        return programme.go_to(block, now)
    raise InvalidInput(N_("Unknown programme command."))


def programme_state(seminar: Seminar, now: float) -> dict:
    """Return the JSON-ready state of the programme: times in epoch milliseconds."""
    programme = seminar.programme
    timer = programme.timer
    schedule = programme.schedule(now)
    shift = clock_shift(programme, now, local_utc_offset(now))
    return {
        "code": seminar.code,
        "version": seminar.record.version,
        "kit_version": seminar.record.kit_version,
        "server_time": _ms(now),
        "current": programme.current,
        "timer": {
            "status": str(timer.status),
            "total_ms": _ms(timer.total),
            "remaining_ms": _ms(timer.remaining(now)),
            "deadline_ms": None if timer.deadline is None else _ms(timer.deadline),
            "extra_ms": _ms(timer.extra_seconds),
        },
        "statuses": [str(status) for status in programme.statuses()],
        "schedule": None if schedule is None else {
            "day": schedule.day,
            "planned_end_ms": _ms(schedule.planned_end),
            "forecast_end_ms": _ms(schedule.forecast_end),
            "delay_ms": _ms(schedule.delay),
        },
        "clock_shift": None if shift is None else {
            "day": shift.day,
            "from": shift.from_block,
            "minutes": shift.minutes,
            "published_end_ms": _ms(shift.published_end),
            "forecast_end_ms": _ms(shift.forecast_end),
            "steady_until_ms": _ms(shift.steady_until),
        },
    }


def local_utc_offset(now: float) -> float:
    """Return how many seconds the hall's clock is ahead of UTC at ``now``.

    The hall is where the server runs: its time zone (``TZ``) says what a kit's clock times mean.
    """
    return time.localtime(now).tm_gmtoff


def _ms(seconds: float) -> int:
    return round(seconds * 1000)
