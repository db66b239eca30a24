"""Role assignment: distinct people, sensible combining, and fair rotation over many blocks."""

import random
from collections import Counter

import pytest

from seminar.domain.kit import Role
from seminar.domain.roles import assign_roles

ROLES = (Role("moteleder", "Møteleder og tidtaker", ""), Role("skriver", "Skriver", "", True),
         Role("tematisk-vakt", "Tematisk vakt", ""))


def _rotate(members, rounds, seed=1):
    rng, history = random.Random(seed), []
    for _ in range(rounds):
        history.append(assign_roles(members, ROLES, history, rng))
    return history


def test_nobody_and_no_roles_give_an_empty_assignment():
    assert assign_roles([], ROLES, [], random.Random(1)) == {}
    assert assign_roles(["a"], (), [], random.Random(1)) == {}


def test_one_person_holds_every_role():
    assert assign_roles(["a"], ROLES, [], random.Random(1)) == {
        "moteleder": "a", "skriver": "a", "tematisk-vakt": "a"}


def test_two_people_the_scribe_only_writes():
    assignment = assign_roles(["a", "b"], ROLES, [], random.Random(1))
    scribe = assignment["skriver"]
    other = ({"a", "b"} - {scribe}).pop()
    assert assignment == {"moteleder": other, "skriver": scribe, "tematisk-vakt": other}


@pytest.mark.parametrize("size", [3, 4, 5, 8, 12])
def test_enough_people_each_hold_at_most_one_role(size):
    members = [f"m{i}" for i in range(size)]
    assignment = assign_roles(members, ROLES, [], random.Random(size))
    assert sorted(assignment) == ["moteleder", "skriver", "tematisk-vakt"]
    assert len(set(assignment.values())) == 3


@pytest.mark.parametrize("size", [2, 3, 4, 5, 6, 7, 9])
def test_everyone_is_scribe_once_before_anyone_is_scribe_twice(size):
    members = [f"m{i}" for i in range(size)]
    history = _rotate(members, rounds=size * 3, seed=size)
    for start in range(0, len(history), size):
        scribes = [past["skriver"] for past in history[start:start + size]]
        assert sorted(scribes) == sorted(members), scribes


@pytest.mark.parametrize("size", [3, 4, 5, 6, 8, 10])
def test_roles_spread_evenly_over_many_blocks(size):
    members = [f"m{i}" for i in range(size)]
    history = _rotate(members, rounds=size * 4)
    for role in ROLES:
        counts = Counter(past[role.id] for past in history)
        assert set(counts.values()) == {4}, (role.id, counts)


def test_the_same_history_and_seed_give_the_same_assignment():
    history = _rotate(["a", "b", "c", "d"], rounds=3)
    assert assign_roles(["a", "b", "c", "d"], ROLES, history, random.Random(7)) == \
        assign_roles(["a", "b", "c", "d"], ROLES, history, random.Random(7))


def test_newcomers_are_preferred_for_roles_others_already_held():
    history = _rotate(["a", "b", "c"], rounds=3)
    assignment = assign_roles(["a", "b", "c", "d"], ROLES, history, random.Random(3))
    assert "d" in assignment.values()


def test_duplicate_members_count_once():
    assert assign_roles(["a", "a"], ROLES, [], random.Random(1)) == {
        "moteleder": "a", "skriver": "a", "tematisk-vakt": "a"}
