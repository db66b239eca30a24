"""The kit editor's operations on a Kit: each op, the checks of each field, and the whole kit
checked as `seminar check` checks a kit file (the same messages, attached to the part)."""

import msgspec
import pytest

from seminar.domain.errors import InvalidInput, KitInvalid
from seminar.domain.kit import Block, BlockKind, ItemKind, PollItem, Question, Role
from seminar.domain.kit_edits import AnyOp, apply_ops, kit_problems, normalise_markdown
from seminar.domain.kit_parser import parse_kit
from seminar.domain.kit_writer import write_kit
from tests.conftest import SHORT_KIT

KIT = parse_kit(SHORT_KIT)


def _apply(*ops, kit=KIT, reserved=frozenset()):
    return apply_ops(kit, msgspec.convert(list(ops), list[AnyOp], strict=True), reserved)


def _refused(*ops, kit=KIT):
    with pytest.raises(KitInvalid) as refused:
        _apply(*ops, kit=kit)
    return [(p.template % p.params if p.params else p.template, p.line, p.part, p.block,
             p.question, p.role) for p in refused.value.problems]


def test_the_seminars_fields():
    change = _apply({"op": "seminar", "field": "title", "value": "  Ny samling "},
                    {"op": "seminar", "field": "place", "value": "Bergen"},
                    {"op": "seminar", "field": "date", "value": ""},
                    {"op": "seminar", "field": "subject", "value": "Barnehage"},
                    {"op": "seminar", "field": "introduction", "value": "\n\nHei  \nder\n\n"})
    kit = change.kit
    assert (kit.title, kit.place, kit.date, kit.subject, kit.introduction) == (
        "Ny samling", "Bergen", None, "Barnehage", "Hei\nder")
    assert change.origins == (0, 1, 2)
    assert parse_kit(write_kit(kit)) == kit


def test_roles_are_added_set_moved_and_removed():
    kit = _apply({"op": "role.add", "at": 2},
                 {"op": "role.set", "index": 2, "field": "name", "value": "Ordstyrer"},
                 {"op": "role.set", "index": 2, "field": "id", "value": "ordstyrer"},
                 {"op": "role.set", "index": 2, "field": "keeps_topic", "value": True},
                 {"op": "role.set", "index": 2, "field": "description", "value": "Styrer."},
                 {"op": "role.move", "index": 2, "to": 0},
                 {"op": "role.remove", "index": 1}).kit
    assert kit.roles == (Role("ordstyrer", "Ordstyrer", "Styrer.", keeps_topic=True),
                         KIT.roles[1])


def test_a_new_role_gets_a_free_id_and_a_name_in_the_kits_language():
    kit = _apply({"op": "role.add", "at": 0}, {"op": "role.add", "at": 0}).kit
    assert [(r.id, r.name) for r in kit.roles[:2]] == [("role-2", "Ny rolle"),
                                                       ("role-1", "Ny rolle")]


def test_blocks_are_added_set_moved_and_removed_and_each_says_where_it_came_from():
    change = _apply({"op": "block.add", "at": 1, "kind": "break"},
                    {"op": "block.set", "index": 1, "field": "title", "value": "Kaffe"},
                    {"op": "block.set", "index": 1, "field": "minutes", "value": 25},
                    {"op": "block.set", "index": 3, "field": "description", "value": "Slutt."},
                    {"op": "block.move", "index": 2, "to": 0},
                    {"op": "block.remove", "index": 1})
    assert change.origins == (1, None, 2)
    assert [(b.title, b.kind, b.duration) for b in change.kit.blocks] == [
        ("Gruppearbeid", BlockKind.GROUP_WORK, 1200), ("Kaffe", BlockKind.BREAK, 1500),
        ("Avslutning", BlockKind.PLENARY, 300)]
    assert change.kit.blocks[2].description == "Slutt."


def test_days_and_clock_times_of_blocks():
    kit = _apply({"op": "block.set", "index": 0, "field": "start", "value": "09:00"},
                 {"op": "block.set", "index": 1, "field": "start", "value": "9.15"},
                 {"op": "block.set", "index": 2, "field": "day", "value": 2},
                 {"op": "block.set", "index": 2, "field": "start", "value": "10:00"}).kit
    assert [(b.day, b.start) for b in kit.blocks] == [(1, 540), (1, 555), (2, 600)]
    cleared = _apply({"op": "block.set", "index": 1, "field": "start", "value": ""}, kit=kit)
    assert cleared.kit.blocks[1].start is None


