"""The poll services on a real SQLite file: opening and closing, one answer per person kept with
the group they were in, moderation moving the results' version on, and deletion with the
seminar."""

import pytest

from seminar.domain.errors import InvalidInput
from seminar.domain.polls import ItemNotFound, PollClosed
from seminar.services import groups, polls
from seminar.services.events import GroupsChanged, PollResultsChanged, PollStateChanged
from seminar.services.programme import control_programme
from seminar.services.seminars import create_seminar, delete_seminar, find_seminar
from tests.conftest import NOW, SHORT_KIT
from tests.poll_fixtures import poll_kit  # noqa: F401


@pytest.fixture
def seminar(poll_kit, store):  # noqa: F811
    return create_seminar(store, "short.md", SHORT_KIT, NOW)[0]


def test_open_answer_close(store, seminar):
    assert polls.open_item(store, seminar, "fornoyd", NOW) == [PollStateChanged(seminar.code)]
    assert polls.open_item(store, seminar, "fornoyd", NOW) == []  # already open
    value, events = polls.answer_item(store, seminar, "phone-1", "fornoyd", 4, NOW)
    assert value == 4
    assert events == [PollResultsChanged(seminar.code, "fornoyd"), GroupsChanged(seminar.code)]
    _, events = polls.answer_item(store, seminar, "phone-1", "fornoyd", 2, NOW + 1)
    assert events == [PollResultsChanged(seminar.code, "fornoyd")]  # a participant already
    assert polls.own_answers(store, seminar, "phone-1") == {"fornoyd": 2}
    assert polls.close_item(store, seminar, "fornoyd", NOW + 2) == [
        PollStateChanged(seminar.code)]
    with pytest.raises(PollClosed):
        polls.answer_item(store, seminar, "phone-1", "fornoyd", 3, NOW + 3)
    result = polls.item_results(store, seminar, "fornoyd", polls.FACILITATOR)
    assert result["results"]["distribution"] == [0, 1, 0, 0, 0] and result["open"] is False
    assert polls.poll_state(store, seminar) == {"code": seminar.code, "open": [],
                                                "closed": ["fornoyd"], "with_block": [],
                                                "items": []}
    with pytest.raises(ItemNotFound):
        polls.open_item(store, seminar, "nope", NOW)


def test_the_answer_keeps_the_group_the_person_was_in_then(store, seminar):
    polls.open_item(store, seminar, "fornoyd", NOW)
    groups.prepare_groups(store, seminar, "Bodø\nTromsø", NOW)
    ids = {g.name: g.id for g in store.groups.all(seminar.record.id)}
    groups.choose_group(store, seminar, "kari", ids["Bodø"], NOW)
    polls.answer_item(store, seminar, "kari", "fornoyd", 5, NOW)
    groups.choose_group(store, seminar, "kari", ids["Tromsø"], NOW)
    [bodo] = polls.group_breakdown(store, seminar, "fornoyd")["groups"]
    assert (bodo["name"], bodo["results"]["count"]) == ("Bodø", 1)
    polls.answer_item(store, seminar, "kari", "fornoyd", 3, NOW + 1)  # answered again: moved
    [tromso] = polls.group_breakdown(store, seminar, "fornoyd")["groups"]
    assert (tromso["name"], tromso["results"]["mean"]) == ("Tromsø", 3.0)


def test_moderation_moves_the_version_on_and_checks_the_kind(store, seminar):
    polls.open_item(store, seminar, "ord", NOW)
    polls.answer_item(store, seminar, "p1", "ord", ["tull"], NOW)
    before = polls.item_results(store, seminar, "ord", polls.FACILITATOR)["version"]
    polls.ban_word(store, seminar, "ord", "Tull")
    after = polls.item_results(store, seminar, "ord", polls.FACILITATOR)
    assert after["version"] > before and after["results"]["words"] == []
    polls.ban_word(store, seminar, "ord", "tull", banned=False)
    assert polls.item_results(store, seminar, "ord", polls.PROJECTOR)["results"]["words"] == [
        {"word": "tull", "count": 1}]
    with pytest.raises(InvalidInput):
        polls.ban_word(store, seminar, "fornoyd", "tull")
    with pytest.raises(InvalidInput):
        polls.hide_answer(store, seminar, "ord", 1, True)


def test_the_evaluation_reaches_the_projector_only_when_shown(store, seminar):
    assert "nytte" not in polls.projector_items(store, seminar)
    assert "fornoyd" in polls.projector_items(store, seminar)
    from seminar.services import plenary
    plenary.show(store, seminar, "poll", "nytte", 0, now=NOW)
    assert polls.shown_item(store, seminar) == "nytte"
    assert "nytte" in polls.projector_items(store, seminar)
    view = plenary.projector_view(store, seminar)
    assert view["mode"] == "poll" and view["poll"]["item"] == "nytte"
    plenary.show(store, seminar, "poll", "nytte", 1, now=NOW)
    assert plenary.projector_view(store, seminar)["poll"]["groups"] == []
    with pytest.raises(InvalidInput):
        plenary.show(store, seminar, "poll", "q1", 0, now=NOW)


def test_deleting_the_seminar_deletes_its_polls(store, seminar):
    polls.open_item(store, seminar, "ord", NOW)
    polls.answer_item(store, seminar, "p1", "ord", ["tull"], NOW)
    polls.ban_word(store, seminar, "ord", "tull")
    delete_seminar(store, find_seminar(store, seminar.code), seminar.code)
    for table in ("poll_items", "poll_answers", "poll_bans"):
        assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_items_marked_to_follow_their_block_open_at_its_first_start_and_close_when_left(
        store, seminar):
    assert polls.set_with_block(store, seminar, "fornoyd", True) == [
        PollStateChanged(seminar.code)]
    polls.set_with_block(store, seminar, "tema", True)
    polls.set_with_block(store, seminar, "tema", False)  # unmarked again
    with pytest.raises(InvalidInput):
        polls.set_with_block(store, seminar, "nytte", True)  # an evaluation item has no block
    assert polls.poll_state(store, seminar)["with_block"] == ["fornoyd"]

    seminar, events = control_programme(store, seminar, "start", NOW)
    assert PollStateChanged(seminar.code) in events
    assert polls.poll_state(store, seminar)["open"] == ["fornoyd"]  # not "tema"
    polls.close_item(store, seminar, "fornoyd", NOW + 1)  # closed on purpose
    seminar, events = control_programme(store, seminar, "pause", NOW + 2)
    seminar, events = control_programme(store, seminar, "start", NOW + 3)  # resumed
    assert PollStateChanged(seminar.code) not in events
    assert polls.poll_state(store, seminar)["open"] == []

    polls.open_item(store, seminar, "fornoyd", NOW + 4)
    polls.open_item(store, seminar, "tema", NOW + 4)
    seminar, events = control_programme(store, seminar, "next", NOW + 5)
    assert PollStateChanged(seminar.code) in events
    assert polls.poll_state(store, seminar)["open"] == ["tema"]  # only the marked one closed
    seminar, events = control_programme(store, seminar, "previous", NOW + 6)
    assert PollStateChanged(seminar.code) not in events  # started before: stays closed
    assert polls.poll_state(store, seminar)["open"] == ["tema"]
