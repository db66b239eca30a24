"""Polls, word clouds and the evaluation: what an answer may be, and the tallies of the answers.

Every person answers for themselves (not the group's scribe), once per item: a new answer
replaces their earlier one. The tallies never name anyone; where the seminar has groups they
are also broken down by the group each person was in when they answered.

A word cloud counts words after a light normalisation, so that "Samarbeid", "samarbeidet" and
" samarbeid " are one word: lower case, the common Norwegian endings removed (the summary's
stemmer, ``seminar.domain.summary.stem``), common Norwegian and English words left out, and the
words the facilitator banned for the item left out. The cloud shows each word in the form most
people wrote it.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from seminar.domain.errors import InvalidInput, NotFound, SeminarError
from seminar.domain.kit import ItemKind, PollItem
from seminar.domain.limits import (
    CLOUD_WORDS,
    MAX_OPEN_ANSWER_CHARS,
    MAX_OPEN_LISTED,
    MAX_WORD_CHARS,
    MAX_WORDS_PER_ANSWER,
)
from seminar.domain.messages import N_
from seminar.domain.programme import Programme
from seminar.domain.summary import STOP_WORDS as NORWEGIAN_STOP_WORDS
from seminar.domain.summary import stem

DEFAULT_SCALE = (1, 5)

_ENGLISH_STOP_WORDS_TEXT = """
a about after all also an and any are as at be because been but by can could did do does for
from had has have he her him his how i if in into is it its just me more most my no not of on
one or our out so some than that the their them then there these they this to too up us very
was we were what when where which who why will with would you your
"""
STOP_WORDS = NORWEGIAN_STOP_WORDS | frozenset(_ENGLISH_STOP_WORDS_TEXT.split())
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits ("5G", "2030" are words)


class PollClosed(SeminarError):
    code = "poll_closed"
    template = N_("This question is closed, so your answer was not saved.")


class ItemNotFound(NotFound):
    code = "item_not_found"
    template = N_("There is no such poll.")


@dataclass(frozen=True)
class Answer:
    """One person's stored answer to one item (``value`` as ``clean_answer`` made it)."""

    id: int
    group: int | None  # the person's group when they answered
    value: object
    hidden: bool = False  # an open answer the facilitator took off the big screen
    updated_at: float = 0.0


# -- what an answer may be ----------------------------------------------------------------------

def clean_answer(item: PollItem, value: object) -> object:
    """The answer to store for ``value`` (``InvalidInput`` with what is wrong): a scale's
    number in its range, a choice's distinct option indexes (exactly one unless several are
    allowed) in order, a word cloud's one to three words, an open answer's text."""
    if item.kind is ItemKind.SCALE:
        low, high = item.scale or DEFAULT_SCALE
        if not _is_int(value) or not low <= value <= high:  # type: ignore[operator]
            raise InvalidInput(N_("Choose a number from %(low)s to %(high)s."),
                               low=low, high=high)
        return value
    if item.kind is ItemKind.CHOICE:
        return _clean_choice(item, value)
    if item.kind is ItemKind.WORD_CLOUD:
        return _clean_words(value)
    text = _clean_text(value)
    if not text:
        raise InvalidInput(N_("Write an answer first."))
    if len(text) > MAX_OPEN_ANSWER_CHARS:
        raise InvalidInput(N_("An answer can be at most %(max)s characters."),
                           max=MAX_OPEN_ANSWER_CHARS)
    return text


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clean_choice(item: PollItem, value: object) -> list[int]:
    if _is_int(value):
        value = [value]
    wrong = (N_("Choose one or more of the options.") if item.multiple
             else N_("Choose one of the options."))
    if not isinstance(value, list) or not value or not all(_is_int(v) for v in value):
        raise InvalidInput(wrong)
    if len(set(value)) != len(value) or not all(0 <= v < len(item.options) for v in value):
        raise InvalidInput(wrong)
    if len(value) > 1 and not item.multiple:
        raise InvalidInput(wrong)
    return sorted(value)


