"""Parsing kit files: every shipped kit parses; each malformed kit gets its own message."""

from pathlib import Path

import pytest

from seminar.domain.errors import KitErrors
from seminar.domain.kit import Block, BlockKind, ItemKind, Kit, PollItem, Question, Role
from seminar.domain.kit_parser import parse_clock, parse_duration, parse_kit
from tests.conftest import SHORT_KIT

SESSIONS = Path(__file__).parent.parent / "sessions"
SHIPPED = sorted(SESSIONS.glob("*.md"))


def test_the_short_kit_parses_to_the_expected_values():
    assert parse_kit(SHORT_KIT) == Kit(
        title="Kort testsamling",
        date="2026-11-21",
        place="Testsalen",
        introduction="En kort samling for testene.",
        preparation="Les *dette* før vi møtes.",
        answering="Svarene samles inn.",
        roles=(
            Role("moteleder", "Møteleder og tidtaker", "Leder samtalen og holder tiden.",
                 keeps_time=True),
            Role("skriver", "Skriver", "Skriver gruppens svar.", writes=True),
        ),
        blocks=(
            Block("Velkommen", BlockKind.PLENARY, 600, "Velkommen til **samlingen**."),
            Block("Gruppearbeid", BlockKind.GROUP_WORK, 1200, "Snakk sammen i gruppen.",
                  questions=(
                      Question("q1", "Spørsmål 1", "Hva fungerer godt?"),
                      Question("q2", "Spørsmål 2", "Hva er viktigst? Velg ett til tre punkt.",
                               prioritise=(1, 3)),
                  )),
            Block("Avslutning", BlockKind.PLENARY, 300),
        ),
    )


