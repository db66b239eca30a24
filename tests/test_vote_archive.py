"""The vote across groups in the JSON archive: its frozen items, when it opened and closed and
who voted for what (by participant key) go into the file and come back on restore; a file
whose vote does not fit is refused."""

import copy

import pytest

from seminar.domain.errors import ArchiveInvalid
from seminar.services import summary, votes
from seminar.services.archive import export_archive, import_archive
from seminar.services.report import build_report
from seminar.store import Store
from tests.conftest import NOW
from tests.vote_fixtures import vote_seminar  # noqa: F401

LATER = NOW + 3600


@pytest.fixture
def other(tmp_path):
    other = Store(tmp_path / "other-server.db")
    yield other
    other.close()


@pytest.fixture
def voted(store, vote_seminar):  # noqa: F811
    """q2's vote: a theme (Mer tid + Bedre skyss) and a point; Kari votes both, Per one;
    closed. The theme dissolved after the vote opened leaves a gone item."""
    seminar, people = vote_seminar
    theme, _ = summary.create_theme(store, seminar, "q2", "Tid og skyss",
                                    ["point-a-0001", "point-b-0001"], NOW)
    votes.open_vote(store, seminar, "q2", NOW + 10)
    for person, key in ((people["kari"], f"theme:{theme}"),
                        (people["kari"], "point:point-a-0002"),
                        (people["per"], f"theme:{theme}")):
        votes.cast_vote(store, seminar, person, "q2", key, True, NOW + 20)
    summary.change_theme(store, seminar, theme, delete=True)  # the frozen item outlives it
    votes.close_vote(store, seminar, "q2", NOW + 40)
    return seminar, people


def test_the_vote_goes_into_the_archive_and_comes_back(store, voted, other):
    seminar, _ = voted
    archive = export_archive(store, seminar.code, LATER, include_names=False)
    [vote] = archive["seminar"]["votes"]
    assert vote["question"] == "q2"
    assert (vote["opened_at"], vote["closed_at"]) == (NOW + 10, NOW + 40)
    assert [item["key"].split(":")[0] for item in vote["items"]] == ["gone", "point"]
    assert [item["title"] for item in vote["items"]] == ["Tid og skyss", "Felles kalender"]
    participants = {p["key"] for p in archive["seminar"]["participants"]}
    assert {b["participant"] for b in vote["ballots"]} <= participants
    assert sorted(b["item"] for b in vote["ballots"]) == [0, 0, 1]

    restored, _ = import_archive(other, archive, LATER)
    again = export_archive(other, restored.code, LATER, include_names=False)
    assert again == archive
    before = votes.vote_results(store, seminar, "q2")
    after = votes.vote_results(other, restored, "q2")
    strip = lambda result: [(i["title"], i["rank"], i["votes"]) for i in result["items"]]  # noqa: E731
    assert strip(after) == strip(before) == [("Tid og skyss", 1, 2), ("Felles kalender", 2, 1)]
    assert (after["open"], after["voters"], after["cast"]) == (False, 2, 3)
    original = next(q for q in build_report(store, seminar.code, LATER).questions
                    if q.id == "q2").vote
    copied = next(q for q in build_report(other, restored.code, LATER).questions
                  if q.id == "q2").vote
    assert (copied.allowed, copied.voters, copied.opened_at, copied.closed_at) == (
        original.allowed, original.voters, original.opened_at, original.closed_at)
    assert sorted(copied.votes.values()) == sorted(original.votes.values())


def test_a_vote_naming_a_theme_of_the_file_is_restored_with_the_new_theme(
        store, vote_seminar, other):  # noqa: F811
    seminar, people = vote_seminar
    theme, _ = summary.create_theme(store, seminar, "q2", "Tid", ["point-a-0001",
                                                                  "point-b-0001"], NOW)
    votes.open_vote(store, seminar, "q2", NOW)
    votes.cast_vote(store, seminar, people["per"], "q2", f"theme:{theme}", True, NOW)
    archive = export_archive(store, seminar.code, LATER, include_names=False)
    assert archive["seminar"]["votes"][0]["items"][0]["key"] == "theme:1"
    restored, _ = import_archive(other, archive, LATER)
    q2 = next(q for q in summary.compile_summary(other, restored)["questions"] if q["id"] == "q2")
    assert [(i["title"], i["votes"]) for i in q2["ranking"]] == [("Tid", 1),
                                                               ("Felles kalender", 0)]
    assert q2["vote"]["open"] is True


def _refused(store, archive, change) -> str:
    damaged = copy.deepcopy(archive)
    change(damaged["seminar"]["votes"][0])
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, damaged, LATER)
    return refused.value.params["problem"]


def test_a_vote_that_does_not_fit_is_refused(store, voted, other):
    seminar, _ = voted
    archive = export_archive(store, seminar.code, LATER, include_names=False)
    ballots = archive["seminar"]["votes"][0]["ballots"]
    kari = next(b["participant"] for b in ballots if b["item"] == 1)

    def third_vote(vote):
        vote["items"].append({"key": "gone:9", "title": "Mer", "rank": 3})
        vote["ballots"].append({"participant": kari, "item": 2, "cast_at": NOW})

    assert _refused(other, archive, third_vote) == "seminar.votes[0].ballots[3]"
    assert _refused(other, archive, lambda v: v.update(question="q1")) == \
        "seminar.votes[0].question"
    assert _refused(other, archive, lambda v: v["ballots"][0].update(participant="p99")) == \
        "seminar.votes[0].ballots[0].participant"
    assert _refused(other, archive, lambda v: v["ballots"][0].update(item=7)) == \
        "seminar.votes[0].ballots[0].item"
    assert _refused(other, archive, lambda v: v["items"][1].update(key="point:pt999")) == \
        "seminar.votes[0].items[1].key"
    assert _refused(other, archive, lambda v: v["items"][1].update(key="theme:5")) == \
        "seminar.votes[0].items[1].key"
    assert _refused(other, archive, lambda v: v["items"][1].update(key="<b>")).startswith(
        "seminar.votes[0].items[1].key")
    assert other.db["seminars"].count == 0