def _clean_words(value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(N_("Write one to %(max)s words."), max=MAX_WORDS_PER_ANSWER)
    words = [word for word in (_clean_text(v) for v in value) if word]
    if not 1 <= len(words) <= MAX_WORDS_PER_ANSWER:
        raise InvalidInput(N_("Write one to %(max)s words."), max=MAX_WORDS_PER_ANSWER)
    if any(len(word) > MAX_WORD_CHARS for word in words):
        raise InvalidInput(N_("A word can be at most %(max)s characters."), max=MAX_WORD_CHARS)
    return words


def _clean_text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(N_("Write an answer first."))
    text = unicodedata.normalize("NFC", value)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return " ".join(text.split())


def clean_ban(word: object) -> str:
    """A word the facilitator bans from a word cloud, as it is kept (lower case)."""
    if not isinstance(word, str) or word_key(word) is None:
        raise InvalidInput(N_("Name a word the cloud counts."))
    text = _clean_text(word).casefold()
    if len(text) > MAX_WORD_CHARS:
        raise InvalidInput(N_("A word can be at most %(max)s characters."), max=MAX_WORD_CHARS)
    return text


# -- word normalisation --------------------------------------------------------------------------

def word_key(word: str) -> str | None:
    """What a word cloud counts ``word`` as: its words in lower case, stemmed, without common
    words (``None`` if nothing is left: "og", "the")."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", word).casefold())
    kept = [stem(token) for token in tokens if token not in STOP_WORDS]
    return " ".join(kept) or None


def _shown_form(word: str) -> str:
    return " ".join(_TOKEN.findall(unicodedata.normalize("NFKC", word).casefold()))


# -- tallies -------------------------------------------------------------------------------------

def tally(item: PollItem, answers: Iterable[Answer], *, banned: Iterable[str] = (),
          public: bool = True) -> dict:
    """The results of ``item``: ``count`` (how many answered) and, by kind, a scale's
    ``distribution`` (a count per value, low to high) and ``mean``, a choice's count per option
    (``options``), a word cloud's top ``words`` (``{word, count}``, most first), or the open
    answers (``answers``, newest first). ``public`` is what the big screen may show: no hidden
    open answers and no ban list; otherwise (the facilitator) hidden answers are marked."""
    answers = list(answers)
    result: dict = {"kind": str(item.kind), "count": len(answers)}
    if item.kind is ItemKind.SCALE:
        return {**result, **_scale(item, answers)}
    if item.kind is ItemKind.CHOICE:
        counts = Counter(v for a in answers for v in _ints(a.value))
        return {**result, "options": [counts[i] for i in range(len(item.options))]}
    if item.kind is ItemKind.WORD_CLOUD:
        banned = sorted(set(banned))
        words = top_words(answers, banned)
        return {**result, "words": words} if public else {**result, "words": words,
                                                           "banned": banned}
    return {**result, "answers": _open(answers, public)}


def _ints(value: object) -> list[int]:
    if _is_int(value):
        return [value]  # type: ignore[list-item]
    return [v for v in value if _is_int(v)] if isinstance(value, list) else []


def _scale(item: PollItem, answers: list[Answer]) -> dict:
    low, high = item.scale or DEFAULT_SCALE
    values = [a.value for a in answers if _is_int(a.value) and low <= a.value <= high]  # type: ignore[operator]
    counts = Counter(values)
    mean = round(math.fsum(values) / len(values), 2) if values else None  # type: ignore[arg-type]
    return {"scale": [low, high], "distribution": [counts[v] for v in range(low, high + 1)],
            "mean": mean}


def top_words(answers: Iterable[Answer], banned: Iterable[str] = (), limit: int = CLOUD_WORDS
              ) -> list[dict]:
    """The cloud's ``limit`` most written words (each person counts a word once), most first,
    then alphabetically; each in the form most people wrote it."""
    banned_keys = {word_key(word) for word in banned}
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for answer in answers:
        seen = set()
        for word in answer.value if isinstance(answer.value, list) else ():
            key = word_key(word) if isinstance(word, str) else None
            if key is None or key in banned_keys or key in seen:
                continue
            seen.add(key)
            counts[key] += 1
            forms.setdefault(key, Counter())[_shown_form(word)] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{"word": _most_common(forms[key]), "count": count} for key, count in ranked]


def _most_common(forms: Counter[str]) -> str:
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _open(answers: list[Answer], public: bool) -> list[dict]:
    newest = sorted(answers, key=lambda a: (-a.updated_at, -a.id))
    if public:
        return [{"id": a.id, "text": a.value} for a in newest if not a.hidden][:MAX_OPEN_LISTED]
    return [{"id": a.id, "text": a.value, "hidden": a.hidden} for a in newest][:MAX_OPEN_LISTED]


def breakdown(item: PollItem, answers: Sequence[Answer], groups: Mapping[int, str], *,
              banned: Iterable[str] = (), public: bool = True) -> list[dict]:
    """The results per group (``{group, name, results}``), in the order of ``groups`` (id →
    name), each group that has answers; the answers of people in no group (or a group since
    removed) last, with ``group`` and ``name`` null."""
    banned = list(banned)
    by_group: dict[int | None, list[Answer]] = {}
    for answer in answers:
        by_group.setdefault(answer.group if answer.group in groups else None, []).append(answer)
    order: list[int | None] = [*groups, None]
    return [{"group": group, "name": groups.get(group) if group is not None else None,
             "results": tally(item, by_group[group], banned=banned, public=public)}
            for group in order if group in by_group]


# -- items that open with their block ------------------------------------------------------------

@dataclass(frozen=True)
class BlockFollowing:
    """What a programme command means for the items that open with their block: the block
    whose items open (it has just started, for the first time) and the block whose items close
    (the programme has left it). Either may be ``None``."""

    opens: int | None
    closes: int | None


def follow_block(before: Programme, after: Programme) -> BlockFollowing:
    """Items marked to open with their block open when the block first starts and close when
    the programme moves away from it. A block resumed after a pause, or gone back to, does not
    open them again: the facilitator may have closed them on purpose."""
    closes = before.current if after.current != before.current else None
    first_start = (after.timers[after.current].started_at is not None
                   and before.timers[after.current].started_at is None)
    return BlockFollowing(after.current if first_start else None, closes)