def test_kits_are_shipped():
    assert {path.name for path in SHIPPED} >= {
        "nasjonalt-dialogseminar-2023.md", "pilotsamling-2021.md", "mellomarbeid-1.md"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_shipped_kit_parses(path):
    kit = parse_kit(path.read_text(encoding="utf-8"), path.name)
    assert kit.title and kit.blocks


def test_the_national_seminar_kit_is_complete():
    kit = parse_kit((SESSIONS / "nasjonalt-dialogseminar-2023.md").read_text(encoding="utf-8"))
    assert kit.title == "Nasjonalt dialogseminar 2023"
    assert kit.date == "2023-04-27"
    assert kit.subject == "Hva kan de tre nasjonale aktørene bidra med?"
    assert [block.duration // 60 for block in kit.blocks] == [25, 20, 55, 20, 50, 10]
    assert [block.kind for block in kit.blocks] == [
        BlockKind.PLENARY, BlockKind.DIALOGUE, BlockKind.GROUP_WORK,
        BlockKind.DIALOGUE, BlockKind.GROUP_WORK, BlockKind.PLENARY]
    assert [(q.id, q.prioritise) for q in kit.questions()] == [
        ("dt1-1", None), ("dt1-2", None), ("dt1-3", None), ("dt1-4", None),
        ("dt2-1", None), ("dt2-2", (1, 3))]
    assert [(role.id, role.writes, role.keeps_time, role.keeps_topic) for role in kit.roles] == [
        ("moteleder", False, True, False), ("skriver", True, False, False),
        ("tematisk-vakt", False, False, True)]
    assert "Anbefalt lesning" in kit.preparation
    assert kit.answering
    assert "@" not in (SESSIONS / "nasjonalt-dialogseminar-2023.md").read_text()


def test_the_pilot_gathering_is_a_two_day_programme_with_clock_times():
    kit = parse_kit((SESSIONS / "pilotsamling-2021.md").read_text(encoding="utf-8"))
    assert kit.days == (1, 2)
    assert all(block.start is not None for block in kit.blocks)
    first_day = [block for block in kit.blocks if block.day == 1]
    second_day = [block for block in kit.blocks if block.day == 2]
    assert (first_day[0].start, first_day[-1].start) == (10 * 60, 18 * 60 + 30)  # dinner
    assert (second_day[0].start, second_day[-1].end) == (8 * 60 + 30, 16 * 60)
    assert {BlockKind.MEAL, BlockKind.BREAK} <= {block.kind for block in kit.blocks}


def test_the_intermediate_task_has_the_phase_questions_and_a_prioritisation():
    kit = parse_kit((SESSIONS / "mellomarbeid-1.md").read_text(encoding="utf-8"))
    text = " ".join(q.title + " " + q.text for q in kit.questions()).lower()
    for word in ("styrker", "utfordringer", "muligheter"):
        assert word in text
    assert any(q.prioritise == (1, 3) for q in kit.questions())


@pytest.mark.parametrize(("value", "seconds"), [
    ("25 min", 1500), ("25", 1500), ("1 t 30 min", 5400), ("1 t", 3600), ("1h30m", 5400),
    ("90 minutter", 5400), ("", None), ("kvarter", None), ("-5 min", None),
])
def test_parse_duration(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(("value", "minutes"), [
    ("10:00", 600), ("08.30", 510), ("23:59", 1439), ("24:00", None), ("9", None),
])
def test_parse_clock(value, minutes):
    assert parse_clock(value) == minutes


def _errors(text):
    with pytest.raises(KitErrors) as caught:
        parse_kit(text, "broken.md")
    return [(error.line, error.template % error.params if error.params else error.template)
            for error in caught.value.errors]


PROGRAMME = "## Program\n\n### Blokk\ntype: plenum\nvarighet: 10 min\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("Tekst før tittelen\n# Tittel\n" + PROGRAMME,
     [(1, "The kit must start with its title as a level-1 heading (# Title).")]),
    ("## Program\n### Blokk\ntype: plenum\nvarighet: 5\n",
     [(1, "The kit has no title (a level-1 heading: # Title).")]),
    ("# \n" + PROGRAMME, [(1, "The title is empty.")]),
    ("# Tittel\n# Tittel igjen\n" + PROGRAMME,
     [(2, "There is more than one title (level-1 heading).")]),
    ("# Tittel\n", [(1, "The kit has no programme (a section «## Program»).")]),
    ("# Tittel\n## Program\n", [(2, "The programme has no blocks.")]),
    ("# Tittel\n## Diverse\n" + PROGRAMME,
     [(2, "Unknown section «Diverse». Known sections: Forberedelser, Hvordan svarer vi?, "
          "Roller, Program, Evaluering.")]),
    ("# Tittel\n" + PROGRAMME + PROGRAMME,
     [(7, "The section «Program» appears twice (first on line 2).")]),
    ("# Tittel\nfarge: blå\n" + PROGRAMME,
     [(2, "Unknown attribute «farge» under «Tittel».")]),
    ("# Tittel\ndato: 27. april\n" + PROGRAMME,
     [(2, "The date «27. april» must be written YYYY-MM-DD.")]),
    ("# Tittel\n## Program\n### Blokk\ntype: plenum\n",
     [(3, "The block «Blokk» has no duration (varighet, or start and slutt).")]),
    ("# Tittel\n## Program\n### Blokk\ntype: plenum\nvarighet: 0 min\n",
     [(3, "The block «Blokk» must last at least one minute.")]),
    ("# Tittel\n## Program\n### Blokk\ntype: plenum\nvarighet: 13 t\n",
     [(3, "The block «Blokk» lasts more than 12 hours.")]),
    ("# Tittel\n## Program\n### Blokk\ntype: plenum\nvarighet: lenge\n",
     [(5, "Cannot read the duration «lenge» (write e.g. 25 min or 1 t 30 min).")]),
    ("# Tittel\n## Program\n### Blokk\nvarighet: 5\n",
     [(3, "The block «Blokk» has no type (type: plenum, dialogtema, gruppearbeid, pause, "
          "måltid or annet).")]),
    ("# Tittel\n## Program\n### Blokk\ntype: workshop\nvarighet: 5\n",
     [(4, "Unknown block type «workshop». Use plenum, dialogtema, gruppearbeid, pause, "
          "måltid or annet.")]),
    ("# Tittel\n## Program\n### Blokk\ntype: plenum\nvarighet: 5\nvarighet: 6\n",
     [(6, "The attribute «varighet» is given twice.")]),
    ("# Tittel\n## Program\n### A\ntype: plenum\nstart: 10:00\nslutt: 11:00\n"
     "### B\ntype: plenum\nstart: 10:30\nslutt: 11:30\n",
     [(7, "«B» starts at 10:30, before the previous block ends (11:00, line 3).")]),
    ("# Tittel\n## Program\n### A\ntype: plenum\nstart: 10:00\nslutt: 9:00\n",
     [(3, "The block «A» must last at least one minute.")]),
    ("# Tittel\n## Program\n### A\ntype: plenum\nstart: 25:00\nslutt: 26:00\n",
     [(5, "Cannot read the clock time «25:00» (write HH:MM)."),
      (6, "Cannot read the clock time «26:00» (write HH:MM)."),
      (3, "The block «A» has no duration (varighet, or start and slutt).")]),
    ("# Tittel\n## Program\n### A\ntype: plenum\nslutt: 11:00\n",
     [(3, "The block «A» has an end time but no start time.")]),
    ("# Tittel\n## Program\n### A\ntype: plenum\nstart: 10:00\nslutt: 11:00\nvarighet: 30\n",
     [(3, "The duration of «A» does not match its start and end times.")]),
    ("# Tittel\n## Program\n### A\ntype: plenum\ndag: 2\nvarighet: 5\n"
     "### B\ntype: plenum\ndag: 1\nvarighet: 5\n",
     [(7, "Day 1 comes after day 2.")]),
    ("# Tittel\n## Program\n### A\ntype: plenum\nvarighet: 5\n#### Spørsmål\nid: q1\n",
     [(6, "The poll item «Spørsmål» has no type (type: skala, flervalg, ordsky or åpent); "
          "questions for the groups belong under a group-work block (type: gruppearbeid).")]),
    ("# Tittel\n## Program\n### A\ntype: pause\nvarighet: 5\n#### Spørsmål\nid: q1\n",
     [(6, "Only group-work blocks (type: gruppearbeid) can have questions.")]),
    ("# Tittel\n## Program\n#### Løst spørsmål\nid: q0\n" + "### A\ntype: plenum\nvarighet: 5\n",
     [(3, "The question «Løst spørsmål» is not under a block.")]),
    ("# Tittel\n## Program\n### A\ntype: gruppearbeid\nvarighet: 5\n#### Spørsmål\n\nTekst\n",
     [(6, "The question «Spørsmål» has no id (id: ...).")]),
    ("# Tittel\n## Program\n### A\ntype: gruppearbeid\nvarighet: 5\n#### S1\nid: q1\n"
     "#### S2\nid: q1\n",
     [(8, "The question id «q1» is used before (line 6).")]),
    ("# Tittel\n## Program\n### A\ntype: gruppearbeid\nvarighet: 5\n#### S1\nid: Q 1\n",
     [(6, "The id «Q 1» may only contain a-z, 0-9 and -.")]),
    ("# Tittel\n## Program\n### A\ntype: gruppearbeid\nvarighet: 5\n#### S1\nid: q1\n"
     "prioriter: 3-1\n",
     [(8, "Cannot read the priority range «3-1» (write e.g. 1-3; at most 10).")]),
    ("# Tittel\n## Roller\n### A\nskriver: ja\n### B\nskriver: ja\n" + PROGRAMME,
     [(6, "Only one role can be the scribe (skriver: ja).")]),
    ("# Tittel\n## Roller\n### A\nskriver: ja\n### B\nid: b\nwrites: yes\n" + PROGRAMME,
     [(7, "Only one role can be the scribe (skriver: ja).")]),
    ("# Tittel\n## Roller\n" + "".join(f"### Rolle {n}\n" for n in range(1, 8)) + PROGRAMME,
     [(9, "A kit can have at most 6 roles.")]),
    ("# Tittel\n## Roller\n### A\nskriver: kanskje\n" + PROGRAMME,
     [(3, "Write «ja» or «nei», not «kanskje».")]),
])
def test_malformed_kits_are_rejected_with_line_and_reason(text, expected):
    assert _errors(text) == expected


