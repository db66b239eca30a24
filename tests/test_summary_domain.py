"""The summary rules: the ranking across groups, theme weights, and duplicate suggestions."""

from seminar.domain.summary import (
    Pick,
    normalised_words,
    rank_items,
    rerank,
    similarity,
    suggest_duplicates,
    weight,
)


def test_a_groups_first_pick_weighs_most():
    assert [weight(rank, 3) for rank in (1, 2, 3, None)] == [3, 2, 1, 0]
    assert weight(4, 3) == 0 and weight(1, 1) == 1


PICKS = [
    Pick("a1", 1, "Kompetanse", 1), Pick("a2", 1, "Tid", 2), Pick("a3", 1, "Økonomi", 3),
    Pick("a4", 1, "Ikke valgt"),
    Pick("b1", 2, "Økonomi og penger", 1), Pick("b2", 2, "Kompetanseheving", 2),
    Pick("c1", 3, "Tid til samarbeid", 1),
]


def test_picked_points_are_ranked_by_weight_then_groups_then_first_appearance():
    ranking = rank_items(PICKS, {}, 3)
    assert [(item.rank, item.title, item.weight) for item in ranking] == [
        (1, "Kompetanse", 3), (1, "Økonomi og penger", 3), (1, "Tid til samarbeid", 3),
        (4, "Tid", 2), (4, "Kompetanseheving", 2), (6, "Økonomi", 1)]
    # without an item (the big screen leaves out hidden points), the ranks close up
    shown = rerank([item for item in ranking if item.title != "Tid til samarbeid"])
    assert [(item.rank, item.title) for item in shown] == [
        (1, "Kompetanse"), (1, "Økonomi og penger"), (3, "Tid"), (3, "Kompetanseheving"),
        (5, "Økonomi")]
    assert "Ikke valgt" not in [item.title for item in ranking]


def test_a_themes_weight_is_the_sum_of_its_points_and_it_counts_every_group():
    themes = {7: ("Økonomi", ["a3", "b1"]), 8: ("Kompetanse", ["b2", "a1"]),
              9: ("Tom", ["zz"])}
    ranking = rank_items(PICKS, themes, 3)
    assert [(item.rank, item.title, item.weight, item.groups) for item in ranking] == [
        (1, "Kompetanse", 5, (1, 2)), (2, "Økonomi", 4, (1, 2)),
        (3, "Tid til samarbeid", 3, (3,)), (4, "Tid", 2, (1,))]
    assert [p.point for p in ranking[0].points] == ["a1", "b2"]  # the groups' order
    assert ranking[0].theme == 8 and ranking[2].theme is None


def test_a_theme_may_hold_an_unpicked_point_which_adds_nothing():
    ranking = rank_items(PICKS, {5: ("Tid", ["a2", "c1", "a4"])}, 3)
    assert (ranking[0].title, ranking[0].weight, len(ranking[0].points)) == ("Tid", 5, 3)


def test_norwegian_normalisation_drops_stop_words_case_and_endings():
    assert normalised_words("Bedre samarbeid mellom skolene og kulturskolen") == \
        normalised_words("bedre SAMARBEID med skolen, kulturskolen")
    assert normalised_words("og i på 12 –") == frozenset()
    assert similarity(frozenset(), frozenset()) == 0.0


def test_likely_duplicates_come_from_different_groups_and_respect_choices():
    picks = [Pick("a", 1, "Mer tid til samarbeid mellom skolene"),
             Pick("b", 2, "Tid til samarbeid med skolen"),
             Pick("c", 1, "Tid til samarbeid med skolen"),  # same group as "a"
             Pick("d", 3, "Økonomi")]
    pairs = suggest_duplicates(picks, {}, set())
    assert {(a.point, b.point) for a, b, _ in pairs} == {("a", "b"), ("b", "c")}
    assert suggest_duplicates(picks, {"a": 1, "b": 1}, {frozenset("bc")}) == []
    assert [(a.point, b.point) for a, b, _ in suggest_duplicates(
        picks, {"a": 1, "b": 2}, {frozenset("bc")})] == [("a", "b")]  # different themes
