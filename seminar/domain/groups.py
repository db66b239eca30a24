"""Groups and participants: names, prepared group lists, and who may be in which group."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from seminar.domain.errors import InvalidInput, SeminarError
from seminar.domain.limits import (
    MAX_DISPLAY_NAME,
    MAX_GROUP_LIST_CHARS,
    MAX_GROUP_NAME,
    MAX_GROUP_SIZE,
    MAX_GROUPS,
    MAX_PARTICIPANTS,
)
from seminar.domain.messages import N_

_RANGE = re.compile(r"^(?P<label>.*?)\s*(?P<first>\d{1,3})\s*[-–]\s*(?P<last>\d{1,3})$")


@dataclass(frozen=True)
class _Field:
    """The messages for one kind of name."""

    not_text: str
    unprintable: str
    empty: str
    too_long: str


_GROUP_NAME = _Field(
    N_("The group name must be text."),
    N_("The group name contains characters that cannot be shown."),
    N_("The group name cannot be empty."),
    N_("The group name can be at most %(limit)s characters."),
)
_DISPLAY_NAME = _Field(
    N_("Your name must be text."),
    N_("Your name contains characters that cannot be shown."),
    "",
    N_("Your name can be at most %(limit)s characters."),
)


def _clean_text(value: object, field: _Field, limit: int) -> str:
    """Return ``value`` trimmed, with runs of white space folded; refuse what cannot be a name.

    Control and formatting characters are refused, not stripped, so nobody is surprised by
    what was stored. Markup is kept as typed: it is escaped wherever it is shown.
    """
    if value is None and not field.empty:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(field.not_text)
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise InvalidInput(field.unprintable)
    if field.empty and not text:
        raise InvalidInput(field.empty)
    if len(text) > limit:
        raise InvalidInput(field.too_long, limit=limit)
    return text


def clean_group_name(value: object) -> str:
    return _clean_text(value, _GROUP_NAME, MAX_GROUP_NAME)


def clean_display_name(value: object) -> str:
    """A participant's name is optional: taking part anonymously must be possible."""
    return _clean_text(value, _DISPLAY_NAME, MAX_DISPLAY_NAME)


def parse_group_list(text: object) -> list[str]:
    """Return group names from a pasted list: one per line, CSV (first column), or a range.

    ``Bord 1-12`` gives ``Bord 1`` … ``Bord 12``. Duplicates (ignoring case) are dropped.
    """
    if not isinstance(text, str):
        raise InvalidInput(N_("Paste one group name per line."))
    if len(text) > MAX_GROUP_LIST_CHARS:
        raise InvalidInput(N_("The list of groups can be at most %(limit)s characters."),
                           limit=MAX_GROUP_LIST_CHARS)
    names: list[str] = []
    for row in csv.reader(io.StringIO(text.strip())):
        cell = row[0].strip() if row else ""
        if not cell:
            continue
        match = _RANGE.match(cell)
        if match and int(match["first"]) <= int(match["last"]):
            label = match["label"].strip()
            first, last = int(match["first"]), int(match["last"])
            if last - first >= MAX_GROUPS:
                raise InvalidInput(N_("At most %(limit)s groups."), limit=MAX_GROUPS)
            names.extend(clean_group_name(f"{label} {number}".strip())
                         for number in range(first, last + 1))
        else:
            names.append(clean_group_name(cell))
    seen: set[str] = set()
    unique = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    if not unique:
        raise InvalidInput(N_("Paste one group name per line."))
    if len(unique) > MAX_GROUPS:
        raise InvalidInput(N_("At most %(limit)s groups."), limit=MAX_GROUPS)
    return unique


class SeminarFull(SeminarError):
    code = "seminar_full"
    template = N_("This seminar already has %(limit)s participants, as many as it can have. "
                  "Ask the facilitator.")


def check_room_for_participants(existing: int) -> None:
    """Refuse a new participant once a seminar has ``MAX_PARTICIPANTS``."""
    if existing >= MAX_PARTICIPANTS:
        raise SeminarFull(limit=MAX_PARTICIPANTS)


def check_room_for_groups(existing: int, adding: int = 1) -> None:
    """Refuse to make a seminar's groups more than ``MAX_GROUPS`` in all."""
    if existing + adding > MAX_GROUPS:
        raise InvalidInput(N_("At most %(limit)s groups."), limit=MAX_GROUPS)


def clean_max_size(value: object) -> int | None:
    """``None`` means no limit; otherwise a whole number from 1 to ``MAX_GROUP_SIZE``."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_GROUP_SIZE:
        raise InvalidInput(N_("The group size must be a whole number from 1 to %(max)s."),
                           max=MAX_GROUP_SIZE)
    return value


def may_join(group_id: int, *, locked: bool, current: int | None, placed: int | None) -> bool:
    """Whether a participant may join ``group_id`` by themselves: always while groups are
    open; while they are locked, only the group they are in or were placed in (by the
    facilitator, or by being in it when the groups were locked). Otherwise they ask."""
    return not locked or group_id in (current, placed)


# -- what the group services refuse, with their codes ------------------------------------------

class GroupNotFound(SeminarError):
    code = "group_not_found"
    template = N_("That group no longer exists.")


class GroupFull(SeminarError):
    code = "group_full"
    template = N_("The group «%(name)s» is full.")


class NameTaken(SeminarError):
    code = "name_taken"
    template = N_("There is already a group called «%(name)s».")


class UnknownParticipant(SeminarError):
    code = "unknown_participant"
    template = N_("Join the seminar first.")


class RoleHeld(SeminarError):
    """Another member holds the role: the phone asks before sending ``take_over`` (which asks
    the holder)."""

    code = "role_held"
    template = N_("Someone else in the group has this role. Ask them for it?")


class GroupsLocked(SeminarError):
    """The facilitator locked the groups: the phone may ask to join instead."""

    code = "groups_locked"
    template = N_("The groups are locked. You can ask the facilitator to let you into "
                  "«%(name)s».")


class RequestGone(SeminarError):
    code = "request_gone"
    template = N_("That request is no longer waiting.")