def test_every_problem_is_reported_not_just_the_first():
    text = "# Tittel\n## Program\n### A\ntype: fest\nvarighet: 5\n### B\ntype: plenum\n"
    assert [line for line, _ in _errors(text)] == [4, 6]


def test_headings_inside_text_sections_are_content():
    kit = parse_kit("# T\n## Forberedelser\n### Anbefalt lesning\n- Meld. St. 18\n" + PROGRAMME)
    assert kit.preparation == "### Anbefalt lesning\n- Meld. St. 18"


def test_english_aliases_are_accepted():
    kit = parse_kit("# T\ndate: 2024-01-02\n## Programme\n### A\nkind: break\nduration: 15\n")
    assert (kit.date, kit.blocks[0].kind, kit.blocks[0].duration) == (
        "2024-01-02", BlockKind.BREAK, 900)


@pytest.mark.parametrize(("text", "expected"), [
    ("# T\n## Program\n### A\ntype: plenum\ndag: ²\nvarighet: 5\n",
     [(5, "The day must be a number from 1 to 14, not «²».")]),
    ("# T\n## Program\n### A\ntype: plenum\nvarighet: " + "9" * 5000 + "\n",
     [(5, "Cannot read the duration «" + "9" * 5000 + "» (write e.g. 25 min or 1 t 30 min).")]),
    ("# T\n## Program\n### A\ntype: plenum\nstart: 10:00\nslutt: 11:00\n"
     "### B\ntype: plenum\nvarighet: 30\n### C\ntype: plenum\nstart: 09:00\nslutt: 09:30\n",
     [(10, "«C» starts at 09:00, before the previous block ends (11:30, line 3).")]),
])
def test_tricky_values_are_reported_not_crashed_on(text, expected):
    assert _errors(text) == expected


