"""The poll rules: what an answer may be, the word normalisation, the tallies and the breakdown."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seminar.domain.errors import InvalidInput
from seminar.domain.kit import Block, BlockKind
from seminar.domain.polls import (
    Answer,
    BlockFollowing,
    breakdown,
    clean_answer,
    clean_ban,
    follow_block,
    tally,
    word_key,
)
from seminar.domain.programme import Programme
from tests.poll_fixtures import CHOICE, CLOUD, MULTIPLE, OPEN, SCALE, USEFUL


def answers(*values, group=None):
    return [Answer(n, group, value, updated_at=float(n)) for n, value in enumerate(values, 1)]


@pytest.mark.parametrize(("item", "value", "cleaned"), [
    (SCALE, 1, 1), (SCALE, 5, 5), (USEFUL, 10, 10),
    (CHOICE, [2], [2]), (CHOICE, 0, [0]), (MULTIPLE, [3, 0, 1], [0, 1, 3]),
    (CLOUD, ["  Samarbeid  ", "tillit"], ["Samarbeid", "tillit"]), (CLOUD, "ord", ["ord"]),
    (OPEN, "  Godt   møte\n", "Godt møte"), (OPEN, "x" * 300, "x" * 300),
])
def test_a_valid_answer_is_kept_as_cleaned(item, value, cleaned):
    assert clean_answer(item, value) == cleaned


@pytest.mark.parametrize(("item", "value"), [
    (SCALE, 0), (SCALE, 6), (SCALE, True), (SCALE, "3"), (SCALE, 3.0), (USEFUL, 11),
    (CHOICE, [0, 1]), (CHOICE, [3]), (CHOICE, []), (CHOICE, [-1]), (CHOICE, [True]),
    (MULTIPLE, [1, 1]), (MULTIPLE, [4]), (CLOUD, []), (CLOUD, ["a", "b", "c", "d"]),
    (CLOUD, ["x" * 31]), (CLOUD, ["  "]), (CLOUD, [1]), (OPEN, ""), (OPEN, " \n "),
    (OPEN, "x" * 301), (OPEN, ["text"]),
])
def test_an_invalid_answer_is_refused(item, value):
    with pytest.raises(InvalidInput):
        clean_answer(item, value)


def test_words_are_normalised_stemmed_and_common_words_left_out():
    assert word_key("Samarbeid") == word_key("samarbeidet") == word_key(" SAMARBEID! ")
    assert word_key("og") is None and word_key("the") is None and word_key("...") is None
    assert word_key("tillit og samarbeid") == "tillit samarbeid"
    assert word_key("5G") == "5g"


def test_the_cloud_counts_each_person_once_per_word_in_the_most_written_form():
    cloud = tally(CLOUD, answers(["Samarbeid", "samarbeidet"], ["samarbeid", "Tillit"],
                                 ["tillit"], ["Tull", "og"]), banned=["tullet"])
    assert cloud == {"kind": "word-cloud", "count": 4,
                     "words": [{"word": "samarbeid", "count": 2},
                               {"word": "tillit", "count": 2}]}
    facilitator = tally(CLOUD, answers(["Tull"]), banned=["tull"], public=False)
    assert facilitator == {"kind": "word-cloud", "count": 1, "words": [], "banned": ["tull"]}
    with pytest.raises(InvalidInput):
        clean_ban("og")
    assert clean_ban(" Tull ") == "tull"


def test_scale_choice_and_open_tallies():
    assert tally(SCALE, answers(4, 2, 4)) == {"kind": "scale", "count": 3, "scale": [1, 5],
                                              "distribution": [0, 1, 0, 2, 0], "mean": 3.33}
    assert tally(SCALE, []) == {"kind": "scale", "count": 0, "scale": [1, 5],
                                "distribution": [0, 0, 0, 0, 0], "mean": None}
    assert tally(MULTIPLE, answers([0, 1], [1], [1, 3])) == {
        "kind": "choice", "count": 3, "options": [1, 3, 0, 1]}
    rows = [Answer(1, None, "Eldst", updated_at=1.0),
            Answer(2, None, "Skjult", hidden=True, updated_at=2.0),
            Answer(3, None, "Nyest", updated_at=3.0)]
    assert tally(OPEN, rows) == {"kind": "open", "count": 3, "answers": [
        {"id": 3, "text": "Nyest"}, {"id": 1, "text": "Eldst"}]}
    assert [a["hidden"] for a in tally(OPEN, rows, public=False)["answers"]] == [
        False, True, False]


def test_the_breakdown_follows_the_groups_order_and_puts_those_in_no_group_last():
    rows = [*answers(4, 2, group=7), Answer(9, None, 5), Answer(10, 99, 1)]
    found = breakdown(SCALE, rows, {3: "Tromsø", 7: "Bodø"})
    assert [(g["group"], g["name"], g["results"]["mean"], g["results"]["count"])
            for g in found] == [(7, "Bodø", 3.0, 2), (None, None, 3.0, 2)]


scale_values = st.lists(st.integers(1, 5), max_size=200)


@given(scale_values)
def test_a_scale_tally_accounts_for_every_answer(values):
    result = tally(SCALE, answers(*values))
    assert sum(result["distribution"]) == result["count"] == len(values)
    if values:
        assert min(values) <= result["mean"] <= max(values)
        assert abs(result["mean"] - sum(values) / len(values)) <= 0.005
    else:
        assert result["mean"] is None


@given(st.lists(st.sets(st.integers(0, 3), min_size=1).map(sorted), max_size=100))
def test_a_choice_tally_counts_every_option_chosen(values):
    result = tally(MULTIPLE, answers(*values))
    assert result["options"] == [sum(i in v for v in values) for i in range(4)]
    assert result["count"] == len(values)


@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=3), max_size=60),
       st.lists(st.text(max_size=30), max_size=5))
def test_a_word_cloud_never_counts_a_person_twice_or_a_banned_word(values, banned):
    cleaned = []
    for value in values:
        try:
            cleaned.append(clean_answer(CLOUD, value))
        except InvalidInput:
            continue
    result = tally(CLOUD, answers(*cleaned), banned=banned)
    banned_keys = {word_key(word) for word in banned}
    assert all(1 <= w["count"] <= len(cleaned) for w in result["words"])
    assert all(word_key(w["word"]) not in banned_keys for w in result["words"])
    counts = [w["count"] for w in result["words"]]
    assert counts == sorted(counts, reverse=True) and len(counts) <= 50
    assert len({word_key(w["word"]) for w in result["words"]}) == len(counts)


@given(st.lists(st.tuples(st.sampled_from([None, 1, 2, 3]), st.integers(1, 5)), max_size=80))
def test_the_breakdown_adds_up_to_the_whole(rows):
    stored = [Answer(n, group, value) for n, (group, value) in enumerate(rows, 1)]
    groups = breakdown(SCALE, stored, {1: "A", 2: "B"})
    total = tally(SCALE, stored)
    assert sum(g["results"]["count"] for g in groups) == total["count"]
    assert [sum(col) for col in zip(*(g["results"]["distribution"] for g in groups),
                                    strict=True)] == (total["distribution"] if groups else [])


def test_follow_block_opens_at_the_first_start_and_closes_when_left():
    NOW = 1_000_000.0
    blocks = (Block("A", BlockKind.PLENARY, 10), Block("B", BlockKind.PLENARY, 10))
    ready = Programme.new(blocks)
    started = ready.start(NOW)
    assert follow_block(ready, started) == BlockFollowing(opens=0, closes=None)
    paused = started.pause(NOW + 1)
    assert follow_block(started, paused) == BlockFollowing(None, None)
    assert follow_block(paused, paused.resume(NOW + 2)) == BlockFollowing(None, None)
    moved = started.next(NOW + 3)
    assert follow_block(started, moved) == BlockFollowing(opens=None, closes=0)
    back = moved.start(NOW + 4).previous(NOW + 5)
    assert follow_block(moved.start(NOW + 4), back) == BlockFollowing(opens=None, closes=1)
