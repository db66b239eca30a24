"""Benchmark: 1,000 phones answer a scale poll within ten seconds; the big screen's results.

Measures, in one run on one machine, against a real ``seminar run`` process (national kit, its
evaluation item ``nytte``, a 1-5 scale, on the big screen in display mode ``poll``):
- for each of several rounds, in which every phone sends ``poll:answer`` once, spread evenly
  over ten seconds, each phone changing its answer from the round before: the time from the last
  answer's acknowledgement until the projector, and the facilitator's console, receive a
  ``poll:results`` that holds every answer of the round (its ``version`` is the round's last
  answer's); p50/p95/max over the rounds;
- answers lost: each round's complete results must count every phone and have exactly the
  distribution that was sent;
- each answer's acknowledgement time, server CPU (share of one core) while the phones answer,
  and server memory (RSS);
- the baseline: a bare python-socketio relay with the same phones sending the same answers,
  which keeps them in memory and sends the aggregate to one listener, coalesced at the same
  interval as the seminar (``POLL_RESULTS_INTERVAL``, 0.25 s); and the ratio of the two p50s.

Every phone comes from 127.0.0.1, like a hall behind one address; the per-address limits are
raised in proportion to the phones (``benchmarks.common.limit_settings``), so
``LIMIT_POLL_ANSWERS_PER_ADDRESS`` is counted but allows the run's 1,000 answers every ~12 s.

Usage: ``python -m benchmarks.poll_answers [--phones 1000] [--rounds 5] [--seconds 10]
[--no-limits]``.
"""

import argparse
import asyncio
import json
import random
import time
from pathlib import Path

import aiohttp

from benchmarks.common import bare_server, connect_clients, rss_mb, seminar_server, summary
from benchmarks.programme_broadcast import _facilitator_cookie
from seminar.config import Defaults

KIT = "nasjonalt-dialogseminar-2023.md"
ITEM = "nytte"
LOW, HIGH = 1, 5
SETTLE_S = 5.0  # how long to wait, after the last ack, for results holding every answer


def value_for(phone: int, round_: int) -> int:
    """What ``phone`` answers in ``round_``: every phone changes its answer each round, and
    each round's distribution differs from the others' (odd phones agree on one value)."""
    if phone % 2:
        return LOW + round_ % 5
    return LOW + (phone + round_) % 5


def expected(phones: int, round_: int) -> list[int]:
    counts = [0] * (HIGH - LOW + 1)
    for phone in range(phones):
        counts[value_for(phone, round_) - LOW] += 1
    return counts


