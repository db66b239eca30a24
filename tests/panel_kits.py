"""A kit whose first block (Velkommen, a plenum) takes questions from the hall.

Until the kit parser reads ``spørsmål fra salen: ja`` (helper "plenkit"), the tests mark the
short kit's first block after parsing it (``with_questions``)."""

from dataclasses import replace

import pytest

from seminar.domain.kit import Kit
from seminar.services import seminars
from seminar.services.kits import load_kit


def with_questions(kit: Kit) -> Kit:
    first, *rest = kit.blocks
    return replace(kit, blocks=(replace(first, audience_questions=True), *rest))


@pytest.fixture
def panel_kit(monkeypatch):
    """Every seminar's first block takes questions from the hall."""
    monkeypatch.setattr(seminars, "load_kit",
                        lambda source, name="<kit>": with_questions(load_kit(source, name)))