def test_a_byte_order_mark_is_ignored():
    assert parse_kit("\ufeff" + SHORT_KIT).title == "Kort testsamling"


# -- the kit's language (`språk:`) -------------------------------------------------------------

def test_a_kit_is_in_bokmal_unless_it_says_otherwise():
    assert parse_kit(SHORT_KIT).language == "nb"


@pytest.mark.parametrize(("line", "language"), [
    ("språk: nn", "nn"), ("language: en", "en"), ("språk: NB", "nb"), ("språk:  nn ", "nn"),
])
def test_the_kit_names_its_language_in_the_header(line, language):
    assert parse_kit("# Tittel\n" + line + "\n" + PROGRAMME).language == language


@pytest.mark.parametrize("value", ["nynorsk", "no", "se", "nb-NO", ""])
def test_an_unknown_language_is_an_error_on_its_line(value):
    text = "# Tittel\ndato: 2026-01-01\nspråk: " + value + "\n" + PROGRAMME
    assert _errors(text) == [
        (3, f"Unknown language «{value}». Use nb (bokmål), nn (nynorsk) or en (English).")]


def test_the_language_is_given_once():
    assert _errors("# Tittel\nspråk: nn\nspråk: en\n" + PROGRAMME) == [
        (3, "The attribute «språk» is given twice.")]


NYNORSK_KIT = """# Samling på nynorsk
språk: nn
stad: Førde

## Førebuingar
Les dette før vi møtest.

## Korleis svarar vi?
Svara blir samla inn.

## Roller

### Møteleiar og tidtakar
tidtakar: ja

### Skrivar
skrivar: ja

## Program

### Gruppearbeid
type: gruppearbeid
varigheit: 1 time 30 min

#### Spørsmål 1
id: q1

Kva fungerer godt?

### Anna
type: anna
varigheit: 2 timar
"""


def test_a_kit_may_be_written_in_nynorsk():
    kit = parse_kit(NYNORSK_KIT)
    assert (kit.language, kit.place, kit.preparation, kit.answering) == (
        "nn", "Førde", "Les dette før vi møtest.", "Svara blir samla inn.")
    assert [(role.name, role.keeps_time, role.writes) for role in kit.roles] == [
        ("Møteleiar og tidtakar", True, False), ("Skrivar", False, True)]
    assert [(block.kind, block.duration) for block in kit.blocks] == [
        (BlockKind.GROUP_WORK, 5400), (BlockKind.OTHER, 7200)]


