"""A seminar kit: what a kit file describes, as plain immutable values."""

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    PLENARY = "plenary"
    DIALOGUE = "dialogue"
    GROUP_WORK = "group-work"
    BREAK = "break"
    MEAL = "meal"
    OTHER = "other"


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    description: str  # Markdown
    writes: bool = False  # writes the group's answers (the scribe)
    keeps_time: bool = False  # sees the countdown large, is nudged at 5 and 1 minutes left
    keeps_topic: bool = False  # sees the current questions to keep the group on track


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    text: str  # Markdown
    prioritise: tuple[int, int] | None = None  # (min, max) points a group picks
    votes: int | None = None  # with prioritise: each participant's votes on the summary's items


class ItemKind(StrEnum):
    """What a poll item asks every person in the hall (not the group)."""

    SCALE = "scale"  # a number on a scale (`skala: 1-5`), with optional end labels
    CHOICE = "choice"  # one of the options (several with `flere: ja`)
    WORD_CLOUD = "word-cloud"  # up to three words
    OPEN = "open"  # a short free text


@dataclass(frozen=True)
class PollItem:
    """A poll, a word cloud or an evaluation question, answered by each person anonymously:
    a `####` heading under a plenary or dialogue block, or a `###` under `## Evaluering`."""

    id: str
    title: str
    kind: ItemKind
    text: str = ""  # Markdown (for a choice, without its list of options)
    scale: tuple[int, int] | None = None  # SCALE: (1, 5) or (1, 10)
    labels: tuple[str, str] | None = None  # SCALE: what the low and the high end mean
    options: tuple[str, ...] = ()  # CHOICE: the options, in order
    multiple: bool = False  # CHOICE: several answers allowed


@dataclass(frozen=True)
class Block:
    title: str
    kind: BlockKind
    duration: int  # planned seconds
    description: str = ""  # Markdown
    day: int = 1
    start: int | None = None  # planned clock time, minutes after midnight
    questions: tuple[Question, ...] = ()
    audience_questions: bool = False  # while it runs, phones send questions to the speakers
    items: tuple[PollItem, ...] = ()  # polls (plenary and dialogue blocks only)

    @property
    def end(self) -> int | None:
        """Planned clock time at which the block ends, in minutes after midnight."""
        return None if self.start is None else self.start + self.duration // 60


@dataclass(frozen=True)
class Kit:
    title: str
    blocks: tuple[Block, ...]
    introduction: str = ""
    preparation: str = ""
    answering: str = ""
    roles: tuple[Role, ...] = ()
    date: str | None = None
    place: str | None = None
    organiser: str | None = None
    subject: str | None = None
    language: str = "nb"  # the language the kit is written in: nb, nn or en (`språk:`)
    meta: dict[str, str] = field(default_factory=dict)
    evaluation: tuple[PollItem, ...] = ()  # `## Evaluering`: the end of the day's evaluation

    @property
    def days(self) -> tuple[int, ...]:
        return tuple(sorted({block.day for block in self.blocks}))

    def questions(self) -> tuple[Question, ...]:
        return tuple(q for block in self.blocks for q in block.questions)

    def markdown_texts(self) -> tuple[str, ...]:
        """Every Markdown text of the kit (the pages render them)."""
        return (self.introduction, self.preparation, self.answering,
                *(role.description for role in self.roles),
                *(text for block in self.blocks
                  for text in (block.description, *(q.text for q in block.questions))),
                *(item.text for item in self.items()))

    def items(self) -> tuple[PollItem, ...]:
        """Every poll item: the blocks' polls, then the evaluation."""
        return (*(item for block in self.blocks for item in block.items), *self.evaluation)

    def item(self, item_id: object) -> PollItem | None:
        """The poll item with this id, or None (also for an id that is not a string)."""
        if not isinstance(item_id, str):
            return None
        return next((item for item in self.items() if item.id == item_id), None)

    def writing_roles(self) -> frozenset[str]:
        """The ids of the roles that write the group's answers (the scribe)."""
        return frozenset(role.id for role in self.roles if role.writes)

    def question(self, question_id: object) -> Question | None:
        """The question with this id, or None (also for an id that is not a string)."""
        if not isinstance(question_id, str):
            return None
        return next((q for q in self.questions() if q.id == question_id), None)


@dataclass(frozen=True)
class RemovedQuestion:
    """A question taken out of a seminar's kit after the groups had answered it: kept so that
    its answers stay in the report, marked as belonging to a removed question."""

    question: Question
    block_title: str
    removed_at: float  # epoch seconds