def test_times_shift_moves_the_clock_times_of_the_rest_of_that_day():
    timed = _apply({"op": "block.set", "index": 0, "field": "start", "value": "09:00"},
                   {"op": "block.set", "index": 1, "field": "start", "value": "09:15"},
                   {"op": "block.set", "index": 2, "field": "day", "value": 2},
                   {"op": "block.set", "index": 2, "field": "start", "value": "09:00"}).kit
    shifted = _apply({"op": "times.shift", "from": 1, "minutes": 20}, kit=timed).kit
    assert [b.start for b in shifted.blocks] == [540, 575, 540]
    earlier = _apply({"op": "times.shift", "from": 0, "minutes": -30}, kit=timed).kit
    assert [b.start for b in earlier.blocks] == [510, 525, 540]
    assert _refused({"op": "times.shift", "from": 0, "minutes": -600}, kit=timed) == [
        ("Moved by -600 minutes, «Velkommen» would no longer be within its day.", 0, "block",
         0, None, None)]


def test_questions_are_added_set_moved_and_removed():
    kit = _apply({"op": "question.add", "block": 1, "at": 2},
                 {"op": "question.set", "block": 1, "index": 2, "field": "title",
                  "value": "Hva nå?"},
                 {"op": "question.set", "block": 1, "index": 2, "field": "text",
                  "value": "Tenk *fritt*."},
                 {"op": "question.set", "block": 1, "index": 2, "field": "prioritise",
                  "value": "1-5"},
                 {"op": "question.set", "block": 1, "index": 1, "field": "prioritise",
                  "value": ""},
                 {"op": "question.move", "block": 1, "index": 2, "to": 0},
                 {"op": "question.remove", "block": 1, "index": 1}).kit
    assert kit.blocks[1].questions == (Question("q3", "Hva nå?", "Tenk *fritt*.", (1, 5)),
                                       Question("q2", "Spørsmål 2", KIT.questions()[1].text))


def test_a_new_question_never_takes_the_id_of_a_removed_one():
    kit = _apply({"op": "question.add", "block": 1, "at": 0}, reserved=frozenset({"q3"})).kit
    assert kit.blocks[1].questions[0].id == "q4"


@pytest.mark.parametrize("op, message, part", [
    ({"op": "block.set", "index": 0, "field": "title", "value": "To\nlinjer"},
     "This field is one line: it cannot hold a line break.", ("block", 0, None, None)),
    ({"op": "block.set", "index": 0, "field": "title", "value": "C#"},
     "A title or name cannot end with «#».", ("block", 0, None, None)),
    ({"op": "role.set", "index": 1, "field": "id", "value": "Skriver"},
     "The id «Skriver» may only contain a-z, 0-9 and -.", ("role", None, None, 1)),
    ({"op": "question.set", "block": 1, "index": 0, "field": "id", "value": ""},
     "The id «» may only contain a-z, 0-9 and -.", ("question", 1, 0, None)),
    ({"op": "block.set", "index": 0, "field": "minutes", "value": 0},
     "A block lasts from 1 to 720 minutes.", ("block", 0, None, None)),
    ({"op": "block.set", "index": 0, "field": "minutes", "value": 721},
     "A block lasts from 1 to 720 minutes.", ("block", 0, None, None)),
    ({"op": "block.set", "index": 0, "field": "minutes", "value": "20"},
     "This field takes a whole number.", ("block", 0, None, None)),
    ({"op": "block.set", "index": 0, "field": "day", "value": 15},
     "The day must be a number from 1 to 14, not «15».", ("block", 0, None, None)),
    ({"op": "block.set", "index": 0, "field": "start", "value": "25:00"},
     "Cannot read the clock time «25:00» (write HH:MM).", ("block", 0, None, None)),
    ({"op": "block.set", "index": 0, "field": "kind", "value": "lunsj"},
     "Unknown block type «lunsj».", ("block", 0, None, None)),
    ({"op": "block.set", "index": 0, "field": "title", "value": 3},
     "This field takes text.", ("block", 0, None, None)),
    ({"op": "role.set", "index": 0, "field": "writes", "value": "ja"},
     "Choose yes or no.", ("role", None, None, 0)),
    ({"op": "question.set", "block": 1, "index": 0, "field": "prioritise", "value": "0-3"},
     "Cannot read the priority range «0-3» (write e.g. 1-3; at most 10).",
     ("question", 1, 0, None)),
    ({"op": "question.set", "block": 1, "index": 0, "field": "prioritise", "value": "1-11"},
     "Cannot read the priority range «1-11» (write e.g. 1-3; at most 10).",
     ("question", 1, 0, None)),
])
def test_a_field_that_no_kit_can_hold_is_refused_naming_its_part(op, message, part):
    assert _refused(op) == [(message, 0, *part)]


