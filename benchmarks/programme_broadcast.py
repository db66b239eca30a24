"""Benchmark: facilitator command → every phone, with N real Socket.IO clients (websocket).

Measures, in one run on one machine:
- latency from a facilitator's ``programme:control`` to its ``programme:state`` arriving at
  every connected phone (p50/p95/max), and the facilitator's acknowledgement time;
- the same broadcast through a bare python-socketio relay server (the floor of the stack) and
  the ratio between the two;
- a burst of concurrent facilitator commands from many sockets: errors (there must be none:
  writes are serialised, so "database is locked" never reaches a user) and throughput;
- server memory (RSS) with everyone connected.

Usage: ``python -m benchmarks.programme_broadcast [--clients 300] [--commands 30]``
"""

import argparse
import asyncio
import json
import time
from pathlib import Path

import aiohttp

from benchmarks.common import bare_server, connect_clients, rss_mb, seminar_server, summary


async def _facilitator_cookie(link: str) -> str:
    async with aiohttp.ClientSession() as session, \
            session.get(link, allow_redirects=False) as response:
        assert response.status == 302, response.status
        return "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())


async def measure_seminar(addresses: dict, clients: int, commands: int, burst: int) -> dict:
    cookie = await _facilitator_cookie(addresses["facilitator"])
    code = addresses["code"]
    phones = await connect_clients(addresses["base"], clients)
    [facilitator] = await connect_clients(addresses["base"], 1, headers={"Cookie": cookie})
    arrivals: dict[int, list[float]] = {}

    def on_state(state):
        arrivals.setdefault(state["version"], []).append(time.perf_counter())

    for phone in phones:
        phone.on("programme:state", on_state)
    joins = await asyncio.gather(*(phone.call("seminar:join", {"code": code,
                                                               "view": "participant"})
                                   for phone in phones))
    assert all(ack["ok"] for ack in joins)
    await facilitator.call("seminar:join", {"code": code, "view": "facilitator"})
    memory = rss_mb(addresses["process"])

    latencies, acks = [], []
    for step in range(commands):
        seconds = 60 if step % 2 == 0 else -60
        sent = time.perf_counter()
        ack = await facilitator.call("programme:control",
                                     {"code": code, "action": "adjust", "seconds": seconds})
        acks.append((time.perf_counter() - sent) * 1000)
        version = ack["state"]["version"]
        deadline = time.perf_counter() + 10
        while len(arrivals.get(version, [])) < clients and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        received = arrivals.get(version, [])
        assert len(received) == clients, f"{len(received)}/{clients} received v{version}"
        latencies.extend((at - sent) * 1000 for at in received)

    # A burst of concurrent writers: many facilitator sockets send at once.
    writers = await connect_clients(addresses["base"], burst, headers={"Cookie": cookie})
    started = time.perf_counter()
    results = await asyncio.gather(*(writer.call(
        "programme:control", {"code": code, "action": "adjust", "seconds": 60}, timeout=30)
        for writer in writers))
    burst_seconds = time.perf_counter() - started
    errors = [ack for ack in results if not ack["ok"]]
    if errors:
        print("burst errors:", errors[:3])
    for client in [*phones, facilitator, *writers]:
        await client.disconnect()
    return {
        "broadcast_ms": summary(latencies), "ack_ms": summary(acks), "rss_mb": memory,
        "burst": {"writers": burst, "errors": len(errors),
                  "commands_per_s": round(burst / burst_seconds, 1)},
    }


async def measure_bare(addresses: dict, clients: int, commands: int, payload: dict) -> dict:
    phones = await connect_clients(addresses["base"], clients)
    [sender] = await connect_clients(addresses["base"], 1)
    arrivals: dict[int, list[float]] = {}

    def on_state(state):
        arrivals.setdefault(state["version"], []).append(time.perf_counter())

    for phone in phones:
        phone.on("state", on_state)
    await asyncio.gather(*(phone.call("join", {}) for phone in phones))
    memory = rss_mb(addresses["process"])
    latencies = []
    for step in range(commands):
        sent = time.perf_counter()
        await sender.call("relay", {**payload, "version": step})
        deadline = time.perf_counter() + 10
        while len(arrivals.get(step, [])) < clients and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        latencies.extend((at - sent) * 1000 for at in arrivals.get(step, []))
    for client in [*phones, sender]:
        await client.disconnect()
    return {"broadcast_ms": summary(latencies), "rss_mb": memory}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--commands", type=int, default=30)
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--async-mode", default="gevent")
    args = parser.parse_args()

    with seminar_server(args.async_mode) as addresses:
        ours = asyncio.run(measure_seminar(addresses, args.clients, args.commands, args.burst))
    sample_state = {"code": "X", "server_time": 0, "current": 0, "statuses": ["upcoming"] * 6,
                    "timer": {"status": "running", "total_ms": 0, "remaining_ms": 0,
                              "deadline_ms": 0, "extra_ms": 0}, "schedule": None}
    with bare_server() as addresses:
        bare = asyncio.run(measure_bare(addresses, args.clients, args.commands, sample_state))

    ratio = round(ours["broadcast_ms"]["p50"] / max(bare["broadcast_ms"]["p50"], 0.1), 2)
    result = {"clients": args.clients, "commands": args.commands, "async_mode": args.async_mode,
              "seminar": ours, "bare_relay": bare, "p50_ratio_vs_bare": ratio}
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "programme_broadcast.json").write_text(json.dumps(result, indent=2))
    print(f"clients={args.clients} commands={args.commands} mode={args.async_mode}")
    print(f"{'':24}{'p50':>8}{'p95':>8}{'max':>8}  (ms)")
    for name, figures in (("seminar broadcast", ours["broadcast_ms"]),
                          ("seminar ack", ours["ack_ms"]),
                          ("bare relay broadcast", bare["broadcast_ms"])):
        print(f"{name:24}{figures['p50']:>8}{figures['p95']:>8}{figures['max']:>8}")
    print(f"p50 ratio seminar/bare: {ratio}")
    print(f"server RSS: seminar {ours['rss_mb']} MB, bare {bare['rss_mb']} MB")
    burst = ours["burst"]
    print(f"burst: {burst['writers']} concurrent writers, {burst['errors']} errors, "
          f"{burst['commands_per_s']} commands/s")


if __name__ == "__main__":
    main()
