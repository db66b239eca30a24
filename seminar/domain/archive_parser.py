"""Read a seminar archive (``seminar.domain.archive``) back, trusting nothing in it.

The archive's typed models say each field's type and size; msgspec checks them (and refuses
unknown keys). This module then checks what types cannot say: every key is unique, every
reference resolves, names are as the app stores them, and (``check_against_kit``) the archive
fits the kit it carries and the app's limits. The first problem is raised as ``ArchiveInvalid``
with its path (``problem``, such as ``seminar.groups[2].name``), so any JSON value gives either
an ``Archive`` or that error.
"""

from collections import Counter
from collections.abc import Callable
from typing import NoReturn

import msgspec

from seminar.domain.archive import (
    FORMAT,
    VERSION,
    Archive,
    ArchivedSeminar,
)
from seminar.domain.codes import normalise_join_code
from seminar.domain.errors import ArchiveInvalid, InvalidInput
from seminar.domain.groups import clean_display_name, clean_group_name
from seminar.domain.kit import ItemKind, Kit
from seminar.domain.limits import (
    MAX_ARCHIVE_ANSWERS,
    MAX_ARCHIVE_POINTS,
    MAX_ARCHIVE_ROWS,
    MAX_ARCHIVE_VERSIONS,
    MAX_BANNED_WORDS,
    MAX_KIT_CHARS,
    MAX_POINTS_PER_QUESTION,
)
from seminar.domain.messages import N_
from seminar.domain.panel import clean_name, clean_question
from seminar.domain.plenary import DisplayMode
from seminar.domain.polls import clean_answer, clean_ban
from seminar.domain.validation import refused


def fail(path: str) -> NoReturn:
    raise ArchiveInvalid(problem=path or "the top level")


