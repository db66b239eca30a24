"""The JSON archive of a whole seminar: its format, and turning it into JSON text and back.

An archive holds what it takes to restore a seminar on another server: the kit's text (the
programme is rebuilt from it), the programme's timestamps, the settings, what the projector
shows, the groups, the participants, the rounds of roles, every point (deleted ones too) with
its earlier versions, the "done" flags, the per-question settings, the priorities, the themes
and the rejected duplicate suggestions; and the questions removed from the kit after they had
answers (``removed_questions``: their points, priorities and themes are in the file under
their ids, which the kit no longer has) and how many times the kit was edited
(``kit_version``, so that the restored seminar's kit counts on from there); and the votes
across groups (``votes``: each vote's frozen items, when it opened and closed, and who voted
for what by participant key). It is logical:
groups, participants and points are named by keys that only mean something inside the file
(``g1``, ``p1``, ``pt1``), never by the server's ids. A participant's id is a secret their
phone keeps, and a point's id is unique across the server, so both are made anew on import.

Left out on purpose: the hash of the facilitator key (a restored seminar gets a new key), the
version counters of the programme, the groups, the display and the panel (they only order live
updates between screens), and the log of applied edits (it only turns an edit that a phone
sends twice into a no-op; the old server's phones never talk to the new one), and the waiting
requests to join a group or for a role (a restored seminar's phones ask again). Participants'
names are in it only when asked for; otherwise every name is "".

Fields added since the first files (the language, the locked groups, the points' history, the
kit's version and its removed questions) have defaults, so an older file still restores (an
older server refuses a newer file that has them: it does not know their keys).

The hall's part (issue 16) is in it too: whether questions to the panel wait for approval, the
questions (their author as a participant's key, their name only when names are asked for, their
state, the pin, and the upvotes by participant), and of the kit's poll items their state
(opened, closed, the results' version, whether they open with their block), every person's
answer (participant, group, value, hidden) and the words banned from a word cloud.

``seminar.domain.archive_parser`` reads an archive back, strictly.
"""

import json
from enum import Enum
from typing import Annotated

import msgspec
from msgspec import Meta

from seminar.domain.errors import ArchiveInvalid
from seminar.domain.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_ARCHIVE_POINTS,
    MAX_DISPLAY_NAME,
    MAX_DURATION,
    MAX_GROUP_NAME,
    MAX_GROUP_SIZE,
    MAX_GROUPS,
    MAX_KIT_CHARS,
    MAX_OPEN_ANSWER_CHARS,
    MAX_PANEL_NAME,
    MAX_PANEL_QUESTIONS,
    MAX_PANEL_TEXT,
    MAX_POINT_CHARS,
    MAX_PRIORITIES,
    MAX_THEME_TITLE,
    MAX_TIMER_SECONDS,
    MAX_WORD_CHARS,
)
from seminar.domain.messages import N_
from seminar.domain.plenary import DisplayMode

FORMAT = "dialogseminar-archive"
VERSION = 1
MAX_ITEMS = 100_000  # in each list of the file
MAX_TIME = 1e11  # seconds since 1970: the year 5138

# The fields' types say what a file may hold; ``seminar.domain.archive_parser`` reads a file
# through them (msgspec checks each type and constraint, and refuses unknown keys), then checks
# what types cannot say: references, uniqueness, the kit, names as the app stores them.
# Every model is a JSON object with exactly its keys (``forbid_unknown_fields``).
Key = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{1,32}\Z")]  # g1, p1, pt1: inside the file
KeyOrBlank = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{0,32}\Z")]  # a key, or ""
Time = Annotated[float, Meta(ge=0, le=MAX_TIME)]  # seconds since 1970 (or seconds)
Count = Annotated[int, Meta(ge=0, le=MAX_ITEMS)]
QuestionId = Annotated[str, Meta(min_length=1, max_length=100)]
RoleId = Annotated[str, Meta(min_length=1, max_length=100)]
GroupSize = Annotated[int, Meta(ge=1, le=MAX_GROUP_SIZE)]
Seconds = Annotated[int, Meta(ge=-MAX_TIMER_SECONDS, le=MAX_TIMER_SECONDS)]
Priorities = Annotated[int, Meta(ge=1, le=MAX_PRIORITIES)]  # a bound of a question's picks
LANGUAGE_NAMES = ("nb", "nn", "en")  # as ``seminar.domain.kit_parser.LANGUAGES``