class Listener:
    """When each aggregate (its version and distribution) arrived at one screen."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, int, int, list[int]]] = []

    def on_results(self, message: dict) -> None:
        if message.get("item") == ITEM:
            results = message["results"]
            self.arrivals.append((time.perf_counter(), message["version"], results["count"],
                                  results["distribution"]))

    def on_tally(self, message: dict) -> None:
        counts = message["counts"]
        self.arrivals.append((time.perf_counter(), message["version"], message["count"],
                              [counts.get(str(v), 0) for v in range(LOW, HIGH + 1)]))

    def complete(self, version: int) -> tuple[float, int, list[int]] | None:
        """The first aggregate that holds every answer up to ``version``."""
        for at, seen, count, distribution in self.arrivals:
            if seen >= version:
                return at, count, distribution
        return None


async def _answer_round(clients: list, round_: int, seconds: float, send) -> dict:
    """Every client answers once, in a shuffled order spread evenly over ``seconds``; returns
    the acknowledgement times and when the last acknowledgement came."""
    order = list(range(len(clients)))
    random.Random(round_).shuffle(order)
    start = time.perf_counter()

    async def one(slot: int, phone: int) -> tuple[float, float]:
        await asyncio.sleep(max(0.0, start + seconds * slot / len(clients) - time.perf_counter()))
        sent = time.perf_counter()
        ack = await send(clients[phone], value_for(phone, round_))
        assert ack["ok"], ack
        return sent, time.perf_counter()

    times = await asyncio.gather(*(one(slot, phone) for slot, phone in enumerate(order)))
    return {"ack_ms": [(acked - sent) * 1000 for sent, acked in times],
            "last_sent": max(sent for sent, _ in times),
            "last_ack": max(acked for _, acked in times)}


async def _await_complete(listeners: dict[str, Listener], version: int) -> None:
    deadline = time.perf_counter() + SETTLE_S
    while time.perf_counter() < deadline:
        if all(listener.complete(version) for listener in listeners.values()):
            return
        await asyncio.sleep(0.005)


async def _rounds(clients: list, rounds: int, seconds: float, send, listeners: dict,
                  version_before, process) -> dict:
    """Run the rounds; per listener the latencies from the last ack and the answers lost."""
    phones = len(clients)
    latencies: dict[str, list[float]] = {name: [] for name in listeners}
    from_send: dict[str, list[float]] = {name: [] for name in listeners}
    lost = dict.fromkeys(listeners, 0)
    acks: list[float] = []
    cpu_s = wall_s = 0.0
    per_round = []
    for round_ in range(rounds):
        await asyncio.sleep(1.0)  # a quiet moment between two questions
        version = await version_before() + phones
        cpu_before, started = sum(process.cpu_times()[:2]), time.perf_counter()
        answered = await _answer_round(clients, round_, seconds, send)
        await _await_complete(listeners, version)
        round_cpu_s = sum(process.cpu_times()[:2]) - cpu_before
        round_wall_s = time.perf_counter() - started
        cpu_s, wall_s = cpu_s + round_cpu_s, wall_s + round_wall_s
        acks.extend(answered["ack_ms"])
        want = expected(phones, round_)
        this_round: dict = {"round": round_ + 1, "ack_ms": summary(answered["ack_ms"]),
                            "server_cpu_percent": round(100 * round_cpu_s / round_wall_s, 1)}
        for name, listener in listeners.items():
            found = listener.complete(version)
            if found is None:
                lost[name] += phones
                this_round[name] = None
                continue
            at, count, distribution = found
            missing = max(phones - count, sum(max(0, w - d) for w, d in zip(
                want, distribution, strict=True)))
            lost[name] += missing
            latencies[name].append((at - answered["last_ack"]) * 1000)
            from_send[name].append((at - answered["last_sent"]) * 1000)
            this_round[name] = {"ms": round(latencies[name][-1], 1),
                                "from_last_send_ms": round(from_send[name][-1], 1),
                                "count": count,
                                "distribution": distribution, "lost": missing}
        this_round["expected"] = want
        per_round.append(this_round)
    return {"answers": phones * rounds, "after_last_ack_ms": {
        name: summary(values) for name, values in latencies.items()},
        "after_last_send_ms": {name: summary(values) for name, values in from_send.items()},
        "lost": lost,
        "ack_ms": summary(acks), "server_cpu_percent": round(100 * cpu_s / wall_s, 1),
        "rss_mb": rss_mb(process), "rounds": per_round}


async def _join_phone(http: aiohttp.ClientSession, base: str, code: str):
    async with http.get(f"{base}/s/{code}") as response:
        assert response.status == 200, response.status
        cookie = "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())
    [client] = await connect_clients(base, 1, headers={"Cookie": cookie})
    ack = await client.call("seminar:join", {"code": code, "view": "participant"}, timeout=30)
    assert ack["ok"], ack
    return client


async def measure_seminar(addresses: dict, phones_count: int, rounds: int,
                          seconds: float) -> dict:
    base, code = addresses["base"], addresses["code"]
    cookie = await _facilitator_cookie(addresses["facilitator"])
    [facilitator] = await connect_clients(base, 1, headers={"Cookie": cookie})
    await facilitator.call("seminar:join", {"code": code, "view": "facilitator"})
    for command, payload in (("display:show", {"mode": "poll", "question": ITEM}),
                             ("poll:open", {"item": ITEM})):
        ack = await facilitator.call(command, {"code": code, **payload})
        assert ack["ok"], ack
    [projector] = await connect_clients(base, 1)
    await projector.call("seminar:join", {"code": code, "view": "projector"})
    listeners = {"projector": Listener(), "facilitator": Listener()}
    projector.on("poll:results", listeners["projector"].on_results)
    facilitator.on("poll:results", listeners["facilitator"].on_results)

    started = time.perf_counter()
    phones = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        for start in range(0, phones_count, 100):  # arrive in waves of 100
            phones.extend(await asyncio.gather(*(_join_phone(http, base, code) for _ in range(
                start, min(phones_count, start + 100)))))
    joined_s = time.perf_counter() - started

    async def send(client, value):
        return await client.call("poll:answer", {"code": code, "item": ITEM, "value": value},
                                 timeout=30)

    async def version_before() -> int:
        ack = await facilitator.call("poll:fetch", {"code": code, "item": ITEM})
        return ack["results"][0]["version"]

    result = await _rounds(phones, rounds, seconds, send, listeners, version_before,
                           addresses["process"])
    final = (await facilitator.call("poll:fetch", {"code": code, "item": ITEM}))["results"][0]
    result["final"] = {"count": final["results"]["count"],
                       "distribution": final["results"]["distribution"],
                       "expected": expected(phones_count, rounds - 1)}
    result["all_joined_s"] = round(joined_s, 2)
    for client in [*phones, facilitator, projector]:
        await client.disconnect()
    return result


async def measure_bare(addresses: dict, phones_count: int, rounds: int, seconds: float) -> dict:
    phones = await connect_clients(addresses["base"], phones_count)
    [listener_client] = await connect_clients(addresses["base"], 1)
    await listener_client.call("join", {"room": "tally"})
    listener = Listener()
    listener_client.on("tally", listener.on_tally)
    answered = 0

    async def send(client, value):
        return await client.call("answer", {"value": value}, timeout=30)

    async def version_before() -> int:
        nonlocal answered
        before, answered = answered, answered + phones_count
        return before

    result = await _rounds(phones, rounds, seconds, send, {"listener": listener},
                           version_before, addresses["process"])
    for client in [*phones, listener_client]:
        await client.disconnect()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--async-mode", default="gevent")
    parser.add_argument("--no-limits", action="store_true",
                        help="turn the rate limits off (to compare: their cost)")
    parser.add_argument("--out", type=Path, help="where to write the result (JSON); default "
                        "benchmarks/results/poll_answers[-no-limits].json")
    args = parser.parse_args()

    with seminar_server(args.async_mode, kit=KIT, limits=not args.no_limits,
                        phones=args.phones) as addresses:
        ours = asyncio.run(measure_seminar(addresses, args.phones, args.rounds, args.seconds))
    with bare_server(str(Defaults.POLL_RESULTS_INTERVAL)) as addresses:
        bare = asyncio.run(measure_bare(addresses, args.phones, args.rounds, args.seconds))
    projector = ours["after_last_ack_ms"]["projector"]
    relay = bare["after_last_ack_ms"]["listener"]
    ratio = round(projector["p50"] / max(relay["p50"], 0.1), 2) if projector["n"] else None
    result = {"phones": args.phones, "rounds": args.rounds, "seconds": args.seconds,
              "async_mode": args.async_mode, "rate_limits": not args.no_limits,
              "results_interval_s": Defaults.POLL_RESULTS_INTERVAL,
              "seminar": ours, "bare_relay": bare, "p50_ratio_vs_bare": ratio}
    out = args.out
    if out is None:
        folder = Path(__file__).parent / "results"
        folder.mkdir(exist_ok=True)
        out = folder / f"poll_answers{'-no-limits' if args.no_limits else ''}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"phones={args.phones} rounds={args.rounds} seconds={args.seconds} "
          f"mode={args.async_mode} limits={'off' if args.no_limits else 'on'}")
    print(f"all phones joined after {ours['all_joined_s']} s; {ours['answers']} answers sent, "
          f"lost: projector {ours['lost']['projector']}, facilitator "
          f"{ours['lost']['facilitator']}, bare relay {bare['lost']['listener']}; final count "
          f"{ours['final']['count']} {ours['final']['distribution']} (sent "
          f"{ours['final']['expected']})")
    print(f"{'':34}{'p50':>8}{'p95':>8}{'max':>8}  (ms)")
    for name, figures in (("last ack → projector's results", projector),
                          ("last ack → facilitator's results",
                           ours["after_last_ack_ms"]["facilitator"]),
                          ("last answer sent → projector's",
                           ours["after_last_send_ms"]["projector"]),
                          ("poll:answer ack", ours["ack_ms"]),
                          ("bare relay: last ack → listener", relay),
                          ("bare: last answer sent → listener",
                           bare["after_last_send_ms"]["listener"]),
                          ("bare relay: answer ack", bare["ack_ms"])):
        print(f"{name:34}{figures.get('p50', '-'):>8}{figures.get('p95', '-'):>8}"
              f"{figures.get('max', '-'):>8}")
    print(f"p50 ratio seminar/bare: {ratio}")
    print(f"server CPU while answering: seminar {ours['server_cpu_percent']} %, bare "
          f"{bare['server_cpu_percent']} % of a core; RSS seminar {ours['rss_mb']} MB, bare "
          f"{bare['rss_mb']} MB")


if __name__ == "__main__":
    main()