def parse_archive(data: object) -> Archive:
    """Return the archive in ``data`` (parsed JSON); raise ``ArchiveInvalid`` otherwise."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        fail("format")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        fail("version")
    _check_size(data.get("seminar"))
    rest = {key: value for key, value in data.items() if key not in ("format", "version")}
    try:
        archive = msgspec.convert(rest, type=Archive, strict=True)
    except msgspec.ValidationError as error:
        fail(refused(error).path[:200])
    _check_names(archive.seminar)
    _check_references(archive.seminar)
    _check_hall_references(archive.seminar)
    return archive


def _check_size(seminar: object) -> None:
    """Name the limit when a file holds more than the app allows (a path would say less)."""
    if not isinstance(seminar, dict):
        return
    points, kit = seminar.get("points"), seminar.get("kit_source")
    if isinstance(points, list) and len(points) > MAX_ARCHIVE_POINTS:
        raise ArchiveInvalid(N_("An archive can have at most %(max)s points."),
                             max=MAX_ARCHIVE_POINTS)
    if isinstance(kit, str) and len(kit) > MAX_KIT_CHARS:
        raise ArchiveInvalid(N_("A kit can have at most %(max)s characters."), max=MAX_KIT_CHARS)
    versions = seminar.get("point_versions")
    if isinstance(versions, list) and len(versions) > MAX_ARCHIVE_VERSIONS:
        raise ArchiveInvalid(N_("An archive can have at most %(max)s earlier versions of "
                                "points."), max=MAX_ARCHIVE_VERSIONS)
    lists = [value for key, value in seminar.items()
             if key not in ("points", "point_versions", "poll_answers")
             and isinstance(value, list)]
    themes = seminar.get("themes")
    themed = [theme.get("points") for theme in themes if isinstance(theme, dict)] \
        if isinstance(themes, list) else []
    rows = sum(map(len, lists)) + sum(len(p) for p in themed if isinstance(p, list))
    _check_answers_size(seminar)
    if rows > MAX_ARCHIVE_ROWS:
        raise ArchiveInvalid(N_("An archive can have at most %(max)s rows besides its points "
                                "(participants, roles, priorities, themes and the like)."),
                             max=MAX_ARCHIVE_ROWS)


def _check_names(seminar: ArchivedSeminar) -> None:
    """The join code, the names and the texts are as the app makes and stores them."""
    if normalise_join_code(seminar.code) != seminar.code:
        fail("seminar.code")
    for index, group in enumerate(seminar.groups):
        if not _unchanged(clean_group_name, group.name):
            fail(f"seminar.groups[{index}].name")
    for index, person in enumerate(seminar.participants):
        if not _unchanged(clean_display_name, person.name):
            fail(f"seminar.participants[{index}].name")
    for index, point in enumerate(seminar.points):
        if not point.text.strip():  # the app refuses a point of only spaces
            fail(f"seminar.points[{index}].text")
    for index, theme in enumerate(seminar.themes):
        if not theme.title.strip():
            fail(f"seminar.themes[{index}].title")
    order = [(removed.removed_at, removed.id) for removed in seminar.removed_questions]
    for index, removed in enumerate(seminar.removed_questions):
        if not removed.title.strip():  # the kit parser gives every question a title
            fail(f"seminar.removed_questions[{index}].title")
        if removed.prioritise is not None and removed.prioritise[0] > removed.prioritise[1]:
            fail(f"seminar.removed_questions[{index}].prioritise")
        if index and order[index] < order[index - 1]:  # as removed: as the store lists them
            fail(f"seminar.removed_questions[{index}]")


def _unchanged(clean: Callable[[object], str], value: str) -> bool:
    try:
        return clean(value) == value
    except InvalidInput:
        return False


def check_against_kit(archive: Archive, kit: Kit) -> None:
    """Refuse an archive whose timers, questions or roles are not those of its kit (or of the
    questions removed from it), or that goes beyond the app's limits.

    The answers, "done" flags, settings, priorities and themes of a removed question stay in
    the file, as they stay in the store; a removed question is not in the kit (one put back
    is a question of the kit again), and the projector shows no removed question."""
    seminar = archive.seminar
    if len(seminar.timers) != len(kit.blocks):
        fail("seminar.timers")
    in_kit = {question.id for question in kit.questions()}
    for index, removed in enumerate(seminar.removed_questions):
        if removed.id in in_kit:
            fail(f"seminar.removed_questions[{index}].id")
    questions = in_kit | {removed.id for removed in seminar.removed_questions}
    for name in ("points", "question_status", "question_settings", "priorities", "themes"):
        for index, item in enumerate(getattr(seminar, name)):
            if item.question not in questions:
                fail(f"seminar.{name}[{index}].question")
    roles = {role.id for role in kit.roles}
    for index, role in enumerate(seminar.roles):
        if role.role not in roles:
            fail(f"seminar.roles[{index}].role")
    display = seminar.display
    if display is not None and display.question is not None \
            and display.question not in in_kit:
        fail("seminar.display.question")
    _check_limits(seminar, kit)
    _check_hall_against_kit(seminar, kit)
    _check_votes_against_kit(seminar, kit)


def _check_limits(seminar: ArchivedSeminar, kit: Kit) -> None:
    """Refuse what the app itself never lets a seminar have (the types already bound the
    number of groups and the lengths of texts): more live points on a question than a group
    may write, picks outside the kit's bounds or on a question without priorities, a summary
    of such a question. (The summary's cost grows with these, so a file must not exceed them.)"""
    live: Counter[tuple[str, str]] = Counter()
    for index, point in enumerate(seminar.points):
        live[(point.group, point.question)] += not point.deleted
        if live[(point.group, point.question)] > MAX_POINTS_PER_QUESTION:
            fail(f"seminar.points[{index}]")
    bounds = {question.id: question.prioritise for question in kit.questions()}
    bounds |= {removed.id: removed.prioritise for removed in seminar.removed_questions}
    for index, picks in enumerate(seminar.priorities):
        bound = bounds[picks.question]
        if bound is None or len(picks.points) > bound[1]:
            fail(f"seminar.priorities[{index}].points")
    display = seminar.display
    if display is not None and display.mode == DisplayMode.SUMMARY \
            and (display.question is None or bounds.get(display.question) is None):
        fail("seminar.display.mode")


# -- references ----------------------------------------------------------------------------------

def _check_references(seminar: ArchivedSeminar) -> None:
    """Keys are unique, and every group, participant and point named exists (and fits)."""
    groups = _unique([group.key for group in seminar.groups], "seminar.groups", ".key")
    _unique([group.name.casefold() for group in seminar.groups], "seminar.groups", ".name")
    people = _unique([person.key for person in seminar.participants], "seminar.participants",
                     ".key")
    _unique([point.key for point in seminar.points], "seminar.points", ".key")
    _unique([removed.id for removed in seminar.removed_questions], "seminar.removed_questions",
            ".id")
    points = {point.key: point for point in seminar.points}
    if not seminar.current_block < len(seminar.timers):
        fail("seminar.current_block")
    if seminar.display is not None:
        _refer(seminar.display.group, groups, "seminar.display.group", may_be_none=True)
    for index, person in enumerate(seminar.participants):
        _refer(person.group, groups, f"seminar.participants[{index}].group", may_be_none=True)
        _refer(person.placed, groups, f"seminar.participants[{index}].placed",
               may_be_none=True)
    for index, role in enumerate(seminar.roles):
        _refer(role.group, groups, f"seminar.roles[{index}].group")
        _refer(role.participant, people, f"seminar.roles[{index}].participant")
    _unique([(r.group, r.round, r.role) for r in seminar.roles], "seminar.roles", "")
    for index, point in enumerate(seminar.points):
        _refer(point.group, groups, f"seminar.points[{index}].group")
        _refer(point.author or None, people, f"seminar.points[{index}].author",
               may_be_none=True)
    for index, version in enumerate(seminar.point_versions):
        _refer(version.point, points, f"seminar.point_versions[{index}].point")
        _refer(version.author or None, people, f"seminar.point_versions[{index}].author",
               may_be_none=True)
    for index, status in enumerate(seminar.question_status):
        _refer(status.group, groups, f"seminar.question_status[{index}].group")
    _unique([(s.group, s.question) for s in seminar.question_status], "seminar.question_status",
            "")
    _unique([s.question for s in seminar.question_settings], "seminar.question_settings", "")
    for index, picks in enumerate(seminar.priorities):
        path = f"seminar.priorities[{index}]"
        _refer(picks.group, groups, f"{path}.group")
        _refer(picks.submitted_by or None, people, f"{path}.submitted_by", may_be_none=True)
        for number, point_key in enumerate(picks.points):  # the group's own, of this question
            _refer(point_key, points, f"{path}.points[{number}]")
            point = points[point_key]
            if (point.group, point.question) != (picks.group, picks.question):
                fail(f"{path}.points[{number}]")
        _unique(list(picks.points), f"{path}.points", "")
    _unique([(p.group, p.question) for p in seminar.priorities], "seminar.priorities", "")
    themed: set[str] = set()  # a point is in one theme at most
    for index, theme in enumerate(seminar.themes):
        for number, point_key in enumerate(theme.points):
            path = f"seminar.themes[{index}].points[{number}]"
            _refer(point_key, points, path)
            if points[point_key].question != theme.question or point_key in themed:
                fail(path)
            themed.add(point_key)
    for index, pair in enumerate(seminar.rejected_pairs):
        for number, point_key in enumerate(pair):
            _refer(point_key, points, f"seminar.rejected_pairs[{index}][{number}]")
    _unique([frozenset(pair) for pair in seminar.rejected_pairs], "seminar.rejected_pairs", "")
    _check_vote_references(seminar, people, points)


# -- the vote across groups ----------------------------------------------------------------------

def _check_votes_against_kit(seminar: ArchivedSeminar, kit: Kit) -> None:
    """A vote is on a question of the kit with ``stemmer``; nobody holds more than its votes."""
    for index, vote in enumerate(seminar.votes):
        question = kit.question(vote.question)
        if question is None or question.prioritise is None or not question.votes:
            fail(f"seminar.votes[{index}].question")
        held: Counter[str] = Counter()
        for number, ballot in enumerate(vote.ballots):
            held[ballot.participant] += 1
            if held[ballot.participant] > question.votes:
                fail(f"seminar.votes[{index}].ballots[{number}]")


def _check_vote_references(seminar: ArchivedSeminar, people: set, points: dict) -> None:
    """One vote per question; its items unique, naming points and themes of the file; each
    ballot a participant's, for an item of the vote, once."""
    _unique([vote.question for vote in seminar.votes], "seminar.votes", ".question")
    for index, vote in enumerate(seminar.votes):
        path = f"seminar.votes[{index}]"
        _unique([item.key for item in vote.items], f"{path}.items", ".key")
        for number, item in enumerate(vote.items):
            kind, _, ref = item.key.partition(":")
            if (kind == "point" and ref not in points) or (
                    kind == "theme" and not 1 <= int(ref) <= len(seminar.themes)):
                fail(f"{path}.items[{number}].key")
        for number, ballot in enumerate(vote.ballots):
            _refer(ballot.participant, people, f"{path}.ballots[{number}].participant")
            if ballot.item >= len(vote.items):
                fail(f"{path}.ballots[{number}].item")
        _unique([(b.participant, b.item) for b in vote.ballots], f"{path}.ballots", "")


# -- the hall's part (issue 16) -------------------------------------------------------------------

def _check_answers_size(seminar: dict) -> None:
    """The poll answers and the upvotes (inside their questions) have a limit of their own."""
    answers, questions = seminar.get("poll_answers"), seminar.get("panel_questions")
    count = len(answers) if isinstance(answers, list) else 0
    if isinstance(questions, list):
        count += sum(len(q["votes"]) for q in questions
                     if isinstance(q, dict) and isinstance(q.get("votes"), list))
    if count > MAX_ARCHIVE_ANSWERS:
        raise ArchiveInvalid(N_("An archive can have at most %(max)s answers to polls and "
                                "upvotes of questions to the panel."), max=MAX_ARCHIVE_ANSWERS)


def _check_hall_references(seminar: ArchivedSeminar) -> None:
    """The questions to the panel and the answers name participants and groups that exist;
    one upvote per person per question, one answer per person per item, one pinned question
    (a visible one); texts as the app stores them; an item closed only after it opened."""
    groups = {group.key for group in seminar.groups}
    people = {person.key for person in seminar.participants}
    pinned = 0
    for index, question in enumerate(seminar.panel_questions):
        path = f"seminar.panel_questions[{index}]"
        _refer(question.author, people, f"{path}.author")
        if not _unchanged(clean_question, question.text):
            fail(f"{path}.text")
        if not _unchanged(clean_name, question.name):
            fail(f"{path}.name")
        if question.pinned and (question.state != "visible" or pinned):
            fail(f"{path}.pinned")
        pinned += question.pinned
        for number, vote in enumerate(question.votes):
            _refer(vote.participant, people, f"{path}.votes[{number}].participant")
        _unique([vote.participant for vote in question.votes], f"{path}.votes", ".participant")
    _unique([state.item for state in seminar.poll_items], "seminar.poll_items", ".item")
    for index, state in enumerate(seminar.poll_items):
        if state.closed_at is not None and (state.opened_at is None
                                            or state.closed_at < state.opened_at):
            fail(f"seminar.poll_items[{index}].closed_at")
    for index, answer in enumerate(seminar.poll_answers):
        _refer(answer.participant, people, f"seminar.poll_answers[{index}].participant")
        _refer(answer.group, groups, f"seminar.poll_answers[{index}].group", may_be_none=True)
    _unique([(a.item, a.participant) for a in seminar.poll_answers], "seminar.poll_answers", "")
    _unique([(b.item, b.word) for b in seminar.poll_bans], "seminar.poll_bans", "")


def _check_hall_against_kit(seminar: ArchivedSeminar, kit: Kit) -> None:
    """Every poll item named is the kit's (one that opens with its block is a block's);
    every answer is one the app would have stored for
    its item (``clean_answer`` leaves it as it is); a hidden answer is an open one; banned
    words are a word cloud's, as the app keeps them, and no more than it allows."""
    items = {item.id: item for item in kit.items()}
    for name in ("poll_items", "poll_answers", "poll_bans"):
        for index, entry in enumerate(getattr(seminar, name)):
            if entry.item not in items:
                fail(f"seminar.{name}[{index}].item")
    evaluation = {item.id for item in kit.evaluation}
    for index, state in enumerate(seminar.poll_items):
        if state.with_block and state.item in evaluation:  # it has no block to open with
            fail(f"seminar.poll_items[{index}].with_block")
    for index, answer in enumerate(seminar.poll_answers):
        item = items[answer.item]
        value = list(answer.value) if isinstance(answer.value, tuple) else answer.value
        try:
            if clean_answer(item, value) != value:
                fail(f"seminar.poll_answers[{index}].value")
        except InvalidInput:
            fail(f"seminar.poll_answers[{index}].value")
        if answer.hidden and item.kind is not ItemKind.OPEN:
            fail(f"seminar.poll_answers[{index}].hidden")
    banned: Counter[str] = Counter()
    for index, ban in enumerate(seminar.poll_bans):
        banned[ban.item] += 1
        if items[ban.item].kind is not ItemKind.WORD_CLOUD or banned[ban.item] > MAX_BANNED_WORDS \
                or not _unchanged(clean_ban, ban.word):
            fail(f"seminar.poll_bans[{index}]")


def _unique(values: list, path: str, suffix: str) -> set:
    """The values as a set; fail at the first one that repeats an earlier one."""
    seen = set()
    for index, value in enumerate(values):
        if value in seen:
            fail(f"{path}[{index}]{suffix}")
        seen.add(value)
    return seen


def _refer(reference: str | None, known: set | dict, path: str, *,
           may_be_none: bool = False) -> None:
    """``reference`` names something in ``known`` (or is None, where that is allowed)."""
    if reference is None and may_be_none:
        return
    if reference not in known:
        fail(path)
