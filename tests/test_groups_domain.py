"""Group and participant names, pasted group lists, group sizes."""

import pytest

from seminar.domain.errors import InvalidInput
from seminar.domain.groups import (
    clean_display_name,
    clean_group_name,
    clean_max_size,
    parse_group_list,
)


def test_names_are_trimmed_and_white_space_folded():
    assert clean_group_name("  Bergen \t kommune ") == "Bergen kommune"
    assert clean_display_name("  Kari  Nordmann ") == "Kari Nordmann"


def test_a_participant_may_stay_anonymous():
    assert clean_display_name(None) == ""
    assert clean_display_name("   ") == ""


def test_markup_is_kept_as_typed_for_escaping_later():
    assert clean_group_name("<b>Bord</b>") == "<b>Bord</b>"


@pytest.mark.parametrize("value", ["", "   ", None, 42, ["x"], "x" * 61, "Bord\x00 1", "A\u202eB"])
def test_bad_group_names_are_refused(value):
    with pytest.raises(InvalidInput):
        clean_group_name(value)


def test_a_200_character_display_name_is_refused():
    with pytest.raises(InvalidInput) as caught:
        clean_display_name("x" * 200)
    assert (caught.value.template, caught.value.params) == (
        "Your name can be at most %(limit)s characters.", {"limit": 40})


def test_a_pasted_list_one_name_per_line():
    assert parse_group_list("Bergen\nSunnfjord\n\n  Tromsø  \nbergen\n") == [
        "Bergen", "Sunnfjord", "Tromsø"]


def test_a_pasted_csv_takes_the_first_column():
    assert parse_group_list('kommune,fylke\n"Ås, Viken",Akershus\nTynset,Innlandet\n') == [
        "kommune", "Ås, Viken", "Tynset"]


def test_a_range_makes_numbered_tables():
    assert parse_group_list("Bord 1-3\nBord 2–4") == ["Bord 1", "Bord 2", "Bord 3", "Bord 4"]
    assert parse_group_list("1-2") == ["1", "2"]


@pytest.mark.parametrize("text", ["", "\n\n", None, "Bord 1-500", "x" * 20_001])
def test_empty_or_huge_lists_are_refused(text):
    with pytest.raises(InvalidInput):
        parse_group_list(text)


@pytest.mark.parametrize(("value", "expected"), [(None, None), (1, 1), (8, 8), (100, 100)])
def test_group_sizes(value, expected):
    assert clean_max_size(value) == expected


@pytest.mark.parametrize("value", [0, 101, -1, "5", 2.5, True])
def test_bad_group_sizes_are_refused(value):
    with pytest.raises(InvalidInput):
        clean_max_size(value)


def test_locked_groups_take_only_the_group_one_is_in_or_was_placed_in():
    from seminar.domain.groups import may_join
    assert may_join(1, locked=False, current=None, placed=None)
    assert may_join(2, locked=False, current=1, placed=1)
    assert may_join(1, locked=True, current=1, placed=None)
    assert may_join(2, locked=True, current=None, placed=2)
    assert not may_join(2, locked=True, current=1, placed=1)
    assert not may_join(1, locked=True, current=None, placed=None)
