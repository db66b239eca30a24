"""Build the seminar report that every export writes (see ``seminar.domain.report``)."""

from seminar.domain.kit import Question
from seminar.domain.report import (
    Report,
    ReportBlock,
    ReportGroup,
    ReportPoint,
    ReportQuestion,
    ReportVote,
)
from seminar.domain.votes import tally
from seminar.services.hall_report import panel_questions, poll_items
from seminar.services.seminars import Seminar, find_seminar
from seminar.services.summary import question_points, ranking
from seminar.store import Store


def build_report(store: Store, code: str, now: float, *, include_names: bool = False) -> Report:
    """Everything about seminar ``code`` as it is now; participants' names only if asked."""
    seminar = find_seminar(store, code)
    kit = seminar.kit
    with store.read():
        questions = tuple(_question(store, seminar, block.title, question)
                          for block in kit.blocks for question in block.questions)
        in_kit = {question.id for question in kit.questions()}
        removed = tuple(_question(store, seminar, gone.block_title, gone.question,
                                  removed_at=gone.removed_at)
                        for gone in store.seminars.removed_questions(seminar.record.id)
                        if gone.question.id not in in_kit)  # put back: a live one again
        people = store.groups.participants(seminar.record.id)
        groups = tuple(_group(store, seminar, group, [p for p in people if p.group_id == group.id],
                              include_names)
                       for group in store.groups.all(seminar.record.id))
        panel, approval = panel_questions(store, seminar, include_names)
        polls, evaluation = poll_items(store, seminar)
    return Report(
        title=kit.title, code=seminar.code, date=kit.date, place=kit.place,
        organiser=kit.organiser, subject=kit.subject, generated_at=now,
        include_names=include_names, programme=_programme(seminar, now), groups=groups,
        questions=questions, removed_questions=removed, panel=panel, panel_approval=approval,
        polls=polls, evaluation=evaluation)


def _programme(seminar: Seminar, now: float) -> tuple[ReportBlock, ...]:
    programme = seminar.programme
    return tuple(
        ReportBlock(title=block.title, kind=str(block.kind), day=block.day,
                    planned_start=block.start, planned_minutes=block.duration // 60,
                    started_at=timer.started_at,
                    ran_minutes=None if timer.started_at is None
                    else round(timer.elapsed(now) / 60, 1),
                    status=str(status))
        for block, timer, status in zip(programme.blocks, programme.timers,
                                        programme.statuses(), strict=True))


def _question(store: Store, seminar: Seminar, block_title: str, question: Question, *,
              removed_at: float | None = None) -> ReportQuestion:
    found = question_points(store, seminar, question.id)
    theme_titles = {point: title for title, members in found.themes.values()
                    for point in members}
    times = {point.id: (point.created_at, point.updated_at)
             for group_id in found.group_names
             for point in store.answers.points(group_id, question.id)}
    points = tuple(
        ReportPoint(id=pick.point, group=found.group_names[pick.group], text=pick.text,
                    priority=pick.rank, theme=theme_titles.get(pick.point),
                    created_at=times[pick.point][0], updated_at=times[pick.point][1])
        for pick in found.picks)
    return ReportQuestion(id=question.id, title=question.title, text=question.text,
                          block=block_title, prioritise=question.prioritise, points=points,
                          ranking=tuple(ranking(found, question.prioritise)),
                          group_names=found.group_names, removed_at=removed_at,
                          vote=_vote(store, seminar, question))


def _vote(store: Store, seminar: Seminar, question: Question) -> ReportVote | None:
    """The vote across groups on ``question``, if one was opened (inside the caller's read)."""
    record = store.votes.get(seminar.record.id, question.id)
    if record is None:
        return None
    ballots = store.votes.ballots(seminar.record.id, question.id)
    counted = tally(record.items, [(b.participant_id, b.item_key) for b in ballots])
    return ReportVote(allowed=question.votes or 0, opened_at=record.opened_at,
                      closed_at=record.closed_at, voters=counted.voters, votes=counted.votes)


def _group(store: Store, seminar: Seminar, group, members: list, include_names: bool
           ) -> ReportGroup:
    if not include_names:
        return ReportGroup(group.name, (), len(members), ())
    names = {p.id: p.name or "–" for p in members}
    rounds = store.groups.role_rounds(group.id)
    role_names = {role.id: role.name for role in seminar.kit.roles}
    roles = tuple((role_names.get(role, role), names[holder])
                  for role, holder in (rounds[-1] if rounds else {}).items() if holder in names)
    return ReportGroup(group.name, tuple(names.values()), len(members), roles)
