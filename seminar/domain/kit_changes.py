"""What an edit of the kit does to the running programme, and which questions it removes.

Timers follow their blocks: a block moved keeps its timer (a done block keeps its times), the
current block stays current wherever it moves, a new block gets a fresh timer, and a block not
started yet whose duration changed gets its new duration. The current block, once its timer has
started (running or paused), keeps its kind and duration (its time changes only through the
extend and shorten buttons) and cannot be removed.
"""

from dataclasses import replace

from seminar.domain.errors import BlockRunning
from seminar.domain.kit import Block, Kit, Question
from seminar.domain.messages import N_
from seminar.domain.programme import Programme
from seminar.domain.timer import Timer


def started(programme: Programme) -> bool:
    """Whether the current block's timer has started (it runs, or is paused)."""
    return programme.timer.started_at is not None


def reconcile(programme: Programme, blocks: tuple[Block, ...],
              origins: tuple[int | None, ...]) -> Programme:
    """The programme of the edited kit: ``blocks`` with ``origins`` (for each, the index of
    the block it was, ``None`` if new). ``BlockRunning`` if the edit breaks a rule of the
    started current block."""
    current = programme.current
    if current in origins:
        new_current = origins.index(current)
        if started(programme):
            before, after = programme.blocks[current], blocks[new_current]
            if after.kind != before.kind:
                raise BlockRunning(N_("«%(title)s» has started: its type cannot change while "
                                      "it runs."), title=before.title)
            if after.duration != before.duration:
                raise BlockRunning(N_("«%(title)s» has started: change its time with the "
                                      "extend and shorten buttons."), title=before.title)
    elif started(programme):
        raise BlockRunning(N_("«%(title)s» has started, so it cannot be removed. Go to another "
                              "block first."), title=programme.block.title)
    else:
        new_current = min(current, len(blocks) - 1)
    timers = tuple(_timer(programme, block, origin) for block, origin in zip(blocks, origins,
                                                                             strict=True))
    return Programme(blocks, timers, new_current)


def _timer(programme: Programme, block: Block, origin: int | None) -> Timer:
    if origin is None:
        return Timer(block.duration)
    timer = programme.timers[origin]
    if timer.started_at is None and timer.duration != block.duration:
        return replace(timer, duration=block.duration)
    return timer


def match_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> tuple[int | None, ...]:
    """For a kit replaced as a whole text: which old block each new block is. By title first
    (the first old block of that title not taken yet), then by position for the rest."""
    taken: set[int] = set()
    origins: list[int | None] = []
    for block in new:
        found = next((i for i, was in enumerate(old)
                      if i not in taken and was.title == block.title), None)
        if found is not None:
            taken.add(found)
        origins.append(found)
    for index, origin in enumerate(origins):
        if origin is None and index < len(old) and index not in taken:
            taken.add(index)
            origins[index] = index
    return tuple(origins)


def removed_questions(old: Kit, new: Kit) -> list[tuple[Question, str]]:
    """The questions of ``old`` whose id ``new`` no longer has, with their block's title."""
    kept = {question.id for question in new.questions()}
    return [(question, block.title) for block in old.blocks for question in block.questions
            if question.id not in kept]
