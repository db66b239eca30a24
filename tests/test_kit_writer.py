"""Writing a kit back as text: the parser's inverse, for every shipped kit and any kit."""

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from seminar.domain.kit import (
    Block,
    BlockKind,
    ItemKind,
    Kit,
    PollItem,
    Question,
    RemovedQuestion,
    Role,
)
from seminar.domain.kit_parser import parse_kit
from seminar.domain.kit_writer import (
    Place,
    format_duration,
    place_of_line,
    write_kit,
    write_kit_places,
)
from seminar.domain.timer import Timer
from tests.conftest import SHORT_KIT
from tests.test_kit_parser import HALL_KIT

SHIPPED = sorted((Path(__file__).parent.parent / "sessions").glob("*.md"))


def test_every_shipped_kit_reads_back_the_same_and_writes_the_same_text_again():
    assert SHIPPED
    for path in SHIPPED:
        kit = parse_kit(path.read_text(encoding="utf-8"), path.name)
        text = write_kit(kit)
        assert parse_kit(text) == kit, path.name
        assert write_kit(parse_kit(text)) == text, path.name


def test_keys_and_sections_are_written_in_the_kits_language():
    kit = parse_kit(SHORT_KIT)
    bokmal = write_kit(kit)
    assert "## Forberedelser\n" in bokmal and "varighet: 10 min" in bokmal
    assert "skriver: ja" in bokmal and "tidtaker: ja" in bokmal
    nynorsk = write_kit(Kit(**{**kit.__dict__, "language": "nn"}))
    assert "## Førebuingar\n" in nynorsk and "varigheit: 10 min" in nynorsk
    assert "skrivar: ja" in nynorsk and "språk: nn" in nynorsk
    english = write_kit(Kit(**{**kit.__dict__, "language": "en"}))
    assert "## Preparation\n" in english and "kind: group-work" in english
    assert "writes: yes" in english and "## Programme\n" in english
    for text in (nynorsk, english):
        assert parse_kit(text).blocks == kit.blocks


def test_durations_and_clock_times_are_written_as_people_write_them():
    assert format_duration(25 * 60) == "25 min"
    assert format_duration(60 * 60) == "1 t"
    assert format_duration(90 * 60, "h") == "1 h 30 min"
    kit = Kit("To dager", (Block("Åpning", BlockKind.PLENARY, 45 * 60, day=1, start=9 * 60),
                           Block("Dag to", BlockKind.OTHER, 30 * 60, day=2, start=23 * 60 + 45)))
    text = write_kit(kit)
    assert "dag: 2\nstart: 23:45\nvarighet: 30 min" in text  # ends past midnight: no `slutt`
    assert parse_kit(text) == kit


def test_places_say_which_line_starts_which_part():
    kit = parse_kit(SHORT_KIT)
    text, places = write_kit_places(kit)
    lines = text.split("\n")
    by_part = {(p.part, p.role, p.block, p.question): p.line for p in places}
    assert lines[by_part[("title", None, None, None)] - 1] == "# Kort testsamling"
    assert lines[by_part[("role", 1, None, None)] - 1] == "### Skriver"
    assert lines[by_part[("block", None, 1, None)] - 1] == "### Gruppearbeid"
    question_line = by_part[("question", None, 1, 1)]
    assert lines[question_line - 1] == "#### Spørsmål 2"
    assert place_of_line(places, question_line + 1) == place_of_line(places, question_line)
    assert place_of_line(places, question_line).question == 1


def test_the_store_keeps_an_edited_kit_its_timers_and_the_removed_questions(store):
    from seminar.services.seminars import create_seminar, find_seminar

    seminar, _ = create_seminar(store, "short.md", SHORT_KIT, 1000.0)
    kit = parse_kit(SHORT_KIT)
    edited = Kit(**{**kit.__dict__, "title": "Ny tittel", "blocks": kit.blocks[::-1]})
    timers = (Timer(300), Timer(1200), Timer(600, started_at=1000.0, extra_seconds=60))
    removed = RemovedQuestion(Question("q9", "Gammelt", "Hva nå?", (1, 2)), "Gruppearbeid", 5.0)
    with store.write():
        record = store.seminars.save_kit(seminar.record.id, title=edited.title,
                                         kit_source=write_kit(edited), current=2, timers=timers)
        store.seminars.add_removed_question(seminar.record.id, removed)
    assert (record.kit_version, record.version) == (1, seminar.record.version + 1)
    again = find_seminar(store, seminar.code)
    assert again.kit == edited and again.programme.timers == timers
    assert again.programme.current == 2 and again.record.title == "Ny tittel"
    with store.read():
        assert store.seminars.removed_questions(seminar.record.id) == [removed]
    with store.write():
        store.seminars.forget_removed_question(seminar.record.id, "q9")
        assert store.seminars.removed_questions(seminar.record.id) == []


_line = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")),
                min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(
    lambda s: s and not s.startswith("#") and not s.endswith("#") and ":" not in s)
_markdown = st.lists(_line, max_size=4).map(lambda lines: "\n".join(lines))
_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)
_not_a_list_item = _line.filter(lambda s: not re.match(r"^(?:[-*+]|[0-9]{1,3}[.)])(\s|$)", s))
_HALL = (BlockKind.PLENARY, BlockKind.DIALOGUE)


