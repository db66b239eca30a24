"""What changed: the events services return, announced by the web layer only after the commit.

A service decides what its change touched and says so with these; the web layer
(``seminar.web.announce``) only turns each into the messages of the screens that show it. Every
event names its seminar by ``code``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ProgrammeChanged:
    """The programme of seminar ``code`` moved on; ``state`` is what every screen needs."""

    code: str
    state: dict


@dataclass(frozen=True)
class KitChanged:
    """The kit of seminar ``code`` was edited; it is now at ``version`` (every screen shows
    some of it, so every screen reads it again)."""

    code: str
    version: int


@dataclass(frozen=True)
class GroupsChanged:
    """The groups, members, roles or presence of seminar ``code`` changed (or who may write);
    ``presence``: only who is connected (announced less often in a burst)."""

    code: str
    presence: bool = False


@dataclass(frozen=True)
class RoleRequested:
    """Member ``by`` asks ``holder`` for ``role`` in seminar ``code`` (ask the holder)."""

    code: str
    holder: str
    role: str
    by: str
    by_name: str


@dataclass(frozen=True)
class RoleAnswered:
    """``holder`` answered ``requester``'s request for ``role`` (tell the requester)."""

    code: str
    requester: str
    role: str
    accepted: bool
    holder: str
    holder_name: str


@dataclass(frozen=True)
class AnswersChanged:
    """The answers of ``group`` in seminar ``code`` changed (``question``, or several)."""

    code: str
    group: int
    question: str | None


@dataclass(frozen=True)
class WallUpdate:
    """One group's entry of a question's wall changed; ``shown`` if the projector shows its
    wall or report-back, ``summarised`` if it shows its summary (which is then rebuilt)."""

    question: str
    group: int
    shown: bool
    summarised: bool = False


@dataclass(frozen=True)
class WallChanged:
    """Cards of seminar ``code``'s answer wall changed."""

    code: str
    updates: tuple[WallUpdate, ...]


@dataclass(frozen=True)
class DisplayChanged:
    """What the big screen of seminar ``code`` shows changed."""

    code: str


@dataclass(frozen=True)
class PlenarySettingsChanged:
    """Anonymity, or a question's reveal or prioritising, changed in seminar ``code``."""

    code: str


@dataclass(frozen=True)
class SummaryChanged:
    """The themes of seminar ``code``'s summary changed."""

    code: str


@dataclass(frozen=True)
class LanguageChanged:
    """The language of seminar ``code``'s screens is now ``language``."""

    code: str
    language: str


@dataclass(frozen=True)
class SeminarDeleted:
    """Seminar ``code`` is gone, with its ``participants`` (their ids)."""

    code: str
    participants: tuple[str, ...] = ()


@dataclass(frozen=True)
class StorageChanged:
    """The database stopped (``ok`` false) or started again taking writes. The one event about
    no single seminar: every seminar of the process shares the database. The web layer notices
    it (``seminar.web.storage_health``); no service returns it."""

    ok: bool


@dataclass(frozen=True)
class PollStateChanged:
    """A poll item of seminar ``code`` opened or closed (every screen learns which are open)."""

    code: str


@dataclass(frozen=True)
class PollResultsChanged:
    """The results of poll item ``item`` of seminar ``code`` changed (announced coalesced)."""

    code: str
    item: str


@dataclass(frozen=True)
class PanelChanged:
    """The questions to the panel of seminar ``code`` changed (a question, a vote, a state or
    the approval setting); ``people`` are the participants whose own part (their votes, their
    questions waiting for approval) changed."""

    code: str
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class VoteStateChanged:
    """A vote across groups of seminar ``code`` opened or closed (every screen learns it)."""

    code: str


@dataclass(frozen=True)
class VoteResultsChanged:
    """The votes on question ``question`` of seminar ``code`` changed (announced coalesced)."""

    code: str
    question: str
