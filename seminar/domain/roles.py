"""Fair, rotating role assignment inside a group: a pure function of members and history.

Rules, in order:
1. Each role goes to a different person while there are enough people; the scribe's role is
   handed out first and, when roles must be combined, the scribe gets no other role (they are
   busy writing). In a group of one, that person holds every role.
2. Among the candidates for a role, the one who has held *that* role least often gets it, then
   the one who has held fewest roles in all, then the one who held it longest ago; what is still
   tied is decided by the random generator passed in (so tests can fix it).

Assignments therefore rotate between group-work blocks: nobody is scribe twice before everyone
has been scribe once.
"""

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import product

from seminar.domain.kit import Role

Assignment = dict[str, str]  # role id → member id
Preference = Callable[[Role, str], tuple[int, int, float, float]]  # lower: better


def assign_roles(members: Sequence[str], roles: Sequence[Role],
                 history: Sequence[Mapping[str, str]], rng: random.Random) -> Assignment:
    """Return who holds which role next, given the earlier assignments (oldest first)."""
    members = list(dict.fromkeys(members))
    if not members or not roles:
        return {}
    ordered = sorted(roles, key=lambda role: not role.writes)  # the scribe first, stable
    held = Counter((role_id, member) for past in history for role_id, member in past.items())
    total = Counter(member for past in history for member in past.values())
    last_held = {(role_id, member): index for index, past in enumerate(history)
                 for role_id, member in past.items()}
    tiebreak = {member: rng.random() for member in members}

    def preference(role: Role, member: str) -> tuple[int, int, float, float]:
        return (held[(role.id, member)], total[member], last_held.get((role.id, member), -1),
                tiebreak[member])

    if len(members) >= len(roles):
        assignment = _distinct(ordered, members, preference)
    else:
        assignment = _combined(ordered, members, preference)
    return {role.id: assignment[role.id] for role in roles}


def _distinct(roles: list[Role], members: list[str], preference: Preference) -> Assignment:
    """One person per role: the combination with the fewest repeats, the scribe's first."""
    pools = [sorted(members, key=_by(preference, role))[:len(roles) + 1] for role in roles]
    best: tuple[str, ...] | None = None
    best_cost: tuple[float, ...] | None = None
    for people in product(*pools):
        if len(set(people)) < len(people):
            continue
        scores = [preference(role, person) for role, person in zip(roles, people, strict=True)]
        writes = [score[0] for role, score in zip(roles, scores, strict=True) if role.writes]
        cost = (sum(writes), sum(score[0] for score in scores),
                max(score[0] for score in scores), sum(score[1] for score in scores),
                sum(score[2] for score in scores), sum(score[3] for score in scores))
        if best_cost is None or cost < best_cost:
            best, best_cost = people, cost
    if best is None:  # cannot happen: each pool holds len(roles) + 1 people or everyone
        raise ValueError("no distinct assignment of roles")
    return {role.id: person for role, person in zip(roles, best, strict=True)}


def _combined(roles: list[Role], members: list[str], preference: Preference) -> Assignment:
    """Fewer people than roles: everyone gets one, the scribe only writes, the rest share."""
    assignment: Assignment = {}
    load: Counter[str] = Counter()
    scribe: str | None = None
    for role in roles:
        candidates = [m for m in members if load[m] == 0]
        if not candidates:
            candidates = [m for m in members if m != scribe] or members
            fewest = min(load[m] for m in candidates)
            candidates = [m for m in candidates if load[m] == fewest]
        chosen = min(candidates, key=_by(preference, role))
        assignment[role.id] = chosen
        load[chosen] += 1
        if role.writes:
            scribe = chosen
    return assignment


def _by(preference: Preference, role: Role) -> Callable[[str], tuple[int, int, float, float]]:
    """The sort key of members for ``role``: its preference, lowest first."""
    return lambda member: preference(role, member)
