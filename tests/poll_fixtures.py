"""A kit with poll items for the poll tests: the short test kit, with polls on its opening block
and an evaluation, added to the parsed kit (until the kit format names them, issue 16)."""

from dataclasses import replace

import pytest

from seminar.domain.kit import ItemKind, Kit, PollItem
from seminar.services import kits

SCALE = PollItem("fornoyd", "Hvor fornøyd?", ItemKind.SCALE, scale=(1, 5),
                 labels=("lite", "svært"))
CHOICE = PollItem("tema", "Hvilket tema?", ItemKind.CHOICE, options=("Skole", "Helse", "Kultur"))
MULTIPLE = PollItem("flere", "Hvilke?", ItemKind.CHOICE, options=("A", "B", "C", "D"),
                    multiple=True)
CLOUD = PollItem("ord", "Ett ord", ItemKind.WORD_CLOUD)
OPEN = PollItem("tanker", "Tanker?", ItemKind.OPEN)
USEFUL = PollItem("nytte", "Hvor nyttig?", ItemKind.SCALE, scale=(1, 10))
TAKE_HOME = PollItem("med-hjem", "Hva tar du med hjem?", ItemKind.OPEN)
BLOCK_ITEMS = (SCALE, CHOICE, MULTIPLE, CLOUD, OPEN)
EVALUATION = (USEFUL, TAKE_HOME)


def with_polls(kit: Kit) -> Kit:
    blocks = list(kit.blocks)
    blocks[0] = replace(blocks[0], items=BLOCK_ITEMS)
    return replace(kit, blocks=tuple(blocks), evaluation=EVALUATION)


@pytest.fixture
def poll_kit(monkeypatch):
    """Every kit loaded from now on has the poll items."""
    parse = kits.load_kit
    monkeypatch.setattr("seminar.services.seminars.load_kit",
                        lambda source, name="<kit>": with_polls(parse(source, name)))