def _one_of(*names: str) -> Meta:
    return Meta(pattern=rf"^(?:{'|'.join(names)})\Z")


Language = Annotated[str, _one_of(*LANGUAGE_NAMES)]


class ArchivedSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    allow_participant_groups: bool
    max_group_size: GroupSize | None
    all_members_write: bool
    anonymous_wall: bool
    language: Language | None = None  # of the seminar's screens; absent in older files
    groups_locked: bool = False  # absent in older files


class ArchivedTimer(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One block's countdown, as ``seminar.domain.timer.Timer`` keeps it."""

    duration: Annotated[int, Meta(ge=0, le=MAX_DURATION)]
    started_at: Time | None
    paused_at: Time | None
    paused_seconds: Time
    extra_seconds: Seconds


class ArchivedDisplay(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the projector shows (``seminar.domain.plenary.Display``), its group as a key."""

    mode: DisplayMode
    question: QuestionId | None
    step: Count
    group: Key | None


class ArchivedGroup(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    key: Key
    name: Annotated[str, Meta(min_length=1, max_length=MAX_GROUP_NAME)]
    max_size: GroupSize | None
    created_at: Time
    created_by: Annotated[str, _one_of("facilitator", "participant")]


class ArchivedParticipant(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    key: Key
    name: Annotated[str, Meta(max_length=MAX_DISPLAY_NAME)]  # "" when left out (or none given)
    group: Key | None
    created_at: Time
    placed: Key | None = None  # the group they were placed in; absent in older files


class ArchivedRole(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One role in one round of a group's roles."""

    group: Key
    round: Count
    role: RoleId
    participant: Key
    assigned_at: Time
    source: Annotated[str, _one_of("app", "facilitator", "member", "consent", "left")]


class ArchivedPoint(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    key: Key
    group: Key
    question: QuestionId
    text: Annotated[str, Meta(min_length=1, max_length=MAX_POINT_CHARS)]
    position: Count
    revision: Annotated[int, Meta(ge=1, le=10**9)]
    author: KeyOrBlank  # a participant's key, or ""
    suggested: bool
    deleted: bool
    hidden: bool
    highlighted: bool
    created_at: Time
    updated_at: Time


class ArchivedVersion(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An earlier version of a point (kept so that the facilitator can restore it)."""

    point: Key
    text: Annotated[str, Meta(min_length=1, max_length=MAX_POINT_CHARS)]
    revision: Annotated[int, Meta(ge=1, le=10**9)]
    author: KeyOrBlank  # a participant's key, or ""
    suggested: bool
    deleted: bool
    updated_at: Time
    replaced_at: Time


class ArchivedStatus(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A group's "done" flag on a question."""

    group: Key
    question: QuestionId
    done: bool
    updated_at: Time | None


class ArchivedQuestionSetting(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    question: QuestionId
    revealed: bool
    priorities_open: bool


class ArchivedPriorities(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A group's picks on a question, most important first (point keys)."""

    group: Key
    question: QuestionId
    points: Annotated[tuple[Key, ...], Meta(max_length=MAX_PRIORITIES)]
    submitted_at: Time
    submitted_by: KeyOrBlank  # a participant's key, or ""


class ArchivedTheme(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    question: QuestionId
    title: Annotated[str, Meta(min_length=1, max_length=MAX_THEME_TITLE)]
    created_at: Time
    points: Annotated[tuple[Key, ...], Meta(max_length=MAX_ITEMS)]


class ArchivedRemovedQuestion(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A question taken out of the kit after groups had answered it, as the kit had it
    (``seminar.domain.kit.RemovedQuestion``): the report shows its answers, marked removed."""

    id: QuestionId
    title: Annotated[str, Meta(min_length=1, max_length=MAX_KIT_CHARS)]
    text: Annotated[str, Meta(max_length=MAX_KIT_CHARS)]  # Markdown
    prioritise: tuple[Priorities, Priorities] | None  # (low, high), as the kit said
    block_title: Annotated[str, Meta(max_length=MAX_KIT_CHARS)]  # the block it was in
    removed_at: Time


# -- the hall's part (issue 16): questions to the panel, polls, the evaluation ------------------

ItemId = Annotated[str, Meta(min_length=1, max_length=100)]  # a poll item's id in the kit
PanelState = Annotated[str, _one_of("pending", "visible", "hidden", "answered")]
# A poll answer as the app stores it (seminar.domain.polls.clean_answer): a scale's number, a
# choice's option indexes, a word cloud's words or an open answer's text; checked against the
# item by the parser.
_AnswerNumber = Annotated[int, Meta(ge=-1000, le=1000)]  # a scale's value, a choice's option
_AnswerWord = Annotated[str, Meta(max_length=MAX_WORD_CHARS)]
PollValue = (_AnswerNumber | Annotated[str, Meta(max_length=MAX_OPEN_ANSWER_CHARS)]
             | Annotated[tuple[_AnswerNumber | _AnswerWord, ...], Meta(max_length=100)])


class ArchivedPanelVote(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    participant: Key
    voted_at: Time


class ArchivedPanelQuestion(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A question to the panel (``seminar.domain.panel.PanelQuestion``), its upvotes in the
    order they were given."""

    author: Key  # the participant who asked
    text: Annotated[str, Meta(min_length=1, max_length=MAX_PANEL_TEXT)]
    name: Annotated[str, Meta(max_length=MAX_PANEL_NAME)]  # "" when left out (or none given)
    state: PanelState
    pinned: bool
    asked_at: Time
    votes: Annotated[tuple[ArchivedPanelVote, ...], Meta(max_length=MAX_ITEMS)]


class ArchivedPollItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A poll item's state (``seminar.store.polls.ItemState``)."""

    item: ItemId
    opened_at: Time | None
    closed_at: Time | None
    version: Annotated[int, Meta(ge=0, le=10**9)]
    with_block: bool


class ArchivedPollAnswer(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One person's answer to one item, with the group they were in when they answered."""

    item: ItemId
    participant: Key
    group: Key | None
    value: PollValue
    hidden: bool
    updated_at: Time


class ArchivedPollBan(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    item: ItemId
    word: Annotated[str, Meta(min_length=1, max_length=MAX_WORD_CHARS)]


# -- the vote across groups ------------------------------------------------------------------------
# An item is named inside the file: ``point:<point key>``, ``theme:<n>`` (the n-th theme of
# ``themes``, from 1) or ``gone:<n>`` (a theme or point that no longer exists; its votes still
# count in the vote's own result).
VoteItemKey = Annotated[str, Meta(
    pattern=r"^(?:point:[A-Za-z0-9_-]{1,32}|(?:theme|gone):[0-9]{1,6})\Z")]


class ArchivedVoteItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    key: VoteItemKey
    title: Annotated[str, Meta(min_length=1, max_length=MAX_POINT_CHARS)]
    rank: Annotated[int, Meta(ge=1, le=MAX_ITEMS)]


class ArchivedBallot(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One person's vote for one item (its index in the vote's ``items``)."""

    participant: Key
    item: Count
    cast_at: Time


class ArchivedVote(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The vote across groups on a question: its items as frozen when it opened, and who voted
    for what (participants' keys)."""

    question: QuestionId
    items: Annotated[tuple[ArchivedVoteItem, ...], Meta(max_length=MAX_ITEMS)]
    opened_at: Time
    closed_at: Time | None
    ballots: Annotated[tuple[ArchivedBallot, ...], Meta(max_length=MAX_ITEMS)]


class ArchivedSeminar(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: str  # a join code as the app makes them (checked by the parser)
    title: Annotated[str, Meta(max_length=MAX_KIT_CHARS)]  # the kit's (taken from it anew)
    kit_name: Annotated[str, Meta(max_length=255)]
    kit_source: Annotated[str, Meta(min_length=1, max_length=MAX_KIT_CHARS)]
    created_at: Time
    settings: ArchivedSettings
    current_block: Count
    timers: Annotated[tuple[ArchivedTimer, ...], Meta(max_length=MAX_ITEMS)]
    display: ArchivedDisplay | None
    groups: Annotated[tuple[ArchivedGroup, ...], Meta(max_length=MAX_GROUPS)]
    participants: Annotated[tuple[ArchivedParticipant, ...], Meta(max_length=MAX_ITEMS)]
    roles: Annotated[tuple[ArchivedRole, ...], Meta(max_length=MAX_ITEMS)]
    points: Annotated[tuple[ArchivedPoint, ...], Meta(max_length=MAX_ARCHIVE_POINTS)]
    question_status: Annotated[tuple[ArchivedStatus, ...], Meta(max_length=MAX_ITEMS)]
    question_settings: Annotated[tuple[ArchivedQuestionSetting, ...], Meta(max_length=MAX_ITEMS)]
    priorities: Annotated[tuple[ArchivedPriorities, ...], Meta(max_length=MAX_ITEMS)]
    themes: Annotated[tuple[ArchivedTheme, ...], Meta(max_length=MAX_ITEMS)]
    rejected_pairs: Annotated[tuple[tuple[Key, Key], ...], Meta(max_length=MAX_ITEMS)]
    point_versions: Annotated[tuple[ArchivedVersion, ...], Meta(max_length=MAX_ITEMS)] = ()
    kit_version: Count = 0  # absent in older files
    removed_questions: Annotated[tuple[ArchivedRemovedQuestion, ...],
                                 Meta(max_length=MAX_ITEMS)] = ()  # absent in older files
    # The hall's part (issue 16); absent in older files.
    panel_approval: bool = False
    panel_questions: Annotated[tuple[ArchivedPanelQuestion, ...],
                               Meta(max_length=MAX_PANEL_QUESTIONS)] = ()
    poll_items: Annotated[tuple[ArchivedPollItem, ...], Meta(max_length=MAX_ITEMS)] = ()
    poll_answers: Annotated[tuple[ArchivedPollAnswer, ...], Meta(max_length=MAX_ITEMS)] = ()
    poll_bans: Annotated[tuple[ArchivedPollBan, ...], Meta(max_length=MAX_ITEMS)] = ()
    votes: Annotated[tuple[ArchivedVote, ...], Meta(max_length=MAX_ITEMS)] = ()  # absent in older


class Archive(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    exported_at: Time
    seminar: ArchivedSeminar


def archive_to_json(archive: Archive) -> dict:
    """Return the archive as JSON values; the field names of the classes are the JSON keys."""
    return {"format": FORMAT, "version": VERSION, "exported_at": archive.exported_at,
            "seminar": _plain(archive.seminar)}


def encode_archive(data: dict) -> bytes:
    """Return archive JSON as a file: UTF-8, indented, letters such as æøå as they are."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def decode_archive(raw: bytes) -> object:
    """Return the JSON value in a file; raise ``ArchiveInvalid`` if it is not UTF-8 JSON or
    larger than ``MAX_ARCHIVE_BYTES``."""
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise ArchiveInvalid(N_("The file is larger than %(size)s MB."),
                             size=MAX_ARCHIVE_BYTES // 2**20)
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ArchiveInvalid(N_("The file is not a JSON file (UTF-8 text).")) from None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _plain(value: object) -> object:
    if isinstance(value, msgspec.Struct):
        return {name: _plain(getattr(value, name)) for name in value.__struct_fields__}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value