@pytest.mark.parametrize("op, hashes, part", [
    ({"op": "seminar", "field": "introduction", "value": "Tekst\n\n## Program"}, "##",
     ("introduction", None, None, None)),
    ({"op": "seminar", "field": "preparation", "value": "# Stor"}, "#",
     ("preparation", None, None, None)),
    ({"op": "role.set", "index": 0, "field": "description", "value": "a\n### Under"}, "###",
     ("role", None, None, 0)),
    ({"op": "block.set", "index": 0, "field": "description", "value": "a\n\n#### x"}, "####",
     ("block", 0, None, None)),
    ({"op": "question.set", "block": 1, "index": 0, "field": "text", "value": "### x"}, "###",
     ("question", 1, 0, None)),
])
def test_a_markdown_heading_that_would_start_a_part_of_the_kit_is_refused(op, hashes, part):
    (message, line, *where), = _refused(op)
    assert f"({hashes})" in message and "Use ##### or deeper" in message
    assert (line, *where) == (0, *part)


def test_headings_that_stay_inside_a_text_are_kept():
    kit = _apply(
        {"op": "seminar", "field": "introduction", "value": "### Mål\n\nTekst"},
        {"op": "role.set", "index": 0, "field": "description", "value": "#### Oppgaver"},
        {"op": "block.set", "index": 0, "field": "description",
         "value": "##### Detaljer\n\n```\n## inne i kode\n```"}).kit
    assert kit.introduction == "### Mål\n\nTekst"
    assert kit.blocks[0].description == "##### Detaljer\n\n```\n## inne i kode\n```"
    assert parse_kit(write_kit(kit)) == kit


def test_a_code_block_left_open_is_refused():
    assert _refused({"op": "block.set", "index": 0, "field": "description",
                     "value": "a\n```\nkode"}) == [(
        "The code block that begins on line 2 of the text is not closed (``` or ~~~).", 0,
        "block", 0, None, None)]


def test_the_whole_kit_is_checked_with_seminar_checks_messages_on_the_part():
    assert _refused({"op": "block.set", "index": 0, "field": "kind", "value": "break"},
                    {"op": "question.add", "block": 0, "at": 0}) == [
        ("Only group-work blocks (type: gruppearbeid) can have questions.", 38, "question", 0,
         0, None)]
    assert _refused({"op": "role.set", "index": 0, "field": "writes", "value": True}) == [
        ("Only one role can be the scribe (skriver: ja).", 27, "role", None, None, 1)]
    assert _refused({"op": "seminar", "field": "date", "value": "21.11.2026"}) == [
        ("The date «21.11.2026» must be written YYYY-MM-DD.", 2, "title", None, None, None)]


def test_an_index_that_does_not_exist_is_invalid_input_and_nothing_changes():
    for op in ({"op": "block.remove", "index": 3}, {"op": "role.move", "index": 0, "to": 2},
               {"op": "question.set", "block": 0, "index": 0, "field": "title", "value": "x"},
               {"op": "block.add", "at": 4}, {"op": "times.shift", "from": 9, "minutes": 1}):
        with pytest.raises(InvalidInput):
            _apply(op)


def test_all_or_nothing_a_later_op_that_fails_leaves_the_kit_as_it_was():
    with pytest.raises(KitInvalid):
        _apply({"op": "seminar", "field": "place", "value": "Bergen"},
               {"op": "block.set", "index": 0, "field": "minutes", "value": 0})
    assert KIT.place == "Testsalen"


def test_every_block_can_be_removed_but_the_last():
    assert _refused({"op": "block.remove", "index": 0}, {"op": "block.remove", "index": 0},
                    {"op": "block.remove", "index": 0})[0][0] == "The programme has no blocks."


