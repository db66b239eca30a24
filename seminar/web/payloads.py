"""The payload of every Socket.IO event a client may send, as typed msgspec models.

Exact keys (unknown ones are refused), types, string lengths and integer ranges are declared
here and checked before any handler runs (``seminar.domain.validation``); a refusal answers
``invalid_input`` naming the field. The services still apply the domain's rules (a group that
exists, a point of the sender's own group, a revision that is current).

A payload may narrow the event's audience by its content (``who``): joining as the facilitator,
fetching another group's answers.
"""

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from seminar.domain import edits, kit_edits
from seminar.domain.edits import ClientId, QuestionId
from seminar.domain.limits import (
    MAX_ADJUSTMENT,
    MAX_DISPLAY_NAME,
    MAX_GROUP_LIST_CHARS,
    MAX_GROUP_NAME,
    MAX_GROUP_SIZE,
    MAX_GROUPS,
    MAX_KIT_FIELD_CHARS,
    MAX_KIT_OPS,
    MAX_KIT_TEXT_CHARS,
    MAX_PANEL_NAME,
    MAX_PANEL_TEXT,
    MAX_THEME_TITLE,
)
from seminar.domain.messages import N_
from seminar.domain.plenary import DisplayMode
from seminar.web.audiences import Audience

MAX_ID = 2**63 - 1  # SQLite's largest row id

Code = Annotated[str, Meta(min_length=1, max_length=64)]
RowId = Annotated[int, Meta(ge=1, le=MAX_ID)]
Index = Annotated[int, Meta(ge=0, le=10_000)]
DisplayName = Annotated[str, Meta(max_length=MAX_DISPLAY_NAME, extra={
    "max_length": N_("Your name can be at most %(limit)s characters.")})]
GroupName = Annotated[str, Meta(max_length=MAX_GROUP_NAME, extra={
    "max_length": N_("The group name can be at most %(limit)s characters.")})]
_SIZE = N_("The group size must be a whole number from 1 to %(max)s.")
GroupSize = Annotated[int, Meta(ge=1, le=MAX_GROUP_SIZE, extra={
    "ge": _SIZE, "le": _SIZE, "type": _SIZE})]
ParticipantId = Annotated[str, Meta(min_length=1, max_length=64)]
RoleId = Annotated[str, Meta(min_length=1, max_length=100)]
ThemeTitle = Annotated[str, Meta(max_length=MAX_THEME_TITLE, extra={
    "max_length": N_("A theme title can be at most %(max)s characters.")})]
ThemePoints = Annotated[list[ClientId], Meta(min_length=1, max_length=MAX_GROUPS)]
# A pasted list of groups: every group's name on its own line, with room for a label and commas.
GroupList = Annotated[str, Meta(max_length=MAX_GROUP_LIST_CHARS, extra={
    "max_length": N_("The list of groups can be at most %(limit)s characters.")})]


