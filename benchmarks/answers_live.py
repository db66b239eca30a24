"""Benchmark: 600 phones in 60 groups; 60 scribes add or edit a point every two seconds.

Measures, in one run on one machine, against a real ``seminar run`` process:
- the latency from a scribe sending an edit to the new text arriving at each of the group's
  other phones, at the projector (which shows the question's answer wall, revealed) and at the
  facilitator's console (p50/p95/max);
- lost edits (an acknowledged edit some member never saw) and duplicated points (more stored
  points than acknowledged adds), both of which must be zero;
- server CPU (share of one core) and memory (RSS) under that load;
- the baseline: a bare python-socketio relay with the same 600 clients in 60 rooms and the same
  60 senders, and the ratio of the two p50s.

Usage: ``python -m benchmarks.answers_live [--groups 60] [--per-group 10] [--seconds 30]
[--no-limits]`` (``--no-limits``: the rate limits off, to measure what they cost).
"""

import argparse
import asyncio
import json
import re
import time
from pathlib import Path

import aiohttp

from benchmarks.common import (
    ROOT,
    bare_server,
    connect_clients,
    rss_mb,
    seminar_server,
    summary,
)
from benchmarks.groups_join import Phone
from benchmarks.programme_broadcast import _facilitator_cookie
from seminar.services.kits import load_kit

KIT = "nasjonalt-dialogseminar-2023.md"
INTERVAL_S = 2.0
_TOKEN = re.compile(r"\[(e\d+-\d+)\]")


class Receiver:
    """Records when each edit token first arrived at one client."""

    def __init__(self) -> None:
        self.seen: dict[str, float] = {}

    def on_points(self, texts) -> None:
        at = time.perf_counter()
        for text in texts:
            for token in _TOKEN.findall(text):
                self.seen.setdefault(token, at)


async def _scribe(client, code: str, group: int, question: str, seconds: float, sent: dict,
                  offset: float) -> tuple[int, int]:
    """Add a point, or edit the last one, every two seconds; return (adds, edits) acked."""
    await asyncio.sleep(offset)
    adds = edits = 0
    points: list[tuple[str, int]] = []
    deadline = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        token = f"e{group}-{n}"
        text = f"Punkt fra gruppe {group} [{token}] " + "tekst " * 20
        if points and n % 3 == 0:
            point_id, revision = points[-1]
            edit = {"id": f"edit-{token}", "kind": "edit", "point": point_id,
                    "revision": revision, "text": text}
        else:
            edit = {"id": f"edit-{token}", "kind": "add", "point": f"point-{token}",
                    "question": question, "text": text}
        sent[token] = time.perf_counter()
        ack = await client.call("answer:edit", {"code": code, "edit": edit}, timeout=30)
        assert ack["ok"], ack
        point = ack["result"]["point"]
        if edit["kind"] == "add":
            adds += 1
            points.append((point["id"], point["revision"]))
        else:
            edits += 1
            points[-1] = (point["id"], point["revision"])
        await asyncio.sleep(max(0.0, INTERVAL_S - (time.perf_counter() - sent[token])))
    return adds, edits


async def measure_seminar(addresses: dict, groups: int, per_group: int, seconds: float) -> dict:
    base, code = addresses["base"], addresses["code"]
    question = next(b for b in load_kit((ROOT / "sessions" / KIT).read_text(encoding="utf-8"))
                    .blocks if b.questions).questions[0].id
    cookie = await _facilitator_cookie(addresses["facilitator"])
    [facilitator] = await connect_clients(base, 1, headers={"Cookie": cookie})
    await facilitator.call("seminar:join", {"code": code, "view": "facilitator"})
    ack = await facilitator.call("groups:prepare", {"code": code, "text": f"Bord 1-{groups}"})
    # The big screen shows this question's answer wall, with the points revealed.
    for command, payload in (("display:show", {"mode": "wall", "question": question}),
                             ("plenary:configure", {"question": question, "revealed": True})):
        ack_ = await facilitator.call(command, {"code": code, **payload})
        assert ack_["ok"], ack_
    [projector] = await connect_clients(base, 1)
    await projector.call("seminar:join", {"code": code, "view": "projector"})
    wall = Receiver()
    projector.on("wall:group", lambda card: wall.on_points(
        [point["text"] for point in card["group"]["points"]]))
    group_ids = [group["id"] for group in ack["groups"]["groups"]]
    phones = [Phone(index) for index in range(groups * per_group)]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        for start in range(0, len(phones), 100):  # arrive in waves of 100
            await asyncio.gather(*(phone.join(http, base, code, group_ids[phone.index % groups])
                                   for phone in phones[start:start + 100]))
    scribes = phones[:groups]  # phone i is in group i % groups: one scribe per group
    for scribe in scribes:
        ack = await scribe.client.call("role:take", {"code": code, "role": "skriver"})
        assert ack["ok"], ack

    receivers = {}
    for phone in phones[groups:]:
        receiver = receivers[phone.index] = Receiver()
        phone.client.on("answers:question", lambda state, r=receiver: r.on_points(
            [point["text"] for point in state["points"]]))
    console = Receiver()
    facilitator.on("answers:question", lambda state: console.on_points(
        [point["text"] for point in state["points"]]))

    sent: dict[str, float] = {}
    process = addresses["process"]
    process.cpu_percent(None)
    counts = await asyncio.gather(*(
        _scribe(scribe.client, code, scribe.index % groups + 1, question, seconds, sent,
                offset=INTERVAL_S * index / groups)
        for index, scribe in enumerate(scribes)))
    await asyncio.sleep(2)  # the last announcements
    cpu = process.cpu_percent(None)  # average since the scribes started
    memory = rss_mb(process)

    to_members, lost = [], 0
    for phone in phones[groups:]:
        group = phone.index % groups + 1
        mine = {token: at for token, at in sent.items() if token.startswith(f"e{group}-")}
        seen = receivers[phone.index].seen
        for token, at in mine.items():
            if token in seen:
                to_members.append((seen[token] - at) * 1000)
            else:
                lost += 1
    to_console = [(console.seen[token] - at) * 1000 for token, at in sent.items()
                  if token in console.seen]
    lost_console = len(sent) - len(to_console)
    to_projector = [(wall.seen[token] - at) * 1000 for token, at in sent.items()
                    if token in wall.seen]
    lost_projector = len(sent) - len(to_projector)
    adds = sum(count[0] for count in counts)
    stored = 0
    for scribe in scribes:
        answers = (await scribe.client.call("answers:fetch", {"code": code}))["answers"]
        stored += len(answers["points"])
    for client in [*(phone.client for phone in phones), facilitator, projector]:
        await client.disconnect()
    return {"edits": len(sent), "adds": adds, "stored_points": stored,
            "duplicated": stored - adds, "lost_to_members": lost,
            "lost_to_console": lost_console, "lost_to_projector": lost_projector,
            "to_members_ms": summary(to_members), "to_projector_ms": summary(to_projector),
            "to_console_ms": summary(to_console), "server_cpu_percent": round(cpu, 1),
            "rss_mb": memory}


