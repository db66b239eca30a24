"""The vote across groups in the JSON archive: each vote's items as frozen when it opened, named
by the file's keys (``point:<key>``, ``theme:<n>``, or ``gone:<n>`` for a theme or point that no
longer exists), and who voted for what; put back with the restored themes' and points' ids."""

from collections.abc import Callable

from seminar.domain.archive import ArchivedBallot, ArchivedVote, ArchivedVoteItem
from seminar.domain.kit import Kit
from seminar.domain.votes import VoteItem
from seminar.store import Store
from seminar.store.rows import Row
from seminar.store.votes import Ballot, VoteRecord


def vote_rows(store: Store, seminar_id: int) -> list[tuple[VoteRecord, list[Ballot]]]:
    """Every vote with its ballots (inside the caller's read)."""
    return [(vote, store.votes.ballots(seminar_id, vote.question_id))
            for vote in store.votes.all(seminar_id)]


def archived_votes(kit: Kit, votes: list[tuple[VoteRecord, list[Ballot]]], themes: list[Row],
                   person_key: dict[str, str], point_key: Callable[[str], str | None]
                   ) -> tuple[ArchivedVote, ...]:
    """The votes on the kit's questions with ``stemmer``, items and people named by the file's
    keys (an item whose theme or point is gone becomes ``gone:<n>``)."""
    theme_number = {row["id"]: n for n, row in enumerate(themes, start=1)}
    archived = []
    for vote, ballots in votes:
        question = kit.question(vote.question_id)
        if question is None or question.prioritise is None or not question.votes:
            continue
        keys = [_file_key(item.key, n, theme_number, point_key)
                for n, item in enumerate(vote.items, start=1)]
        index = {item.key: n for n, item in enumerate(vote.items)}
        archived.append(ArchivedVote(
            vote.question_id,
            tuple(ArchivedVoteItem(key, item.title, item.rank)
                  for key, item in zip(keys, vote.items, strict=True)),
            vote.opened_at, vote.closed_at,
            tuple(sorted((ArchivedBallot(person_key[b.participant_id], index[b.item_key],
                                         b.cast_at)
                          for b in ballots
                          if b.participant_id in person_key and b.item_key in index),
                         key=lambda b: (b.cast_at, int(b.participant[1:]), b.item)))))
    return tuple(archived)


def _file_key(key: str, n: int, theme_number: dict[int, int],
              point_key: Callable[[str], str | None]) -> str:
    kind, _, ref = key.partition(":")
    if kind == "theme" and ref.isdigit() and int(ref) in theme_number:
        return f"theme:{theme_number[int(ref)]}"
    found = point_key(ref) if kind == "point" else None
    return f"point:{found}" if found is not None else f"gone:{n}"


def restore_vote(store: Store, seminar_id: int, vote: ArchivedVote, person_id: dict[str, str],
                  point_id: dict[str, str]) -> None:
    """Put one vote back, its items named by the restored themes' and points' new ids."""
    themes = [theme.id for theme in store.summary.themes(seminar_id)]  # in the file's order
    items = []
    for item in vote.items:
        kind, _, ref = item.key.partition(":")
        key = f"point:{point_id[ref]}" if kind == "point" else \
            f"theme:{themes[int(ref) - 1]}" if kind == "theme" else item.key
        items.append(VoteItem(key, item.title, item.rank))
    store.votes.restore(seminar_id, vote.question, tuple(items), vote.opened_at, vote.closed_at,
                        [Ballot(person_id[b.participant], items[b.item].key, b.cast_at)
                         for b in vote.ballots])
