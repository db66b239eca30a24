"""The short test kit with its first block (Velkommen, a plenum) taking questions from the
hall (``spørsmål fra salen: ja``)."""

import pytest

from tests import conftest

PANEL_KIT = conftest.SHORT_KIT.replace("varighet: 10 min\n",
                                       "varighet: 10 min\nspørsmål fra salen: ja\n", 1)
assert PANEL_KIT != conftest.SHORT_KIT


@pytest.fixture
def panel_kit(monkeypatch):
    """The seminars the fixtures make (``make_seminar``, ``hall``) are on ``PANEL_KIT``."""
    monkeypatch.setattr(conftest, "SHORT_KIT", PANEL_KIT)