async def measure_bare(addresses: dict, groups: int, per_group: int, seconds: float) -> dict:
    base = addresses["base"]
    clients = await connect_clients(base, groups * per_group)
    receivers = {}
    for index, client in enumerate(clients):
        await client.call("join", {"room": f"g{index % groups + 1}"})
        if index >= groups:
            receiver = receivers[index] = Receiver()
            client.on("state", lambda data, r=receiver: r.on_points([data["text"]]))
    sent: dict[str, float] = {}

    async def sender(client, group, offset):
        await asyncio.sleep(offset)
        deadline = time.perf_counter() + seconds
        n = 0
        while time.perf_counter() < deadline:
            n += 1
            token = f"e{group}-{n}"
            sent[token] = time.perf_counter()
            await client.call("relay", {"room": f"g{group}",
                                        "text": f"[{token}] " + "tekst " * 20})
            await asyncio.sleep(max(0.0, INTERVAL_S - (time.perf_counter() - sent[token])))

    await asyncio.gather(*(sender(clients[i], i + 1, INTERVAL_S * i / groups)
                           for i in range(groups)))
    await asyncio.sleep(1)
    latencies = []
    for index, receiver in receivers.items():
        group = index % groups + 1
        latencies.extend((receiver.seen[token] - at) * 1000 for token, at in sent.items()
                         if token.startswith(f"e{group}-") and token in receiver.seen)
    memory = rss_mb(addresses["process"])
    for client in clients:
        await client.disconnect()
    return {"edits": len(sent), "to_members_ms": summary(latencies), "rss_mb": memory}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=60)
    parser.add_argument("--per-group", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--async-mode", default="gevent")
    parser.add_argument("--no-limits", action="store_true",
                        help="turn the rate limits off (to compare: their cost)")
    args = parser.parse_args()

    with seminar_server(args.async_mode, kit=KIT, limits=not args.no_limits,
                        phones=args.groups * args.per_group) as addresses:
        ours = asyncio.run(measure_seminar(addresses, args.groups, args.per_group, args.seconds))
    with bare_server() as addresses:
        bare = asyncio.run(measure_bare(addresses, args.groups, args.per_group, args.seconds))
    ratio = round(ours["to_members_ms"]["p50"] / max(bare["to_members_ms"]["p50"], 0.1), 2)
    result = {"groups": args.groups, "per_group": args.per_group, "seconds": args.seconds,
              "async_mode": args.async_mode, "rate_limits": not args.no_limits,
              "seminar": ours, "bare_relay": bare,
              "p50_ratio_vs_bare": ratio}
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    suffix = "-no-limits" if args.no_limits else ""
    (out / f"answers_live{suffix}.json").write_text(json.dumps(result, indent=2))
    print(f"phones={args.groups * args.per_group} groups={args.groups} "
          f"seconds={args.seconds} mode={args.async_mode} "
          f"limits={'off' if args.no_limits else 'on'}")
    print(f"edits sent {ours['edits']}, adds {ours['adds']}, stored points "
          f"{ours['stored_points']}: duplicated {ours['duplicated']}, lost to members "
          f"{ours['lost_to_members']}, lost to projector {ours['lost_to_projector']}, "
          f"lost to console {ours['lost_to_console']}")
    print(f"{'':28}{'p50':>8}{'p95':>8}{'max':>8}  (ms)")
    for name, figures in (("edit → group's phones", ours["to_members_ms"]),
                          ("edit → projector (wall)", ours["to_projector_ms"]),
                          ("edit → facilitator", ours["to_console_ms"]),
                          ("bare relay → room", bare["to_members_ms"])):
        print(f"{name:28}{figures['p50']:>8}{figures['p95']:>8}{figures['max']:>8}")
    print(f"p50 ratio seminar/bare: {ratio}")
    print(f"server CPU {ours['server_cpu_percent']} % of a core; RSS seminar {ours['rss_mb']} "
          f"MB, bare {bare['rss_mb']} MB")


if __name__ == "__main__":
    main()
