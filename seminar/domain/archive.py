"""The JSON archive of a whole seminar: its format, and turning it into JSON text and back.

An archive holds what it takes to restore a seminar on another server: the kit's text (the
programme is rebuilt from it), the programme's timestamps, the settings, what the projector
shows, the groups, the participants, the rounds of roles, every point (deleted ones too), the
"done" flags, the per-question settings, the priorities, the themes and the rejected duplicate
suggestions. It is logical: groups, participants and points are named by keys that only mean
something inside the file (``g1``, ``p1``, ``pt1``), never by the server's ids. A participant's
id is a secret their phone keeps, and a point's id is unique across the server, so both are
made anew on import.

Left out on purpose: the hash of the facilitator key (a restored seminar gets a new key), the
version counters (they only order live updates between screens), and the log of applied edits
(it only turns an edit that a phone sends twice into a no-op; the old server's phones never talk
to the new one). Participants' names are in it only when asked for; otherwise every name is "".

``seminar.domain.archive_parser`` reads an archive back, strictly.
"""

import json
from dataclasses import dataclass, fields, is_dataclass

from seminar.domain.errors import ArchiveInvalid
from seminar.domain.messages import N_

FORMAT = "dialogseminar-archive"
VERSION = 1


@dataclass(frozen=True)
class ArchivedSettings:
    allow_participant_groups: bool
    max_group_size: int | None
    all_members_write: bool
    anonymous_wall: bool
    language: str | None = None  # of the seminar's screens (nb, nn, en); absent in older files


@dataclass(frozen=True)
class ArchivedTimer:
    """One block's countdown, as ``seminar.domain.timer.Timer`` keeps it."""

    duration: int
    started_at: float | None
    paused_at: float | None
    paused_seconds: float
    extra_seconds: int


@dataclass(frozen=True)
class ArchivedDisplay:
    """What the projector shows (``seminar.domain.plenary.Display``), its group as a key."""

    mode: str
    question: str | None
    step: int
    group: str | None


@dataclass(frozen=True)
class ArchivedGroup:
    key: str
    name: str
    max_size: int | None
    created_at: float
    created_by: str  # "facilitator" or "participant"


@dataclass(frozen=True)
class ArchivedParticipant:
    key: str
    name: str  # "" when names were left out (or the participant gave none)
    group: str | None
    created_at: float


@dataclass(frozen=True)
class ArchivedRole:
    """One role in one round of a group's roles."""

    group: str
    round: int
    role: str
    participant: str
    assigned_at: float
    source: str


@dataclass(frozen=True)
class ArchivedPoint:
    key: str
    group: str
    question: str
    text: str
    position: int
    revision: int
    author: str  # a participant's key, or ""
    suggested: bool
    deleted: bool
    hidden: bool
    highlighted: bool
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class ArchivedStatus:
    """A group's "done" flag on a question."""

    group: str
    question: str
    done: bool
    updated_at: float | None


@dataclass(frozen=True)
class ArchivedQuestionSetting:
    question: str
    revealed: bool
    priorities_open: bool


@dataclass(frozen=True)
class ArchivedPriorities:
    """A group's picks on a question, most important first (point keys)."""

    group: str
    question: str
    points: tuple[str, ...]
    submitted_at: float
    submitted_by: str  # a participant's key, or ""


@dataclass(frozen=True)
class ArchivedTheme:
    question: str
    title: str
    created_at: float
    points: tuple[str, ...]


@dataclass(frozen=True)
class ArchivedSeminar:
    code: str
    title: str
    kit_name: str
    kit_source: str
    created_at: float
    settings: ArchivedSettings
    current_block: int
    timers: tuple[ArchivedTimer, ...]
    display: ArchivedDisplay | None
    groups: tuple[ArchivedGroup, ...]
    participants: tuple[ArchivedParticipant, ...]
    roles: tuple[ArchivedRole, ...]
    points: tuple[ArchivedPoint, ...]
    question_status: tuple[ArchivedStatus, ...]
    question_settings: tuple[ArchivedQuestionSetting, ...]
    priorities: tuple[ArchivedPriorities, ...]
    themes: tuple[ArchivedTheme, ...]
    rejected_pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Archive:
    exported_at: float
    seminar: ArchivedSeminar


def archive_to_json(archive: Archive) -> dict:
    """Return the archive as JSON values; the field names of the classes are the JSON keys."""
    return {"format": FORMAT, "version": VERSION, "exported_at": archive.exported_at,
            "seminar": _plain(archive.seminar)}


def encode_archive(data: dict) -> bytes:
    """Return archive JSON as a file: UTF-8, indented, letters such as æøå as they are."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def decode_archive(raw: bytes) -> object:
    """Return the JSON value in a file; raise ``ArchiveInvalid`` if it is not UTF-8 JSON."""
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ArchiveInvalid(N_("The file is not a JSON file (UTF-8 text).")) from None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _plain(value: object) -> object:
    if is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value