def test_markdown_is_normalised_as_the_parser_reads_it():
    assert normalise_markdown("\r\n\n  a  \r\n\tb\t\n\n\n") == "  a\n\tb"


def test_kit_problems_are_seminar_checks():
    assert kit_problems(SHORT_KIT) == []
    (problem,) = kit_problems("# T\n")
    assert (problem.line, problem.template) == (
        1, "The kit has no programme (a section «## Program»).")


def test_the_written_kit_stays_canonical_after_edits():
    kit = _apply({"op": "block.add", "at": 3},
                 {"op": "question.add", "block": 1, "at": 0}).kit
    assert kit.blocks[3] == Block("Ny blokk", BlockKind.PLENARY, 900)
    assert write_kit(parse_kit(write_kit(kit))) == write_kit(kit)


# -- the whole hall: questions from the hall, poll items, the evaluation, votes ---------------

def test_a_block_takes_questions_from_the_hall():
    kit = _apply({"op": "block.set", "index": 0, "field": "audience_questions",
                  "value": True}).kit
    assert kit.blocks[0].audience_questions is True
    assert "spørsmål fra salen: ja" in write_kit(kit)
    assert _refused({"op": "block.set", "index": 0, "field": "audience_questions",
                     "value": "ja"}) == [("Choose yes or no.", 0, "block", 0, None, None)]
    assert _refused({"op": "block.set", "index": 1, "field": "audience_questions",
                     "value": True}) == [(
        "Only plenary and dialogue blocks (type: plenum or dialogtema) can take questions from "
        "the hall (spørsmål fra salen).", 41, "block", 1, None, None)]


def test_poll_items_are_added_set_moved_and_removed_in_a_block_and_in_the_evaluation():
    kit = _apply({"op": "item.add", "block": 0, "at": 0, "kind": "choice"},
                 {"op": "item.set", "block": 0, "index": 0, "field": "title",
                  "value": "Hva er viktigst?"},
                 {"op": "item.set", "block": 0, "index": 0, "field": "id", "value": "viktigst"},
                 {"op": "item.set", "block": 0, "index": 0, "field": "text", "value": "Velg."},
                 {"op": "item.set", "block": 0, "index": 0, "field": "options",
                  "value": " Tid \r\n\nPenger\nFolk"},
                 {"op": "item.set", "block": 0, "index": 0, "field": "multiple", "value": True},
                 {"op": "item.add", "block": 0, "at": 1, "kind": "word-cloud"},
                 {"op": "item.move", "block": 0, "index": 1, "to": 0},
                 {"op": "item.add", "block": "evaluation", "at": 0},
                 {"op": "item.set", "block": "evaluation", "index": 0, "field": "scale",
                  "value": "1-10"},
                 {"op": "item.set", "block": "evaluation", "index": 0, "field": "labels",
                  "value": "lite | mye"},
                 {"op": "item.add", "block": "evaluation", "at": 1, "kind": "open"},
                 {"op": "item.remove", "block": "evaluation", "index": 1}).kit
    assert kit.blocks[0].items == (
        PollItem("item-1", "Nytt spørsmål til salen", ItemKind.WORD_CLOUD),
        PollItem("viktigst", "Hva er viktigst?", ItemKind.CHOICE, "Velg.",
                 options=("Tid", "Penger", "Folk"), multiple=True))
    assert kit.evaluation == (PollItem("item-2", "Nytt spørsmål til salen", ItemKind.SCALE,
                                       scale=(1, 10), labels=("lite", "mye")),)
    assert parse_kit(write_kit(kit)) == kit


def test_a_new_item_takes_an_id_no_question_or_item_has_and_a_kind_change_keeps_what_fits():
    kit = _apply({"op": "item.add", "block": 0, "at": 0},
                 {"op": "item.set", "block": 0, "index": 0, "field": "id", "value": "item-2"},
                 {"op": "item.add", "block": 2, "at": 0, "kind": "choice"},
                 {"op": "item.set", "block": 2, "index": 0, "field": "kind", "value": "open"},
                 {"op": "item.set", "block": 2, "index": 0, "field": "kind", "value": "choice"},
                 reserved=frozenset({"item-1"})).kit
    assert [(item.id, item.kind, item.options) for b in kit.blocks for item in b.items] == [
        ("item-2", ItemKind.SCALE, ()),
        ("item-3", ItemKind.CHOICE, ("Alternativ 1", "Alternativ 2"))]