class Payload(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """A payload; ``who`` narrows the event's audience by what this payload asks for."""

    def who(self) -> Audience | None:
        return None


class SeminarPayload(Payload, frozen=True, kw_only=True):
    """A payload about one seminar, named by its join code."""

    code: Code


# -- any screen ----------------------------------------------------------------------------------

class Join(SeminarPayload, frozen=True, kw_only=True):
    view: Literal["participant", "projector", "facilitator"]

    def who(self) -> Audience | None:
        """Joining as the facilitator needs the facilitator's session."""
        return Audience.FACILITATOR if self.view == "facilitator" else None


class ClockSync(Payload, frozen=True, kw_only=True):
    pass


class Seminar(SeminarPayload, frozen=True, kw_only=True):
    pass


# -- the programme -------------------------------------------------------------------------------

class ProgrammeControl(SeminarPayload, frozen=True, kw_only=True):
    action: Literal["start", "pause", "resume", "adjust", "next", "previous", "go_to"]
    seconds: Annotated[int, Meta(ge=-MAX_ADJUSTMENT, le=MAX_ADJUSTMENT)] | None = None
    block: Index | None = None
    version: Annotated[int, Meta(ge=0, le=MAX_ID)] | None = None


# -- participants, groups and roles ---------------------------------------------------------------

class Rename(SeminarPayload, frozen=True, kw_only=True):
    name: DisplayName


class ChooseGroup(SeminarPayload, frozen=True, kw_only=True):
    group: RowId
    display_name: DisplayName | None = None


class CreateGroup(SeminarPayload, frozen=True, kw_only=True):
    name: GroupName
    display_name: DisplayName | None = None


class AskToJoin(SeminarPayload, frozen=True, kw_only=True):
    group: RowId | None
    display_name: DisplayName | None = None


class AnswerJoinRequest(SeminarPayload, frozen=True, kw_only=True):
    participant: ParticipantId
    accept: bool


class PlaceParticipant(SeminarPayload, frozen=True, kw_only=True):
    participant: ParticipantId
    group: RowId | None


class TakeRole(SeminarPayload, frozen=True, kw_only=True):
    role: RoleId
    member: ParticipantId | None = None
    take_over: bool = False


class AnswerRoleRequest(SeminarPayload, frozen=True, kw_only=True):
    role: RoleId
    requester: ParticipantId
    accept: bool


class PrepareGroups(SeminarPayload, frozen=True, kw_only=True):
    text: GroupList


class ConfigureGroups(SeminarPayload, frozen=True, kw_only=True):
    allow_participant_groups: bool
    max_group_size: GroupSize | None
    locked: bool | None = None


class RenameGroup(SeminarPayload, frozen=True, kw_only=True):
    group: RowId
    name: GroupName


class Group(SeminarPayload, frozen=True, kw_only=True):
    group: RowId


class ResizeGroup(SeminarPayload, frozen=True, kw_only=True):
    group: RowId
    max_size: GroupSize | None


class MergeGroups(SeminarPayload, frozen=True, kw_only=True):
    source: RowId
    target: RowId


class AssignRoles(SeminarPayload, frozen=True, kw_only=True):
    group: RowId | None = None


# -- answers -------------------------------------------------------------------------------------

class AnswerEdit(SeminarPayload, frozen=True, kw_only=True):
    edit: edits.AnyEdit

    # Who may make each kind of edit (the writer alone moves, accepts, marks done and
    # prioritises) is checked by the answers service together with the stored edits, so that
    # an edit resent after its sender lost the role is still recognised as done.


class FetchAnswers(SeminarPayload, frozen=True, kw_only=True):
    group: RowId | None = None

    def who(self) -> Audience | None:
        """Only the facilitator names a ``group``; a member gets their own."""
        return Audience.FACILITATOR if self.group is not None else None


class PointHistory(SeminarPayload, frozen=True, kw_only=True):
    group: RowId
    question: QuestionId


class RestoreVersion(SeminarPayload, frozen=True, kw_only=True):
    version: RowId


class ConfigureAnswers(SeminarPayload, frozen=True, kw_only=True):
    all_members_write: bool


# -- the big screen and the plenary ---------------------------------------------------------------

class Show(SeminarPayload, frozen=True, kw_only=True):
    mode: DisplayMode
    question: QuestionId | None = None
    step: Index = 0


class TurnPage(SeminarPayload, frozen=True, kw_only=True):
    step: Literal[1, -1]


class Paging(SeminarPayload, frozen=True, kw_only=True):
    paused: bool


class Question(SeminarPayload, frozen=True, kw_only=True):
    question: QuestionId


class ConfigurePlenary(SeminarPayload, frozen=True, kw_only=True):
    question: QuestionId | None = None
    revealed: bool | None = None
    priorities_open: bool | None = None
    anonymous: bool | None = None


class Moderate(SeminarPayload, frozen=True, kw_only=True):
    point: ClientId
    hidden: bool | None = None
    highlighted: bool | None = None


# -- the summary ---------------------------------------------------------------------------------

class CreateTheme(SeminarPayload, frozen=True, kw_only=True):
    question: QuestionId
    title: ThemeTitle
    points: ThemePoints


class ChangeTheme(SeminarPayload, frozen=True, kw_only=True):
    theme: RowId
    title: ThemeTitle | None = None
    add: ThemePoints | None = None
    remove: ThemePoints | None = None
    delete: bool = False


class RejectSuggestion(SeminarPayload, frozen=True, kw_only=True):
    points: Annotated[list[ClientId], Meta(min_length=2, max_length=2)]


# -- the seminar's kit (the facilitator's kit editor) ----------------------------------------------

KitVersion = Annotated[int, Meta(ge=0, le=MAX_ID)]
KitText = Annotated[str, Meta(max_length=MAX_KIT_TEXT_CHARS, extra={
    "max_length": N_("The kit text can be at most %(max)s characters here; edit a longer kit "
                     "field by field.")})]
KitOps = Annotated[list[kit_edits.AnyOp], Meta(min_length=1, max_length=MAX_KIT_OPS)]
Markdown = Annotated[str, Meta(max_length=MAX_KIT_FIELD_CHARS)]


class KitEdit(SeminarPayload, frozen=True, kw_only=True):
    version: KitVersion
    ops: KitOps
    confirm: bool = False


class KitReplace(SeminarPayload, frozen=True, kw_only=True):
    version: KitVersion
    text: KitText
    confirm: bool = False


class KitCheck(SeminarPayload, frozen=True, kw_only=True):
    text: KitText


class KitPreview(SeminarPayload, frozen=True, kw_only=True):
    markdown: Markdown


# -- polls, word clouds and the evaluation --------------------------------------------------------

ItemId = Annotated[str, Meta(min_length=1, max_length=200)]
_Word = Annotated[str, Meta(max_length=200)]  # the domain says what a word may be
# A scale's number, a choice's option indexes, a word cloud's words or an open answer's text:
# checked against the item by the domain (``seminar.domain.polls.clean_answer``).
PollValue = (Annotated[int, Meta(ge=-1000, le=1000)] | Annotated[str, Meta(max_length=2000)]
             | Annotated[list[Annotated[int, Meta(ge=-1000, le=1000)] | _Word],
                         Meta(max_length=20)])


class PollItemRef(SeminarPayload, frozen=True, kw_only=True):
    item: ItemId


class PollAnswer(SeminarPayload, frozen=True, kw_only=True):
    item: ItemId
    value: PollValue


class PollSettings(SeminarPayload, frozen=True, kw_only=True):
    item: ItemId
    with_block: bool


class PollFetch(SeminarPayload, frozen=True, kw_only=True):
    item: ItemId | None = None


class PollBan(SeminarPayload, frozen=True, kw_only=True):
    item: ItemId
    word: _Word
    banned: bool = True


class PollHide(SeminarPayload, frozen=True, kw_only=True):
    item: ItemId
    answer: RowId
    hidden: bool = True


# -- questions to the panel ----------------------------------------------------------------------

PanelText = Annotated[str, Meta(max_length=MAX_PANEL_TEXT, extra={
    "max_length": N_("A question can be at most %(limit)s characters.")})]
PanelName = Annotated[str, Meta(max_length=MAX_PANEL_NAME, extra={
    "max_length": N_("The name can be at most %(limit)s characters.")})]


class PanelAsk(SeminarPayload, frozen=True, kw_only=True):
    text: PanelText
    name: PanelName | None = None


class PanelVote(SeminarPayload, frozen=True, kw_only=True):
    question_id: RowId
    up: bool


class PanelModerate(SeminarPayload, frozen=True, kw_only=True):
    question_id: RowId
    action: Literal["approve", "hide", "answered", "pin", "unpin"]


class PanelSettings(SeminarPayload, frozen=True, kw_only=True):
    approval: bool


class PanelFetch(SeminarPayload, frozen=True, kw_only=True):
    view: Literal["participant", "projector", "facilitator"] | None = None

    def who(self) -> Audience | None:
        """The facilitator's list (every question) needs the facilitator's session."""
        return Audience.FACILITATOR if self.view == "facilitator" else None


# -- the vote across groups ------------------------------------------------------------------------

VoteKey = Annotated[str, Meta(min_length=1, max_length=200)]  # theme:<id> or point:<id>


class VoteRef(SeminarPayload, frozen=True, kw_only=True):
    question: QuestionId


class VoteCast(SeminarPayload, frozen=True, kw_only=True):
    question: QuestionId
    item: VoteKey
    up: bool = True


class VoteFetch(SeminarPayload, frozen=True, kw_only=True):
    question: QuestionId | None = None