def test_an_unreadable_nynorsk_duration_is_reported_on_its_line():
    text = "# T\n## Program\n### A\ntype: plenum\nvarigheit: lenge\n"
    assert _errors(text) == [
        (5, "Cannot read the duration «lenge» (write e.g. 25 min or 1 t 30 min).")]


# -- the whole hall: questions from the hall, poll items, the evaluation, votes ---------------

HALL_KIT = """# Salen
## Program

### Åpning
type: plenum
spørsmål fra salen: ja
varighet: 25 min

Samtale mellom lederne.

#### Hvor kjent er temaet?
id: kjent
type: skala
ytterpunkter: ukjent | godt kjent

#### Hva er viktigst?
id: viktigst
type: flervalg
flere: ja

Velg det som passer.

- Tid
- Penger
- Folk

#### Ett ord om dagen
id: ord
type: ordsky

### Gruppearbeid
type: gruppearbeid
varighet: 30 min

#### Prioriter
id: p1
prioriter: 1-3
stemmer: 3

## Evaluering

### Hvor nyttig var dagen?
id: nytte
type: skala
skala: 1-10

### Hva tar du med deg hjem?
id: hjem
type: åpent

Skriv kort.
"""


def test_a_kit_for_the_whole_hall_parses_to_the_expected_values():
    kit = parse_kit(HALL_KIT)
    opening, group_work = kit.blocks
    assert opening == Block(
        "Åpning", BlockKind.PLENARY, 1500, "Samtale mellom lederne.", audience_questions=True,
        items=(
            PollItem("kjent", "Hvor kjent er temaet?", ItemKind.SCALE, scale=(1, 5),
                     labels=("ukjent", "godt kjent")),
            PollItem("viktigst", "Hva er viktigst?", ItemKind.CHOICE, "Velg det som passer.",
                     options=("Tid", "Penger", "Folk"), multiple=True),
            PollItem("ord", "Ett ord om dagen", ItemKind.WORD_CLOUD),
        ))
    assert group_work.audience_questions is False
    assert group_work.questions == (Question("p1", "Prioriter", "", (1, 3), votes=3),)
    assert kit.evaluation == (
        PollItem("nytte", "Hvor nyttig var dagen?", ItemKind.SCALE, scale=(1, 10)),
        PollItem("hjem", "Hva tar du med deg hjem?", ItemKind.OPEN, "Skriv kort."),
    )
    assert [item.id for item in kit.items()] == ["kjent", "viktigst", "ord", "nytte", "hjem"]
    assert "Skriv kort." in kit.markdown_texts()
    assert "Velg det som passer." in kit.markdown_texts()


def test_the_english_and_nynorsk_spellings_of_the_hall_are_accepted():
    kit = parse_kit("# T\n## Programme\n### A\nkind: dialogue\naudience-questions: yes\n"
                    "duration: 20\n#### Pick\nid: pick\nkind: choice\nmultiple: yes\n\n- a\n"
                    "- b\n#### Rate\nid: rate\nkind: scale\nscale: 1-10\nlabels: low | high\n"
                    "## Evaluation\n### Open\nid: open\nkind: open\n")
    assert kit.blocks[0].audience_questions
    assert [(item.kind, item.options, item.multiple, item.scale, item.labels)
            for item in kit.items()] == [
        (ItemKind.CHOICE, ("a", "b"), True, None, None),
        (ItemKind.SCALE, (), False, (1, 10), ("low", "high")),
        (ItemKind.OPEN, (), False, None, None)]
    nynorsk = parse_kit("# T\nspråk: nn\n## Program\n### A\ntype: plenum\n"
                        "spørsmål frå salen: ja\nvarigheit: 20\n#### Val\nid: val\n"
                        "type: fleirval\nfleire: nei\n\n1. a\n2. b\n#### Ope\nid: ope\n"
                        "type: ope\n")
    assert nynorsk.blocks[0].audience_questions
    assert [(item.kind, item.options) for item in nynorsk.items()] == [
        (ItemKind.CHOICE, ("a", "b")), (ItemKind.OPEN, ())]


