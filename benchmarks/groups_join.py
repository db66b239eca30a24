"""Benchmark: 300 phones join 30 groups at once; then role assignments reach every phone.

Measures, in one run on one machine, against a real ``seminar run`` process:
- the time for N phones (real python-socketio clients over WebSocket) that all arrive at the
  same moment to open the seminar page (which gives them their identity cookie), connect, join,
  set a name and choose one of G prepared groups, until the last has its acknowledgement; and
  each phone's own time from arrival to being in its group (p50/p95/max);
- the latency from the facilitator's ``roles:assign`` to the new roles arriving (``group:mine``)
  at every phone, over several rotating rounds (p50/p95/max);
- the baseline: a bare python-socketio relay broadcasting one message to the same number of
  clients (the floor of the stack), and the ratio of the role-assignment p50 to it;
- server CPU time during the joins and server memory (RSS) with everyone connected.

Usage: ``python -m benchmarks.groups_join [--phones 300] [--groups 30] [--rounds 10]
[--no-limits]`` (``--no-limits``: the rate limits off, to measure what they cost; the result
file says which).
"""

import argparse
import asyncio
import json
import time
from pathlib import Path

import aiohttp

from benchmarks.common import (
    bare_server,
    connect_clients,
    rss_mb,
    seminar_server,
    summary,
)
from benchmarks.programme_broadcast import _facilitator_cookie, measure_bare


def _cookie_header(response) -> str:
    return "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())


class Phone:
    """One simulated phone: its client, and when each version of its own view arrived."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.client = None
        self.me = None
        self.mine: list[tuple[float, dict]] = []

    async def join(self, http: aiohttp.ClientSession, base: str, code: str, group: int) -> float:
        started = time.perf_counter()
        async with http.get(f"{base}/s/{code}") as response:
            assert response.status == 200, response.status
            cookie = _cookie_header(response)
        [self.client] = await connect_clients(base, 1, headers={"Cookie": cookie})
        self.client.on("group:mine", lambda view: self.mine.append((time.perf_counter(), view)))
        ack = await self.client.call("seminar:join", {"code": code, "view": "participant"},
                                     timeout=30)
        assert ack["ok"] and ack["me"], ack
        self.me = ack["me"]
        # The name travels with the choice, as the phone's start screen sends it.
        ack = await self.client.call("group:choose", {
            "code": code, "group": group, "display_name": f"Deltaker {self.index + 1}"},
            timeout=30)
        assert ack["ok"] and ack["mine"]["group"]["id"] == group, ack
        return (time.perf_counter() - started) * 1000

    def roles_arrived(self, version: int) -> float | None:
        """When a view of at least ``version`` in which this phone's group has roles came."""
        for at, view in self.mine:
            if view["version"] >= version and view["group"] and view["group"]["roles"]:
                return at
        return None


