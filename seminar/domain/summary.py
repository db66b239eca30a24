"""The compiled summary: every group's priorities ranked across groups, and themes.

The ranking rule (documented for organisers in docs/summary.md): on a question where each group
picks up to ``high`` points, a group's first pick weighs ``high``, its second ``high - 1``, and
so on (with 1–3: 3, 2 and 1). A theme is a set of similar points from any groups that the
facilitator gathered under a title; its weight is the sum of its points' weights, and it counts
every group behind them. Themes and the picked points that are in no theme are ranked together:
by weight, then by how many groups stand behind them, then by their first appearance. Items
with the same weight and the same number of groups share a rank (1, 2, 2, 4).

Likely duplicates are suggested by word overlap after a light Norwegian normalisation (lower
case, no stop words, common endings removed); the facilitator accepts or rejects each.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import combinations

MAX_SUGGESTION_POINTS = 500  # duplicates are looked for among a question's first 500 points


@dataclass(frozen=True)
class Pick:
    """A point as the summary sees it."""

    point: str  # id
    group: int
    text: str
    rank: int | None = None  # 1 for the group's first priority; None when not picked


@dataclass(frozen=True)
class RankedItem:
    """A line of the ranking: a theme, or a picked point in no theme."""

    rank: int
    title: str
    weight: int
    groups: tuple[int, ...]  # in the order they first appear
    points: tuple[Pick, ...]
    theme: int | None = None  # the theme's id, for a theme


def weight(rank: int | None, high: int) -> int:
    """What one pick counts: ``high`` for a group's first priority, down to 1; 0 if unpicked."""
    if rank is None or not 1 <= rank <= high:
        return 0
    return high - rank + 1


def rank_items(picks: list[Pick], themes: dict[int, tuple[str, list[str]]], high: int
               ) -> list[RankedItem]:
    """The ranking of one question: themes (``{id: (title, point ids)}``) and picked points
    outside every theme, most weight first. ``picks`` is in the groups' and points' order."""
    by_id = {pick.point: pick for pick in picks}
    order = _order(picks)
    themed = {point for _, members in themes.values() for point in members}
    candidates: list[tuple[str, tuple[Pick, ...], int | None]] = []
    for theme_id, (title, members) in themes.items():
        points = tuple(by_id[p] for p in sorted(members, key=order) if p in by_id)
        if points:
            candidates.append((title, points, theme_id))
    candidates += [(pick.text, (pick,), None) for pick in picks
                   if pick.rank is not None and pick.point not in themed]
    scored = []
    for title, points, in_theme in candidates:
        total = sum(weight(p.rank, high) for p in points)
        groups = tuple(dict.fromkeys(p.group for p in points))
        first = min(order(p.point) for p in points)
        scored.append((-total, -len(groups), first, title, points, in_theme, total, groups))
    scored.sort(key=lambda item: item[:3])
    return rerank([RankedItem(0, title, total, groups, points, in_theme)
                   for *_, title, points, in_theme, total, groups in scored])


def rerank(items: list[RankedItem]) -> list[RankedItem]:
    """Number items already in ranking order: equal weight and equal groups share a rank
    (1, 2, 2, 4). Also used when some items are left out (the big screen's hidden points)."""
    ranked: list[RankedItem] = []
    for position, item in enumerate(items, start=1):
        tied = ranked and (ranked[-1].weight, len(ranked[-1].groups)) == (
            item.weight, len(item.groups))
        ranked.append(replace(item, rank=ranked[-1].rank if tied else position))
    return ranked


def _order(picks: list[Pick]):
    positions = {pick.point: index for index, pick in enumerate(picks)}
    return lambda point: positions.get(point, len(positions))


# -- likely duplicates ---------------------------------------------------------------------------

_STOP_WORDS_TEXT = """
alle at av bare begge ble bli blir da de deg dei deira deires dem den denne der dere deres det
dette di din disse ditt du dykk eg ein eit eitt eller elles en enn er et ett etter for fordi fra
før ha hadde han hans har hennar henne hennes her hjå ho hoe honom hoss hossen hun hva hvem hver
hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen inn inni ja jeg kan kom korleis
kva kvar kven kvi man mange me med meg mellom men mer mest min mine mitt mot mykje ned no noe
noen nok nå og også om opp oss over på samme seg selv si sia sidan siden sin sine sitt sjøl skal
skulle slik som så sånn til um upp ut uten var vart ved vi vil ville vore vors vår våre vårt å
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_SUFFIXES = ("ingene", "ingen", "ende", "ene", "ane", "else", "ing", "het", "ert", "er", "en",
             "et", "ar", "e", "a")
_WORD = re.compile(r"[^\W\d_]+")


def normalised_words(text: str) -> frozenset[str]:
    """The content words of a point: lower case, without stop words and common endings."""
    words = set()
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).casefold()):
        if word in STOP_WORDS or len(word) < 3:
            continue
        words.add(stem(word))
    return frozenset(words)


def stem(word: str) -> str:
    """A lower-case word without its common Norwegian ending (the first that leaves at least
    three letters): ``samarbeidet`` and ``samarbeid`` are one word (the word cloud uses it too)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Word overlap (Jaccard) of two normalised points."""
    return len(a & b) / len(a | b) if a and b else 0.0


def suggest_duplicates(picks: list[Pick], theme_of: dict[str, int],
                       rejected: set[frozenset[str]], threshold: float = 0.5
                       ) -> list[tuple[Pick, Pick, float]]:
    """Pairs of points from different groups that likely say the same, most similar first;
    without pairs already in one theme (``theme_of``: point → theme) and pairs the facilitator
    rejected. Only the first ``MAX_SUGGESTION_POINTS`` points are compared (pairs grow with the
    square of the points)."""
    picks = picks[:MAX_SUGGESTION_POINTS]
    words = {pick.point: normalised_words(pick.text) for pick in picks}
    found = []
    for a, b in combinations(picks, 2):
        if a.group == b.group or (a.point in theme_of and theme_of.get(b.point)
                                  == theme_of[a.point]):
            continue
        if frozenset((a.point, b.point)) in rejected:
            continue
        score = similarity(words[a.point], words[b.point])
        if score >= threshold and len(words[a.point] & words[b.point]) >= 1:
            found.append((a, b, round(score, 2)))
    found.sort(key=lambda item: -item[2])
    return found