def test_a_line_with_spaces_before_a_colon_under_a_heading_stays_text():
    kit = parse_kit("# T\n## Program\n### A\ntype: plenum\nvarighet: 5\nTenk over dette: hva?\n")
    assert kit.blocks[0].description == "Tenk over dette: hva?"


def test_a_choice_items_list_may_be_between_texts_and_numbered_lists_are_options():
    kit = parse_kit("# T\n## Program\n### A\ntype: plenum\nvarighet: 5\n#### V\nid: v\n"
                    "type: flervalg\n\nFør.\n\n* a\n+ b\n3) c\n\nEtter.\n\n```\n- kode\n```\n")
    (item,) = kit.items()
    assert item.options == ("a", "b", "c")
    assert item.text == "Før.\n\n\nEtter.\n\n```\n- kode\n```"


BLOCK = "# T\n## Program\n### A\ntype: plenum\nvarighet: 5\n"  # its items start on line 6
GROUPS = "# T\n## Program\n### A\ntype: gruppearbeid\nvarighet: 5\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("# T\n## Program\n### A\ntype: plenum\nspørsmål fra salen: kanskje\nvarighet: 5\n",
     [(5, "Write «ja» or «nei», not «kanskje».")]),
    ("# T\n## Program\n### A\ntype: gruppearbeid\nspørsmål fra salen: ja\nvarighet: 5\n",
     [(5, "Only plenary and dialogue blocks (type: plenum or dialogtema) can take questions "
          "from the hall (spørsmål fra salen).")]),
    ("# T\n## Program\n### A\ntype: pause\nvarighet: 5\n#### S\nid: s\ntype: skala\n",
     [(6, "Only plenary and dialogue blocks (type: plenum or dialogtema) can have poll "
          "items.")]),
    (GROUPS + "#### S\nid: s\ntype: skala\n",
     [(8, "The group question «S» cannot have a type: poll items belong under a plenary or "
          "dialogue block (type: plenum or dialogtema).")]),
    (BLOCK + "#### S\nid: s\ntype: quiz\n",
     [(8, "Unknown poll item type «quiz». Use skala, flervalg, ordsky or åpent.")]),
    (BLOCK + "#### \nid: s\ntype: åpent\n", [(6, "A poll item has no title.")]),
    (BLOCK + "#### S\ntype: åpent\n", [(6, "The poll item «S» has no id (id: ...).")]),
    (BLOCK + "#### S\nid: S S\ntype: åpent\n",
     [(6, "The id «S S» may only contain a-z, 0-9 and -.")]),
    (BLOCK + "#### S\nid: s\ntype: åpent\n#### T\nid: s\ntype: ordsky\n",
     [(9, "The id «s» is used before (line 6): questions and poll items each need an id of "
          "their own.")]),
    (GROUPS + "#### Q\nid: s\n### B\ntype: plenum\nvarighet: 5\n#### S\nid: s\ntype: åpent\n",
     [(11, "The id «s» is used before (line 6): questions and poll items each need an id of "
           "their own.")]),
    (BLOCK + "#### S\nid: s\ntype: skala\nskala: 0-5\n",
     [(9, "Cannot read the scale «0-5» (write 1-5 or 1-10).")]),
    (BLOCK + "#### S\nid: s\ntype: skala\nytterpunkter: lite\n",
     [(9, "Write the end labels as «low | high» (two labels and a |), not «lite».")]),
    (BLOCK + "#### S\nid: s\ntype: skala\nytterpunkter: a | b | c\n",
     [(9, "Write the end labels as «low | high» (two labels and a |), not «a | b | c».")]),
    (BLOCK + "#### S\nid: s\ntype: skala\nytterpunkter: " + "x" * 61 + " | b\n",
     [(9, "An end label can have at most 60 characters.")]),
    (BLOCK + "#### S\nid: s\ntype: åpent\nskala: 1-5\n",
     [(9, "Only a scale item (type: skala) can have «skala».")]),
    (BLOCK + "#### S\nid: s\ntype: ordsky\nytterpunkter: a | b\n",
     [(9, "Only a scale item (type: skala) can have «ytterpunkter».")]),
    (BLOCK + "#### S\nid: s\ntype: skala\nflere: ja\n",
     [(9, "Only a choice item (type: flervalg) can have «flere».")]),
    (BLOCK + "#### S\nid: s\ntype: flervalg\nflere: to\n\n- a\n- b\n",
     [(9, "Write «ja» or «nei», not «to».")]),
    (BLOCK + "#### S\nid: s\ntype: flervalg\n\n- a\n",
     [(6, "The choice item «S» needs from 2 to 12 options (a Markdown list: - option), "
          "not 1.")]),
    (BLOCK + "#### S\nid: s\ntype: flervalg\n\n" + "".join(f"- {n}\n" for n in range(13)),
     [(6, "The choice item «S» needs from 2 to 12 options (a Markdown list: - option), "
          "not 13.")]),
    (BLOCK + "#### S\nid: s\ntype: flervalg\n\n- a\n-\n- b\n", [(11, "An option is empty.")]),
    (BLOCK + "#### S\nid: s\ntype: flervalg\n\n- a\n- " + "x" * 201 + "\n",
     [(11, "An option can have at most 200 characters.")]),
    (BLOCK + "#### S\nid: s\ntype: flervalg\n\n- a\n- b\n- a\n",
     [(12, "The option «a» is given twice.")]),
    (BLOCK + "#### S\nid: s\ntype: flervalg\n\n- a\n  mer\n- b\n",
     [(11, "Each option is one line: this line continues the option above it.")]),
    (BLOCK + "#### S\nid: s\ntype: flervalg\n\n- a\n- b\nmer\n",
     [(12, "Each option is one line: this line continues the option above it.")]),
    (GROUPS + "#### Q\nid: q\nstemmer: 3\n",
     [(8, "Only a prioritised question (prioriter: ...) can have votes (stemmer).")]),
    (GROUPS + "#### Q\nid: q\nprioriter: 1-3\nstemmer: 11\n",
     [(9, "Cannot read the number of votes «11» (write a number from 1 to 10).")]),
    (GROUPS + "#### Q\nid: q\nprioriter: 1-3\nvotes: mange\n",
     [(9, "Cannot read the number of votes «mange» (write a number from 1 to 10).")]),
    (BLOCK + "## Evaluering\n", [(6, "The evaluation has no items.")]),
    (BLOCK + "## Evaluering\nFyll ut.\n",
     [(6, "Each evaluation item needs its own level-3 heading (### Title) and a type.")]),
    (BLOCK + "## Evaluering\n### Nytte\nid: nytte\n",
     [(7, "The poll item «Nytte» has no type (type: skala, flervalg, ordsky or åpent).")]),
    (BLOCK + "## Evaluering\n### A\nid: a\ntype: åpent\n## Evaluation\n### B\nid: b\n"
     "type: åpent\n",
     [(10, "The section «Evaluation» appears twice (first on line 6).")]),
])
def test_malformed_hall_parts_are_rejected_with_line_and_reason(text, expected):
    assert _errors(text) == expected


def test_a_kit_has_at_most_max_items_poll_items():
    items = "".join(f"### I{n}\nid: i{n}\ntype: åpent\n" for n in range(61))
    assert _errors(PROGRAMME.join(["# T\n", "## Evaluering\n" + items])) == [
        (8 + 3 * 60, "A kit can have at most 60 poll items.")]


def test_evaluation_items_may_contain_level_four_headings_as_text():
    kit = parse_kit("# T\n" + PROGRAMME + "## Evaluering\n### A\nid: a\ntype: åpent\n\n"
                    "#### Tips\nKort.\n")
    assert kit.evaluation[0].text == "#### Tips\nKort."