async def measure_seminar(addresses: dict, phones_count: int, groups_count: int,
                          rounds: int) -> dict:
    base, code = addresses["base"], addresses["code"]
    cookie = await _facilitator_cookie(addresses["facilitator"])
    [facilitator] = await connect_clients(base, 1, headers={"Cookie": cookie})
    await facilitator.call("seminar:join", {"code": code, "view": "facilitator"})
    ack = await facilitator.call("groups:prepare",
                                 {"code": code, "text": f"Bord 1-{groups_count}"})
    group_ids = [group["id"] for group in ack["groups"]["groups"]]
    assert len(group_ids) == groups_count, ack

    process = addresses["process"]
    cpu_before = sum(process.cpu_times()[:2])
    phones = [Phone(index) for index in range(phones_count)]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        started = time.perf_counter()
        join_ms = await asyncio.gather(*(
            phone.join(http, base, code, group_ids[phone.index % groups_count])
            for phone in phones))
        all_joined_s = time.perf_counter() - started
    join_cpu_s = sum(process.cpu_times()[:2]) - cpu_before
    await asyncio.sleep(1)  # let the last coalesced announcement go out
    detail = (await facilitator.call("seminar:join",
                                      {"code": code, "view": "facilitator"}))["detail"]
    sizes = sorted(len(group["members"]) for group in detail["groups"])
    assert sum(sizes) == phones_count and detail["summary"]["online"] == phones_count, sizes
    memory = rss_mb(process)

    latencies, acks = [], []
    for _ in range(rounds):
        await asyncio.sleep(0.5)  # a quiet moment, as between two group-work blocks
        for phone in phones:
            phone.mine.clear()
        sent = time.perf_counter()
        ack = await facilitator.call("roles:assign", {"code": code}, timeout=30)
        acks.append((time.perf_counter() - sent) * 1000)
        assert ack["ok"], ack
        version = ack["groups"]["version"]
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            arrived = [phone.roles_arrived(version) for phone in phones]
            if all(at is not None for at in arrived):
                break
            await asyncio.sleep(0.005)
        missing = sum(at is None for at in arrived)
        assert missing == 0, f"{missing} phones never got their roles (v{version})"
        latencies.extend((at - sent) * 1000 for at in arrived)

    for client in [*(phone.client for phone in phones), facilitator]:
        await client.disconnect()
    return {"all_joined_s": round(all_joined_s, 2), "join_ms": summary(join_ms),
            "join_cpu_s": round(join_cpu_s, 2), "group_sizes": [sizes[0], sizes[-1]],
            "roles_ms": summary(latencies), "roles_ack_ms": summary(acks), "rss_mb": memory}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--groups", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--async-mode", default="gevent")
    parser.add_argument("--no-limits", action="store_true",
                        help="turn the rate limits off (to compare: their cost)")
    args = parser.parse_args()

    with seminar_server(args.async_mode, limits=not args.no_limits,
                        phones=args.phones) as addresses:
        ours = asyncio.run(measure_seminar(addresses, args.phones, args.groups, args.rounds))
    sample_view = {"version": 1, "me": {"id": "x" * 16, "name": "Deltaker 1"},
                   "group": {"id": 1, "name": "Bord 1", "max_size": None, "limit": None,
                             "members": [{"id": "x" * 16, "name": "Deltaker 1", "online": True}]
                             * 10, "roles": {"moteleder": "x" * 16, "skriver": "y" * 16}}}
    with bare_server() as addresses:
        bare = asyncio.run(measure_bare(addresses, args.phones, args.rounds, sample_view))

    ratio = round(ours["roles_ms"]["p50"] / max(bare["broadcast_ms"]["p50"], 0.1), 2)
    result = {"phones": args.phones, "groups": args.groups, "rounds": args.rounds,
              "async_mode": args.async_mode, "rate_limits": not args.no_limits,
              "seminar": ours, "bare_relay": bare,
              "roles_p50_ratio_vs_bare": ratio}
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    suffix = "-no-limits" if args.no_limits else ""
    (out / f"groups_join{suffix}.json").write_text(json.dumps(result, indent=2))
    print(f"phones={args.phones} groups={args.groups} rounds={args.rounds} "
          f"mode={args.async_mode} limits={'off' if args.no_limits else 'on'}")
    print(f"all {args.phones} phones in their groups after {ours['all_joined_s']} s "
          f"(server CPU {ours['join_cpu_s']} s; group sizes {ours['group_sizes']})")
    print(f"{'':28}{'p50':>8}{'p95':>8}{'max':>8}  (ms)")
    for name, figures in (("one phone's join", ours["join_ms"]),
                          ("role assignment → phone", ours["roles_ms"]),
                          ("roles:assign ack", ours["roles_ack_ms"]),
                          ("bare relay broadcast", bare["broadcast_ms"])):
        print(f"{name:28}{figures['p50']:>8}{figures['p95']:>8}{figures['max']:>8}")
    print(f"p50 ratio roles/bare relay: {ratio}")
    print(f"server RSS: seminar {ours['rss_mb']} MB, bare {bare['rss_mb']} MB")


if __name__ == "__main__":
    main()
