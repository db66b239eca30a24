"""A seminar for the vote tests: the short test kit with ``stemmer: 2`` on its prioritised
question q2, and groups that have answered and prioritised it."""

import pytest

from seminar.services import plenary
from seminar.services.seminars import create_seminar, find_seminar
from tests.conftest import NOW, SHORT_KIT
from tests.services_fixtures import edit, kari_ola_and_per

VOTE_KIT = SHORT_KIT.replace("prioriter: 1-3\n", "prioriter: 1-3\nstemmer: 2\n")
assert VOTE_KIT != SHORT_KIT

POINTS = {"A": [("point-a-0001", "Mer tid"), ("point-a-0002", "Felles kalender")],
          "B": [("point-b-0001", "Bedre skyss")]}


def answer_and_prioritise(store, seminar, people: dict[str, str]) -> None:
    """Group A (its scribe ``people['A']``) adds two points to q2 and picks both; group B one."""
    plenary.configure(store, seminar, "q2", priorities_open=True)
    for group, person in people.items():
        for point, text in POINTS[group]:
            edit(store, seminar, person, "add", point=point, question="q2", text=text)
        edit(store, seminar, person, "prioritise", question="q2",
             points=[point for point, _ in POINTS[group]])


@pytest.fixture
def vote_seminar(store):
    """A seminar on the vote kit with groups A and B that prioritised q2 (services, no app)."""
    seminar = create_seminar(store, "short.md", VOTE_KIT, NOW)[0]
    people = kari_ola_and_per(store, seminar)
    answer_and_prioritise(store, seminar, {"A": people["kari"], "B": people["per"]})
    return seminar, people


@pytest.fixture
def make_seminar(app_store):
    """The conftest's ``make_seminar`` on the vote kit (so that ``hall`` has a vote)."""
    def make(kit_text: str = VOTE_KIT):
        return create_seminar(app_store, "short.md", kit_text, NOW)

    return make


@pytest.fixture
def vote_hall(hall, app_store, app):
    """``hall`` on the vote kit, with q2 answered and prioritised by A (Kari) and B (Per)."""
    app.config["POLL_RESULTS_INTERVAL"] = 0  # announce every change at once
    seminar = find_seminar(app_store, hall["code"])
    per = hall["per"].me
    hall["per"].emit("role:take", {"code": hall["code"], "role": "skriver"}, callback=True)
    answer_and_prioritise(app_store, seminar, {"A": hall["kari"].me, "B": per})
    for name in ("kari", "ola", "per", "facilitator", "projector"):
        hall[name].get_received()
    return hall
