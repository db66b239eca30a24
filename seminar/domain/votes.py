"""The vote across groups: after the summary of a prioritised question with ``stemmer: N`` is
compiled, every person gets N votes to give to its items, at most one per item.

The items are frozen when the facilitator opens the vote (a theme renamed or a point added
afterwards does not move what people vote on): each is a key (``theme:<id>`` or
``point:<id>``), its title and the rank the groups' own priorities gave it
(``seminar.domain.summary.rank_items``). A person may take a vote back and give it to another
item until the vote closes; a closed vote refuses every change.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from seminar.domain.errors import InvalidInput, NotFound, SeminarError
from seminar.domain.messages import N_
from seminar.domain.summary import RankedItem


class VoteClosed(SeminarError):
    code = "vote_closed"
    template = N_("The vote is closed, so your vote was not counted.")


class NoVotesLeft(SeminarError):
    code = "no_votes_left"
    template = N_("You have used all your %(votes)s votes. Take one back to vote for another "
                  "item.")


class VoteNotFound(NotFound):
    code = "vote_not_found"
    template = N_("There is no vote on that question.")


@dataclass(frozen=True)
class VoteItem:
    """One thing to vote for, as it was when the vote opened."""

    key: str  # theme:<id> or point:<id>
    title: str
    rank: int  # the groups' own rank (ties share one)

    def as_json(self) -> dict:
        return {"key": self.key, "title": self.title, "rank": self.rank}

    @classmethod
    def from_json(cls, value: dict) -> "VoteItem":
        return cls(str(value["key"]), str(value["title"]), int(value["rank"]))


def item_key(item: RankedItem) -> str:
    """``theme:<id>`` for a theme, ``point:<id>`` for a picked point outside every theme."""
    return f"theme:{item.theme}" if item.theme is not None else f"point:{item.points[0].point}"


def freeze_items(ranking: Sequence[RankedItem]) -> tuple[VoteItem, ...]:
    """The vote's items: the summary's ranking as it is now, in its order."""
    return tuple(VoteItem(item_key(item), item.title, item.rank) for item in ranking)


def cast(mine: Iterable[str], item: str, up: bool, allowed: int,
         items: Sequence[VoteItem], is_open: bool) -> frozenset[str]:
    """A person's votes after giving (``up``) or taking back a vote for ``item``.

    ``mine`` are the keys the person voted for; at most ``allowed`` of them, each once. Giving
    a vote already given, or taking back one not given, changes nothing (a phone resending
    after a reconnect is not refused)."""
    if not is_open:
        raise VoteClosed()
    if item not in {entry.key for entry in items}:
        raise InvalidInput(N_("That item is not in the vote."))
    votes = frozenset(mine)
    if not up:
        return votes - {item}
    if item in votes:
        return votes
    if len(votes) >= allowed:
        raise NoVotesLeft(votes=allowed)
    return votes | {item}


@dataclass(frozen=True)
class Tally:
    """How many votes each item has and how many people voted."""

    votes: dict[str, int]
    voters: int

    def as_json(self, items: Sequence[VoteItem]) -> dict:
        return {"voters": self.voters, "cast": sum(self.votes.values()),
                "items": [{**entry.as_json(), "votes": self.votes.get(entry.key, 0)}
                          for entry in items]}


def tally(items: Sequence[VoteItem], ballots: Iterable[tuple[str, str]]) -> Tally:
    """Count ``ballots`` (``(person, item key)`` pairs) for the vote's ``items``; a ballot for
    an item not in the vote is not counted."""
    keys = {entry.key for entry in items}
    counted = [(person, key) for person, key in set(ballots) if key in keys]
    per_item = Counter(key for _, key in counted)
    return Tally({entry.key: per_item.get(entry.key, 0) for entry in items},
                 len({person for person, _ in counted}))