@st.composite
def _items(draw, prefix: str) -> tuple[PollItem, ...]:
    items = []
    for n in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(list(ItemKind)))
        item_id, title = f"{prefix}{n}-{draw(_ids)}", draw(_line)
        if kind is ItemKind.SCALE:
            item = PollItem(item_id, title, kind, draw(_markdown),
                            draw(st.sampled_from(((1, 5), (1, 10)))),
                            draw(st.none() | st.tuples(_line, _line)))
        elif kind is ItemKind.CHOICE:
            item = PollItem(item_id, title, kind,
                            "\n".join(draw(st.lists(_not_a_list_item, max_size=3))),
                            options=tuple(draw(st.lists(_line, min_size=2, max_size=12,
                                                        unique=True))),
                            multiple=draw(st.booleans()))
        else:
            item = PollItem(item_id, title, kind, draw(_markdown))
        items.append(item)
    return tuple(items)


@st.composite
def _kits(draw) -> Kit:
    roles = tuple(Role(f"r{i}-{draw(_ids)}", draw(_line), draw(_markdown),
                       writes=(i == 0 and draw(st.booleans())), keeps_time=draw(st.booleans()),
                       keeps_topic=draw(st.booleans()))
                  for i in range(draw(st.integers(0, 3))))
    blocks, day, used = [], 1, 0
    for index in range(draw(st.integers(1, 5))):
        day = day + draw(st.integers(0, 1))
        kind = draw(st.sampled_from(list(BlockKind)))
        questions = tuple(
            Question(f"q{index}-{q}-{draw(_ids)}", draw(_line), draw(_markdown), prioritise,
                     draw(st.none() | st.integers(1, 10)) if prioritise else None)
            for q in range(draw(st.integers(0, 3)) if kind is BlockKind.GROUP_WORK else 0)
            for prioritise in [draw(st.none() | st.tuples(st.just(1), st.integers(1, 10)))])
        minutes = draw(st.integers(1, 12 * 60))
        start = draw(st.none() | st.integers(0, 23 * 60 + 59))
        if start is not None:
            start = max(start, used) if day == (blocks[-1].day if blocks else 1) else start
            if start > 23 * 60 + 59:
                start = None
        block = Block(draw(_line), kind, minutes * 60, draw(_markdown), day, start, questions,
                      kind in _HALL and draw(st.booleans()),
                      draw(_items(f"i{index}-")) if kind in _HALL else ())
        used = block.end if block.end is not None else used + minutes
        if blocks and blocks[-1].day != day:
            used = block.end if block.end is not None else minutes
        blocks.append(block)
    return Kit(draw(_line), tuple(blocks), draw(_markdown), draw(_markdown), draw(_markdown),
               roles, draw(st.none() | st.just("2026-05-04")), draw(st.none() | _line),
               draw(st.none() | _line), draw(st.none() | _line),
               draw(st.sampled_from(("nb", "nn", "en"))), evaluation=draw(_items("e")))


@settings(max_examples=150, deadline=None)
@given(_kits())
def test_any_kit_the_parser_accepts_reads_back_the_same(kit):
    text = write_kit(kit)
    parsed = parse_kit(text)
    assert parsed == kit
    assert write_kit(parsed) == text


HALL = parse_kit(HALL_KIT)


def test_the_hall_is_written_in_the_kits_language_and_reads_back_the_same():
    bokmal = write_kit(HALL)
    assert "varighet: 25 min\nspørsmål fra salen: ja\n" in bokmal
    assert "id: kjent\ntype: skala\nskala: 1-5\nytterpunkter: ukjent | godt kjent\n" in bokmal
    assert "type: flervalg\nflere: ja\n\nVelg det som passer.\n\n- Tid\n- Penger\n" in bokmal
    assert "prioriter: 1-3\nstemmer: 3\n" in bokmal and "\n## Evaluering\n\n### Hvor" in bokmal
    nynorsk = write_kit(Kit(**{**HALL.__dict__, "language": "nn"}))
    assert "spørsmål frå salen: ja" in nynorsk and "type: fleirval\nfleire: ja" in nynorsk
    assert "ytterpunkt: ukjent" in nynorsk and "type: ope" in nynorsk
    english = write_kit(Kit(**{**HALL.__dict__, "language": "en"}))
    assert "audience-questions: yes" in english and "kind: word-cloud" in english
    assert "## Evaluation\n" in english and "votes: 3" in english
    for text in (bokmal, nynorsk, english):
        assert parse_kit(text) == Kit(**{**HALL.__dict__, "language": parse_kit(text).language})
        assert write_kit(parse_kit(text)) == text


def test_places_name_the_poll_items_of_a_block_and_of_the_evaluation():
    text, places = write_kit_places(HALL)
    lines = text.split("\n")
    by_part = {(p.part, p.block, p.item): p.line for p in places}
    assert lines[by_part[("item", 0, 1)] - 1] == "#### Hva er viktigst?"
    assert lines[by_part[("evaluation", "evaluation", None)] - 1] == "## Evaluering"
    assert lines[by_part[("item", "evaluation", 1)] - 1] == "### Hva tar du med deg hjem?"
    option_line = lines.index("- Penger") + 1
    assert place_of_line(places, option_line) == Place(by_part[("item", 0, 1)], "item",
                                                       block=0, item=1)
