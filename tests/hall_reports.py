"""A seminar whose hall took part (issue 16), made through the services: questions to the panel
(one hidden, one answered, one pinned, with votes), a scale, a choice, a word cloud with a
banned word and an open question with a hidden answer on the opening block, and a two-item
evaluation; answered by Kari and Ola (Bærum), Per (Sør-Fron) and a phone in no group.

Shared by ``test_hall_report`` (the report and every export) and ``test_archive`` (the
archive's round trip).
"""

from seminar.services import panel, polls
from seminar.services.seminars import Seminar, create_seminar
from seminar.store import Store
from tests.conftest import NOW, SHORT_KIT
from tests.services_fixtures import kari_ola_and_per

_ITEMS = """\
Velkommen til **samlingen**.

#### Hvor nyttig var samtalen?
id: nytte-samtale
type: skala
skala: 1-5
ytterpunkter: lite nyttig | svært nyttig

#### Hvilke tema vil du høre mer om?
id: tema
type: flervalg
flere: ja

- Samarbeid med skolen
- =Rekruttering
- Finansiering

#### Ett ord om dagen så langt
id: ett-ord
type: ordsky

#### Hva tenker du nå?
id: tanker
type: åpent
"""
_EVALUATION = """
## Evaluering

### Hvor nyttig var dagen?
id: nytte
type: skala
skala: 1-10
ytterpunkter: ikke nyttig | svært nyttig

### Hva tar du med deg hjem?
id: med-hjem
type: åpent
"""
HALL_KIT = SHORT_KIT.replace("varighet: 10 min\n", "varighet: 10 min\nspørsmål fra salen: ja\n",
                             1).replace("Velkommen til **samlingen**.\n", _ITEMS, 1) + _EVALUATION
assert HALL_KIT.count("spørsmål fra salen") == 1 and "id: tanker" in HALL_KIT

PANEL = [  # (who, text, name, voters, moderation)
    ("kari", "Hvordan følger dere opp?", "Kari", ("ola", "per", "solo"), "answered"),
    ("per", "=HYPERLINK(\"http://x\") <b>fet</b>", "", ("kari",), None),
    ("ola", "Hva med økonomien?", "", ("kari", "per"), "pin"),
    ("solo", "Tull og tøys", "", (), "hide"),
]
SCALE = {"kari": 4, "ola": 5, "per": 2, "solo": 3}
CHOICE = {"kari": [0, 1], "ola": [1], "per": [2]}
WORDS = {"kari": ["Samarbeid", "tull"], "ola": ["samarbeidet"], "per": ["Tillit", "samarbeid"]}
OPEN = {"kari": "Mer tid til **dialog**", "per": "<script>alert(1)</script>"}
USEFUL = {"kari": 8, "per": 6}
TAKE_HOME = {"ola": "Nye kontakter"}


def hall_seminar(store: Store) -> tuple[Seminar, dict]:
    """The seminar and its people (participant ids by name; "solo" is in no group; the
    facilitator key under "key")."""
    seminar, key = create_seminar(store, "hall.md", HALL_KIT, NOW)
    people = kari_ola_and_per(store, seminar, "Bærum", "Sør-Fron")
    people["solo"] = "solo-participant"
    people["key"] = key
    panel.set_approval(store, seminar, True)
    for n, (who, text, name, voters, action) in enumerate(PANEL):
        question, _ = panel.ask(store, seminar, people[who], text, name, NOW + n)
        panel.moderate(store, seminar, question, "approve")
        for voter in voters:
            panel.vote(store, seminar, people[voter], question, True, NOW + 10 + n)
        if action:
            panel.moderate(store, seminar, question, action)
    panel.set_approval(store, seminar, False)
    panel.ask(store, seminar, people["per"], "Kommer det mer?", "Per", NOW + 20)
    for item, answers in (("nytte-samtale", SCALE), ("tema", CHOICE), ("ett-ord", WORDS),
                          ("tanker", OPEN), ("nytte", USEFUL), ("med-hjem", TAKE_HOME)):
        polls.open_item(store, seminar, item, NOW + 30)
        for n, (who, value) in enumerate(answers.items()):
            polls.answer_item(store, seminar, people[who], item, value, NOW + 31 + n)
        if item != "med-hjem":  # the evaluation's open question stays open
            polls.close_item(store, seminar, item, NOW + 40)
    polls.ban_word(store, seminar, "ett-ord", "tull")
    [hidden] = [a.id for a in store.polls.answers(seminar.record.id, "tanker")
                if a.value == OPEN["per"]]
    polls.hide_answer(store, seminar, "tanker", hidden, True)
    return seminar, people