@pytest.mark.parametrize(("ops", "expected"), [
    ([{"op": "item.add", "block": 1, "at": 0}],
     [("Only plenary and dialogue blocks (type: plenum or dialogtema) can have poll items.",
       0, "block", 1, None)]),
    ([{"op": "item.add", "block": 0, "at": 0},
      {"op": "block.set", "index": 0, "field": "kind", "value": "group-work"}],
     [("Only plenary and dialogue blocks (type: plenum or dialogtema) can have poll items.",
       0, "block", 0, None)]),
    ([{"op": "item.add", "block": 0, "at": 0},
      {"op": "item.set", "block": 0, "index": 0, "field": "scale", "value": "0-7"}],
     [("Cannot read the scale «0-7» (write 1-5 or 1-10).", 0, "item", 0, 0)]),
    ([{"op": "item.add", "block": 0, "at": 0},
      {"op": "item.set", "block": 0, "index": 0, "field": "labels", "value": "lite"}],
     [("Write the end labels as «low | high» (two labels and a |), not «lite».", 0, "item", 0,
       0)]),
    ([{"op": "item.add", "block": 0, "at": 0},
      {"op": "item.set", "block": 0, "index": 0, "field": "options", "value": "a\nb"}],
     [("Only a choice item has options.", 0, "item", 0, 0)]),
    ([{"op": "item.add", "block": 0, "at": 0, "kind": "open"},
      {"op": "item.set", "block": 0, "index": 0, "field": "multiple", "value": True}],
     [("Only a choice item can take several answers.", 0, "item", 0, 0)]),
    ([{"op": "item.add", "block": 0, "at": 0, "kind": "choice"},
      {"op": "item.set", "block": 0, "index": 0, "field": "text", "value": "Velg:\n- a"}],
     [("The text of a choice item cannot hold a list: its options are set in their own "
       "field.", 0, "item", 0, 0)]),
    ([{"op": "item.add", "block": 0, "at": 0, "kind": "choice"},
      {"op": "item.set", "block": 0, "index": 0, "field": "options", "value": "bare én"}],
     [("The choice item «Nytt spørsmål til salen» needs from 2 to 12 options (a Markdown "
       "list: - option), not 1.", 38, "item", 0, 0)]),
    ([{"op": "item.add", "block": "evaluation", "at": 0},
      {"op": "item.set", "block": "evaluation", "index": 0, "field": "id", "value": "q1"}],
     [("The id «q1» is used before (line 44): questions and poll items each need an id of "
       "their own.", 61, "item", "evaluation", 0)]),
    ([{"op": "question.set", "block": 1, "index": 0, "field": "votes", "value": "3"}],
     [("Only a prioritised question (prioriter: ...) can have votes (stemmer).", 46,
       "question", 1, None)]),
    ([{"op": "question.set", "block": 1, "index": 1, "field": "votes", "value": "11"}],
     [("Cannot read the number of votes «11» (write a number from 1 to 10).", 0, "question",
       1, None)]),
])
def test_wrong_items_and_votes_are_refused_on_their_part(ops, expected):
    with pytest.raises(KitInvalid) as refused:
        _apply(*ops)
    assert [(p.template % p.params if p.params else p.template, p.line, p.part, p.block, p.item)
            for p in refused.value.problems] == expected


def test_votes_are_set_and_cleared_on_a_prioritised_question():
    kit = _apply({"op": "question.set", "block": 1, "index": 1, "field": "votes",
                  "value": "3"}).kit
    assert kit.blocks[1].questions[1].votes == 3
    again = _apply({"op": "question.set", "block": 1, "index": 1, "field": "votes",
                    "value": ""}, kit=kit).kit
    assert again.blocks[1].questions[1].votes is None


def test_an_item_index_or_block_that_does_not_exist_is_invalid_input():
    for op in ({"op": "item.set", "block": 0, "index": 0, "field": "title", "value": "x"},
               {"op": "item.remove", "block": "evaluation", "index": 0},
               {"op": "item.add", "block": 9, "at": 0},
               {"op": "item.move", "block": 0, "index": 0, "to": 1}):
        with pytest.raises(InvalidInput):
            _apply(op)
