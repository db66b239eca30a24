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

A role someone holds is only ever handed on with their consent (or by the facilitator): a
member asks, and the request waits for the holder's answer (``waiting_requests``).
"""

import random
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence

from seminar.domain.kit import Role

Assignment = dict[str, str]  # role id → member id
Preference = Callable[[Role, str], tuple[int, int, int, float]]


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

    def preference(role: Role, member: str) -> tuple[int, int, int, float]:
        return (held[(role.id, member)], total[member], last_held.get((role.id, member), -1),
                tiebreak[member])

    if len(members) >= len(roles):
        assignment = _distinct(ordered, members, preference)
    else:
        assignment = _combined(ordered, members, preference)
    return {role.id: assignment[role.id] for role in roles}


def _distinct(roles: list[Role], members: list[str], preference: Preference) -> Assignment:
    """One person per role: the combination with the fewest repeats, the scribe's first.

    The choice is a minimum-cost assignment of roles to members, solved exactly in
    O(roles² × members) steps (``_cheapest_assignment``). The cost of a combination compares,
    in this order: how often the scribe has written before, how often each has held their
    role before (in all, then the sum of the squares, which spreads repeats evenly), how many
    roles they have held in all, how recently they held their role, and the random tie-break.
    These are summed as one whole number, each part weighted above everything after it.
    """
    tie_rank = {member: n for n, member in enumerate(
        sorted(members, key=lambda m: preference(roles[0], m)[3]))}

    def parts(role: Role, member: str) -> tuple[int, ...]:
        held, total, last, _ = preference(role, member)
        return (held if role.writes else 0, held, held * held, total, last + 1,
                tie_rank[member])

    table = [[parts(role, member) for member in members] for role in roles]
    highest = [max(cell[k] for row in table for cell in row) for k in range(6)]
    weights = [1] * 6  # each part outweighs any sum of the parts after it
    for k in range(4, -1, -1):
        weights[k] = weights[k + 1] * (len(roles) * highest[k + 1] + 1)
    costs = [[sum(w * value for w, value in zip(weights, cell, strict=True)) for cell in row]
             for row in table]
    chosen = _cheapest_assignment(costs)
    return {role.id: members[column] for role, column in zip(roles, chosen, strict=True)}


def _cheapest_assignment(costs: list[list[int]]) -> list[int]:
    """The column for each row (rows ≤ columns, each column used once) with the least total
    cost: the Hungarian method with potentials (Kuhn–Munkres, as in e-maxx), O(rows² × cols)."""
    rows, columns = len(costs), len(costs[0])
    infinity = float("inf")
    # Floats only in type: every value but ``infinity`` stays a whole number, added exactly.
    row_potential: list[float] = [0] * (rows + 1)
    column_potential: list[float] = [0] * (columns + 1)
    owner = [0] * (columns + 1)  # the row (1-based) holding each column; 0 = free
    way = [0] * (columns + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        column = 0
        least: list[float] = [infinity] * (columns + 1)
        used = [False] * (columns + 1)
        while True:
            used[column] = True
            current_row, delta, next_column = owner[column], infinity, 0
            for candidate in range(1, columns + 1):
                if used[candidate]:
                    continue
                reduced = (costs[current_row - 1][candidate - 1] - row_potential[current_row]
                           - column_potential[candidate])
                if reduced < least[candidate]:
                    least[candidate], way[candidate] = reduced, column
                if least[candidate] < delta:
                    delta, next_column = least[candidate], candidate
            for candidate in range(columns + 1):
                if used[candidate]:
                    row_potential[owner[candidate]] += delta
                    column_potential[candidate] -= delta
                else:
                    least[candidate] -= delta
            column = next_column
            if owner[column] == 0:
                break
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    chosen = [0] * rows
    for column in range(1, columns + 1):
        if owner[column]:
            chosen[owner[column] - 1] = column - 1
    return chosen


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
        scores = {m: preference(role, m) for m in candidates}
        chosen = min(candidates, key=scores.__getitem__)
        assignment[role.id] = chosen
        load[chosen] += 1
        if role.writes:
            scribe = chosen
    return assignment


def _by(preference: Preference, role: Role) -> Callable[[str], tuple[int, int, float, float]]:
    """The sort key of members for ``role``: its preference, lowest first."""
    return lambda member: preference(role, member)


def waiting_requests(requests: Sequence[tuple[str, str, str]], roles: Mapping[str, str],
                     members: Collection[str]) -> list[tuple[str, str, str]]:
    """The requests for a held role (``(role, requester, holder)``) that still wait for the
    holder's answer: the holder still holds the role and both are still in the group. A request
    goes stale by itself when the role moves or either person leaves."""
    return [(role, requester, holder) for role, requester, holder in requests
            if roles.get(role) == holder and requester in members and requester != holder]
