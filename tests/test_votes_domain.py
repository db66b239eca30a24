"""The vote's rules without storage: N votes per person, one per item, taking back, a closed
vote refusing, the tally, and the items frozen from the summary's ranking."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seminar.domain.errors import InvalidInput
from seminar.domain.summary import Pick, rank_items
from seminar.domain.votes import (
    NoVotesLeft,
    VoteClosed,
    VoteItem,
    cast,
    freeze_items,
    tally,
)

ITEMS = tuple(VoteItem(f"point:p{n}", f"Punkt {n}", n) for n in range(1, 6))
KEYS = [entry.key for entry in ITEMS]


def test_the_items_are_the_ranking_themes_and_points_outside_them():
    picks = [Pick("a1", 1, "Tid", 1), Pick("a2", 1, "Penger", 2), Pick("b1", 2, "Mer tid", 1),
             Pick("b2", 2, "Ikke valgt")]
    ranking = rank_items(picks, {7: ("Tid", ["a1", "b1"])}, 3)
    assert freeze_items(ranking) == (VoteItem("theme:7", "Tid", 1),
                                     VoteItem("point:a2", "Penger", 2))


def test_a_person_gives_n_votes_one_per_item_and_takes_them_back():
    mine = cast([], "point:p1", True, 2, ITEMS, True)
    assert mine == {"point:p1"}
    assert cast(mine, "point:p1", True, 2, ITEMS, True) == mine  # again: no change, no refusal
    mine = cast(mine, "point:p2", True, 2, ITEMS, True)
    with pytest.raises(NoVotesLeft) as refused:
        cast(mine, "point:p3", True, 2, ITEMS, True)
    assert refused.value.params == {"votes": 2}
    mine = cast(mine, "point:p1", False, 2, ITEMS, True)
    assert cast(mine, "point:p3", True, 2, ITEMS, True) == {"point:p2", "point:p3"}


def test_a_closed_vote_refuses_and_an_unknown_item_is_refused():
    with pytest.raises(VoteClosed):
        cast([], "point:p1", True, 2, ITEMS, False)
    with pytest.raises(VoteClosed):  # taking back too: the result is frozen
        cast(["point:p1"], "point:p1", False, 2, ITEMS, False)
    with pytest.raises(InvalidInput):
        cast([], "point:nope", True, 2, ITEMS, True)


def test_the_tally_counts_votes_per_item_and_voters():
    counted = tally(ITEMS[:3], [("kari", "point:p1"), ("kari", "point:p2"), ("per", "point:p1"),
                                ("per", "point:p1"), ("ola", "point:gone")])
    assert counted.votes == {"point:p1": 2, "point:p2": 1, "point:p3": 0}
    assert counted.voters == 2
    assert counted.as_json(ITEMS[:2]) == {
        "voters": 2, "cast": 3,
        "items": [{"key": "point:p1", "title": "Punkt 1", "rank": 1, "votes": 2},
                  {"key": "point:p2", "title": "Punkt 2", "rank": 2, "votes": 1}]}


@given(allowed=st.integers(1, 10),
       taps=st.lists(st.tuples(st.sampled_from(KEYS), st.booleans()), max_size=40))
def test_whatever_a_person_taps_they_hold_at_most_n_votes_one_per_item(allowed, taps):
    mine: frozenset[str] = frozenset()
    for key, up in taps:
        try:
            after = cast(mine, key, up, allowed, ITEMS, True)
        except NoVotesLeft:
            assert up and key not in mine and len(mine) == allowed
            continue
        assert after == (mine | {key} if up else mine - {key})
        mine = after
        assert len(mine) <= allowed
    counted = tally(ITEMS, [("me", key) for key in mine])
    assert sum(counted.votes.values()) == len(mine) and counted.voters == (1 if mine else 0)
