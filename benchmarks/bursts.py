"""Benchmark: bursts at 1,000 phones (issue 17), the app against a bare relay in the same run.

Against a real ``seminar run`` process (gevent), and against benchmarks.bursts_relay (a bare
python-socketio server doing the same messaging, the floor of the stack), with light Socket.IO
clients over WebSocket (benchmarks.light_client, so that the client process does not set the
pace):
1. N phones (G groups) arriving spread over 30 s: each phone's join (page GET with its cookie,
   connect, ``seminar:join``, ``group:choose`` with its name) p50/p95/max, and server CPU;
2. N phones joining at the same moment (on a fresh server): until all joined, each one's wait;
3. a programme change (``programme:control`` next/previous) → the last of the N phones;
4. one scribe per group (``roles:assign``, the scribe found from ``group:mine``) editing an
   answer every 2 s: edit → the group's other phones, server CPU, CPU seconds per edit;
5. 300 phones dropped at once (their TCP connections aborted) and reconnecting at once (new
   connect + ``seminar:join`` with the same cookie): until all are back with their group;
6. server memory (RSS) with the N phones connected; nothing lost or duplicated (every join and
   edit acknowledged, every edit received exactly once by every other member of its group).
Then the issue's floors, PASS or FAIL each, and a JSON result in benchmarks/results/.

Usage: ``python -m benchmarks.bursts [--phones 1000] [--groups 100] [--spread 30]
[--edit-seconds 20] [--drop 300] [--rounds 10] [--processes 1] [--no-limits]``.
``--processes 2``: the app as two processes behind nginx and Redis (benchmarks/cluster.py).
The rate limits stay on: every phone comes from 127.0.0.1, so the per-address limits are
raised for N phones (benchmarks.common.limit_settings); the output lists them.
"""

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psutil

from benchmarks.common import (
    ROOT,
    free_port,
    limit_settings,
    seminar_server,
    summary,
    wait_for_port,
)
from benchmarks.light_client import LightClient
from benchmarks.programme_broadcast import _facilitator_cookie
from seminar.services.kits import load_kit

KIT = "nasjonalt-dialogseminar-2023.md"
EDIT_INTERVAL_S = 2.0
SCRIBE = "skriver"
TIMEOUT_S = 90
_TOKEN = re.compile(r"\[(e\d+-\d+)\]")
FAILURES: list[str] = []  # every failed phone's error, the first few printed


@dataclass
class Target:
    """A server to measure: where it answers, its seminar, and its processes."""
    name: str
    base: str
    code: str
    facilitator_cookie: str
    processes: list[psutil.Process]

    def cpu_seconds(self) -> float:
        return sum(sum(process.cpu_times()[:2]) for process in self.processes)

    def rss_mb(self) -> float:
        return round(sum(process.memory_info().rss for process in self.processes) / 2**20, 1)


@dataclass
class Shared:
    """What every phone records into: programme versions and edit tokens as they arrive."""
    programme: dict[int, list[float]] = field(default_factory=dict)


def listen_overflows() -> int:
    """The kernel's count of connections dropped because a listen queue was full (the whole
    machine's: other work's too)."""
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=True):
        if names.startswith("TcpExt:"):
            return int(dict(zip(names.split(), values.split(), strict=True))["ListenOverflows"])
    return 0


def _own_cpu() -> float:
    """This process's CPU seconds: the 1,000 clients share one core, and when they use all
    of it they, not the server, set the pace."""
    return sum(psutil.Process().cpu_times()[:2])


def _cookie_header(response) -> str:
    return "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())


class Phone:
    """One simulated phone: its cookie, its client, what arrived at it."""

    def __init__(self, index: int, group: int, shared: Shared) -> None:
        self.index, self.group, self.shared = index, group, shared
        self.cookie = ""
        self.client: LightClient | None = None
        self.me: str | None = None
        self.mine: dict | None = None
        self.tokens: dict[str, list[float]] = {}  # edit token -> arrival of each message with it

    def _on_mine(self, view: dict) -> None:
        if self.mine is None or view["version"] >= self.mine["version"]:
            self.mine = view

    def _on_programme(self, state: dict) -> None:
        self.shared.programme.setdefault(state["version"], []).append(time.perf_counter())

    def _on_answers(self, state: dict) -> None:
        at = time.perf_counter()
        for token in {token for point in state["points"]
                      for token in _TOKEN.findall(point["text"])}:
            self.tokens.setdefault(token, []).append(at)

    async def connect(self, base: str) -> None:
        client = await _client(base, self.cookie, {"group:mine": self._on_mine,
                                                   "programme:state": self._on_programme,
                                                   "answers:question": self._on_answers})
        self.client = client

    async def join(self, http: aiohttp.ClientSession, target: Target) -> float:
        """The phone's whole arrival; its duration in ms."""
        started = time.perf_counter()
        async with http.get(f"{target.base}/s/{target.code}") as response:
            assert response.status == 200, response.status
            await response.read()
            self.cookie = _cookie_header(response)
        await self.connect(target.base)
        ack = await self.client.call("seminar:join", {"code": target.code,
                                                      "view": "participant"}, timeout=TIMEOUT_S)
        assert ack["ok"] and ack["me"], ack
        self.me = ack["me"]
        ack = await self.client.call("group:choose", {
            "code": target.code, "group": self.group,
            "display_name": f"Deltaker {self.index + 1}"}, timeout=TIMEOUT_S)
        assert ack["ok"] and ack["mine"]["group"]["id"] == self.group, ack
        self._on_mine(ack["mine"])
        return (time.perf_counter() - started) * 1000

    async def rejoin(self, target: Target) -> float:
        """Back after a drop: a new connection and ``seminar:join`` with the same cookie,
        until the answer has the phone's group (full state); the duration in ms."""
        started = time.perf_counter()
        await self.connect(target.base)
        ack = await self.client.call("seminar:join", {"code": target.code,
                                                      "view": "participant"}, timeout=TIMEOUT_S)
        assert ack["ok"] and ack["mine"]["group"]["id"] == self.group, ack
        self._on_mine(ack["mine"])
        return (time.perf_counter() - started) * 1000


async def _client(base: str, cookie: str, handlers: dict) -> LightClient:
    """A connected phone (benchmarks.light_client: python-socketio's client cost the client
    process most of a core at 1,000 phones) that waits TIMEOUT_S for a busy server's
    handshake and never leaves on its own for a late ping."""
    client = LightClient(handlers)
    await client.connect(base, headers={"Cookie": cookie}, timeout=TIMEOUT_S)
    return client


async def _attempt(coroutine) -> float | None:
    """The coroutine's result, or None (counted as a failure) if it raised."""
    try:
        return await coroutine
    except Exception as error:  # noqa: BLE001 - a failed phone is counted, not fatal
        FAILURES.append(f"{type(error).__name__}: {error}"[:300])
        if len(FAILURES) <= 5:
            print(f"  failed: {FAILURES[-1]}", file=sys.stderr, flush=True)
        return None


async def _facilitator(target: Target, groups: int):
    client = await _client(target.base, target.facilitator_cookie, {})
    ack = await client.call("seminar:join", {"code": target.code, "view": "facilitator"})
    assert ack["ok"], ack
    ack = await client.call("groups:prepare", {"code": target.code, "text": f"Bord 1-{groups}"})
    group_ids = [group["id"] for group in ack["groups"]["groups"]]
    assert len(group_ids) == groups, ack
    return client, group_ids


def _phones(count: int, group_ids: list[int], shared: Shared) -> list[Phone]:
    return [Phone(index, group_ids[index % len(group_ids)], shared) for index in range(count)]


async def _disconnect(clients) -> None:
    for start in range(0, len(clients), 100):
        await asyncio.gather(*(client.disconnect() for client in clients[start:start + 100]
                               if client is not None), return_exceptions=True)


def _http() -> aiohttp.ClientSession:
    """The phones' page loads: no cookie jar (each phone keeps its own cookie)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                 cookie_jar=aiohttp.DummyCookieJar(),
                                 timeout=aiohttp.ClientTimeout(total=TIMEOUT_S))


async def measure_simultaneous(target: Target, phones_count: int, groups: int) -> dict:
    """Scenario 2: every phone arrives at the same moment."""
    facilitator, group_ids = await _facilitator(target, groups)
    phones = _phones(phones_count, group_ids, Shared())
    cpu_before, client_before = target.cpu_seconds(), _own_cpu()
    overflows = listen_overflows()
    async with _http() as http:
        started = time.perf_counter()
        waits = await asyncio.gather(*(_attempt(phone.join(http, target)) for phone in phones))
        all_joined = time.perf_counter() - started
    cpu = target.cpu_seconds() - cpu_before
    client_cpu = _own_cpu() - client_before
    await _disconnect([phone.client for phone in phones] + [facilitator])
    joined = [wait for wait in waits if wait is not None]
    return {"all_joined_s": round(all_joined, 2), "wait_ms": summary(joined),
            "failed": len(waits) - len(joined),
            "listen_overflows": listen_overflows() - overflows,
            "server_cpu_percent": round(100 * cpu / all_joined, 1),
            "client_cpu_percent": round(100 * client_cpu / all_joined, 1)}


async def _spread_joins(target: Target, phones: list[Phone], spread_s: float) -> list:
    async with _http() as http:
        started = time.perf_counter()

        async def arrive(phone: Phone):
            await asyncio.sleep(started + spread_s * phone.index / len(phones)
                                - time.perf_counter())
            return await _attempt(phone.join(http, target))

        return await asyncio.gather(*(arrive(phone) for phone in phones))


async def _programme_rounds(target: Target, facilitator, phones: list[Phone], shared: Shared,
                            rounds: int) -> dict:
    last, each, acks, missing = [], [], [], 0
    for step in range(rounds):
        await asyncio.sleep(0.5)
        sent = time.perf_counter()
        ack = await facilitator.call("programme:control", {
            "code": target.code, "action": "next" if step % 2 == 0 else "previous"},
            timeout=TIMEOUT_S)
        acks.append((time.perf_counter() - sent) * 1000)
        assert ack["ok"], ack
        version = ack["state"]["version"]
        deadline = time.perf_counter() + 20
        while len(shared.programme.get(version, [])) < len(phones) \
                and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        arrived = shared.programme.get(version, [])
        missing += len(phones) - len(arrived)
        if arrived:
            last.append((max(arrived) - sent) * 1000)
            each.extend((at - sent) * 1000 for at in arrived)
    return {"last_phone_ms": summary(last), "each_phone_ms": summary(each),
            "ack_ms": summary(acks), "missing": missing}


async def _find_scribes(target: Target, facilitator, phones: list[Phone]) -> dict[int, Phone]:
    """Hand out the roles; each group's scribe, as its phones' ``group:mine`` say."""
    ack = await facilitator.call("roles:assign", {"code": target.code}, timeout=TIMEOUT_S)
    assert ack["ok"], ack
    version = ack["groups"]["version"]
    groups = {phone.group for phone in phones}
    deadline = time.perf_counter() + 20
    while time.perf_counter() < deadline:
        scribes = {phone.group: phone for phone in phones
                   if phone.mine and phone.mine["version"] >= version and phone.mine["group"]
                   and phone.mine["group"]["roles"].get(SCRIBE) == phone.me}
        if len(scribes) == len(groups):
            return scribes
        await asyncio.sleep(0.05)
    raise AssertionError(f"{len(scribes)}/{len(groups)} groups' scribes known after 20 s")


async def _scribe(phone: Phone, target: Target, question: str, seconds: float, offset: float,
                  sent: dict[str, float]) -> tuple[int, int]:
    """Add a point, then edit it, every two seconds; (acknowledged, failed) edits."""
    await asyncio.sleep(offset)
    acked = failed = 0
    point, revision = f"point-g{phone.group}", None
    deadline = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        token = f"e{phone.group}-{n}"
        text = f"Punkt fra gruppe {phone.group} [{token}] " + "tekst " * 20
        if revision is None:
            edit = {"id": f"edit-{token}", "kind": "add", "point": point, "question": question,
                    "text": text}
        else:
            edit = {"id": f"edit-{token}", "kind": "edit", "point": point,
                    "revision": revision, "text": text}
        sent[token] = time.perf_counter()
        try:
            ack = await phone.client.call("answer:edit", {"code": target.code, "edit": edit},
                                          timeout=TIMEOUT_S)
            assert ack["ok"] and not ack["result"].get("duplicate"), ack
            revision = ack["result"]["point"]["revision"]
            acked += 1
        except Exception as error:  # noqa: BLE001 - counted
            print(f"  edit failed: {error}"[:300], file=sys.stderr)
            failed += 1
            del sent[token]
        await asyncio.sleep(max(0.0, EDIT_INTERVAL_S - (time.perf_counter() - sent.get(
            token, time.perf_counter()))))
    return acked, failed


async def _edits(target: Target, phones: list[Phone], scribes: dict[int, Phone], question: str,
                 seconds: float) -> dict:
    sent: dict[str, float] = {}
    cpu_before, started, client_before = target.cpu_seconds(), time.perf_counter(), _own_cpu()
    counts = await asyncio.gather(*(
        _scribe(scribe, target, question, seconds, EDIT_INTERVAL_S * index / len(scribes), sent)
        for index, scribe in enumerate(scribes.values())))
    await asyncio.sleep(1)  # the last edits' messages
    cpu, elapsed = target.cpu_seconds() - cpu_before, time.perf_counter() - started
    latencies, lost, duplicated = [], 0, 0
    for phone in phones:
        if scribes[phone.group] is phone:
            continue
        for token, at in sent.items():
            if not token.startswith(f"e{phone.group}-"):
                continue
            arrivals = phone.tokens.get(token, [])
            if not arrivals:
                lost += 1
                continue
            duplicated += len(arrivals) - 1
            latencies.append((arrivals[0] - at) * 1000)
    acked = sum(count[0] for count in counts)
    return {"edits": acked, "failed": sum(count[1] for count in counts),
            "edits_per_s": round(acked / elapsed, 1), "to_members_ms": summary(latencies),
            "lost": lost, "duplicated": duplicated,
            "server_cpu_percent": round(100 * cpu / elapsed, 1),
            "client_cpu_percent": round(100 * (_own_cpu() - client_before) / elapsed, 1),
            "cpu_ms_per_edit": round(1000 * cpu / max(acked, 1), 2)}


async def _reconnects(target: Target, phones: list[Phone], drop: int) -> dict:
    dropped = phones[len(phones) - drop:]  # spread over every group, no scribe among them
    for phone in dropped:
        phone.client.abort()
    await asyncio.sleep(2)  # the phones are away; the server notices
    away = {phone.me for phone in dropped}
    seen_offline = {member["id"] for phone in phones[:len(phones) - drop]
                    if phone.mine and phone.mine["group"]
                    for member in phone.mine["group"]["members"]
                    if member["id"] in away and not member["online"]}
    await _disconnect([phone.client for phone in dropped])
    cpu_before, started, client_before = target.cpu_seconds(), time.perf_counter(), _own_cpu()
    overflows = listen_overflows()
    waits = await asyncio.gather(*(_attempt(phone.rejoin(target)) for phone in dropped))
    all_back = time.perf_counter() - started
    cpu = target.cpu_seconds() - cpu_before
    back = [wait for wait in waits if wait is not None]
    return {"phones": len(dropped), "all_back_s": round(all_back, 2), "per_phone_ms": summary(back),
            "failed": len(waits) - len(back), "seen_offline": len(seen_offline),
            "listen_overflows": listen_overflows() - overflows,
            "server_cpu_percent": round(100 * cpu / all_back, 1),
            "client_cpu_percent": round(100 * (_own_cpu() - client_before) / all_back, 1)}


async def measure_hall(target: Target, phones_count: int, groups: int, spread_s: float,
                       rounds: int, edit_seconds: float, drop: int, question: str) -> dict:
    """Scenarios 1, 3, 4, 5 and 6, one after the other, with the same phones."""
    facilitator, group_ids = await _facilitator(target, groups)
    shared = Shared()
    phones = _phones(phones_count, group_ids, shared)
    cpu_before, started, client_before = target.cpu_seconds(), time.perf_counter(), _own_cpu()
    joins = await _spread_joins(target, phones, spread_s)
    elapsed = time.perf_counter() - started
    joined = [ms for ms in joins if ms is not None]
    arrival = {"join_ms": summary(joined), "failed": len(joins) - len(joined),
               "seconds": round(elapsed, 1),
               "server_cpu_percent": round(100 * (target.cpu_seconds() - cpu_before)
                                           / elapsed, 1),
               "client_cpu_percent": round(100 * (_own_cpu() - client_before) / elapsed, 1)}
    print(f"  {target.name}: arrivals {arrival}", flush=True)
    await asyncio.sleep(2)  # the last coalesced announcements
    phones = [phone for phone, ms in zip(phones, joins, strict=True) if ms is not None]
    joined_phones = phones  # the scribes too: every connection is closed at the end
    result = {"arrival": arrival, "rss_mb": target.rss_mb()}

    async def part(name: str, coroutine):
        """One part's figures; a part that fails is recorded as failed, and the next runs
        (with the facilitator connected again if the server dropped it)."""
        nonlocal facilitator
        try:
            result[name] = await coroutine
        except Exception as error:  # noqa: BLE001 - recorded; the next part still runs
            result[name] = {"error": f"{type(error).__name__}: {error}"[:300]}
        shown = result[name] if name != "scribes" or "error" in result[name] else \
            f"{len(result[name])} found"
        print(f"  {target.name}: {name} {shown}", flush=True)
        if not facilitator.connected:
            await facilitator.close()
            facilitator = await _client(target.base, target.facilitator_cookie, {})
            await facilitator.call("seminar:join", {"code": target.code,
                                                    "view": "facilitator"}, timeout=TIMEOUT_S)
        return result[name]

    await part("programme", _programme_rounds(target, facilitator, phones, shared, rounds))
    scribes = await part("scribes", _find_scribes(target, facilitator, phones))
    if "error" not in scribes:
        await part("edits", _edits(target, phones, scribes, question, edit_seconds))
        result["scribes"] = len(scribes)
        phones = [phone for phone in phones if scribes[phone.group] is not phone]
    await part("reconnect", _reconnects(target, [phone for phone in phones
                                                 if phone.client.connected], drop))
    await _disconnect([phone.client for phone in joined_phones] + [facilitator])
    return result


# --- servers -------------------------------------------------------------------------------

@contextmanager
def app_target(phones: int, limits: bool):
    with seminar_server("gevent", kit=KIT, limits=limits, phones=phones) as addresses:
        cookie = asyncio.run(_facilitator_cookie(addresses["facilitator"]))
        yield Target("app", addresses["base"], addresses["code"], cookie,
                     [addresses["process"]])


@contextmanager
def cluster_target(phones: int, limits: bool, processes: int):
    """The app as ``processes`` processes behind nginx and Redis (benchmarks/cluster.py)."""
    from benchmarks.cluster import cluster

    with tempfile.TemporaryDirectory() as workdir, tempfile.TemporaryDirectory() as instance:
        env = {"SEMINAR_INSTANCE_PATH": instance, "SEMINAR_DEFAULT_KIT": KIT,
               "SEMINAR_KITS_DIR": str(ROOT / "sessions"),
               "SEMINAR_ASYNC_MODE": "gevent", "SEMINAR_TRUSTED_PROXIES": "1",
               **limit_settings(limits, phones)}
        with cluster(Path(workdir), processes=processes, env=env) as running:
            link = getattr(running, "facilitator_url", None) or _facilitator_link(env,
                                                                                running.url)
            code = re.search(r"/s/([A-Z0-9]+)/facilitator", link)[1]
            cookie = asyncio.run(_facilitator_cookie(link))
            yield Target(f"app×{processes}", running.url, code, cookie,
                         [psutil.Process(process.pid) for process in running.processes])


def _facilitator_link(env: dict[str, str], base: str) -> str:
    """The default seminar's facilitator link, from ``seminar keys``, through ``base``."""
    keys = subprocess.run([sys.executable, "-m", "seminar", "keys"], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          check=True).stdout
    match = re.search(r"/s/[A-Z0-9]+/facilitator\?key=\S+", keys)
    assert match, keys
    return base + match[0]


@contextmanager
def relay_target():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.bursts_relay", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield Target("relay", f"http://127.0.0.1:{port}", "RELAY", "",
                     [psutil.Process(process.pid)])
    finally:
        process.terminate()
        process.wait(10)


# --- report --------------------------------------------------------------------------------

def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b and b != float("inf") else float("inf")


def _get(figures: dict, *keys, missing=float("inf")):
    """``figures[k1][k2]...``, or ``missing`` where a part failed or was not run."""
    for key in keys:
        if not isinstance(figures, dict) or key not in figures:
            return missing
        figures = figures[key]
    return figures


def floors(app: dict, relay: dict) -> list[tuple[str, bool, str]]:
    join_p95 = _get(app, "hall", "arrival", "join_ms", "p95")
    together = (_get(app, "simultaneous", "all_joined_s"),
                _get(relay, "simultaneous", "all_joined_s"))
    back = _get(app, "hall", "reconnect", "all_back_s")
    per_edit = (_get(app, "hall", "edits", "cpu_ms_per_edit"),
                _get(relay, "hall", "edits", "cpu_ms_per_edit"))
    lost = sum(_get(app, *keys, missing=1) for keys in (
        ("hall", "edits", "lost"), ("hall", "edits", "duplicated"), ("hall", "edits", "failed"),
        ("hall", "arrival", "failed"), ("hall", "reconnect", "failed"),
        ("simultaneous", "failed"), ("hall", "programme", "missing")))
    memory = _get(app, "hall", "rss_mb")
    return [
        ("join p95 < 250 ms while arriving over the spread", join_p95 < 250, f"{join_p95} ms"),
        ("simultaneous: all joined within 2× the relay", together[0] <= 2 * together[1],
         f"{together[0]} s vs {together[1]} s ({_ratio(*together)}×)"),
        ("reconnecting: all back within 1.5 s", back <= 1.5, f"{back} s"),
        ("CPU per edit within 2.5× the relay", per_edit[0] <= 2.5 * per_edit[1],
         f"{per_edit[0]} vs {per_edit[1]} ms ({_ratio(*per_edit)}×)"),
        ("memory < 250 MB", memory < 250, f"{memory} MB"),
        ("nothing lost, duplicated or failed", lost == 0, f"{lost}"),
    ]


def _row(name: str, app: str, relay: str) -> None:
    print(f"{name:46}{app:>27}{relay:>27}")


def _ms(figures) -> str:
    if not isinstance(figures, dict) or "p50" not in figures:
        return "failed"
    return f"{figures['p50']} / {figures['p95']} / {figures['max']}"


ROWS = (  # (label, keys into an entry, figures are p50/p95/max)
    ("arrivals: one phone's join p50/p95/max ms", ("hall", "arrival", "join_ms"), True),
    ("arrivals: phones failed", ("hall", "arrival", "failed"), False),
    ("server CPU while arriving (% of a core)", ("hall", "arrival", "server_cpu_percent"),
     False),
    ("client CPU while arriving (% of a core)", ("hall", "arrival", "client_cpu_percent"),
     False),
    ("simultaneous: all joined (s)", ("simultaneous", "all_joined_s"), False),
    ("simultaneous: one phone's wait p50/p95/max", ("simultaneous", "wait_ms"), True),
    ("simultaneous: listen queue overflows", ("simultaneous", "listen_overflows"), False),
    ("programme → last phone p50/p95/max ms", ("hall", "programme", "last_phone_ms"), True),
    ("edit → group's phones p50/p95/max ms", ("hall", "edits", "to_members_ms"), True),
    ("edits per second", ("hall", "edits", "edits_per_s"), False),
    ("server CPU during the edits (%)", ("hall", "edits", "server_cpu_percent"), False),
    ("CPU per edit (ms)", ("hall", "edits", "cpu_ms_per_edit"), False),
    ("reconnecting: all back (s)", ("hall", "reconnect", "all_back_s"), False),
    ("reconnecting: per phone p50/p95/max ms", ("hall", "reconnect", "per_phone_ms"), True),
    ("server memory with all phones (MB)", ("hall", "rss_mb"), False),
)


def report(result: dict) -> None:
    app, relay = result["app"], result["relay"]
    print()
    _row("", app.get("name", "app"), "bare relay")
    for label, keys, spread in ROWS:
        figures = [_get(entry, *keys, missing="failed") for entry in (app, relay)]
        _row(label, *(_ms(f) if spread else str(f) for f in figures))
    for entry in (app, relay):
        for name, figures in entry.get("hall", {}).items():
            if isinstance(figures, dict) and "error" in figures:
                print(f"{entry.get('name')}: {name} failed: {figures['error']}")
    print()
    for name, passed, figure in result["floors"]:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {figure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--spread", type=float, default=30.0, help="arrival spread (s)")
    parser.add_argument("--rounds", type=int, default=10, help="programme changes")
    parser.add_argument("--edit-seconds", type=float, default=20.0)
    parser.add_argument("--drop", type=int, default=300, help="phones dropped and back")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--only", choices=("simultaneous", "hall"),
                        help="one part only (to develop; no floors then)")
    parser.add_argument("--no-limits", action="store_true",
                        help="turn the rate limits off (to compare: their cost)")
    args = parser.parse_args()
    drop = min(args.drop, args.phones - args.groups)
    question = next(block for block in load_kit((ROOT / "sessions" / KIT).read_text(
        encoding="utf-8")).blocks if block.questions).questions[0].id
    limits = limit_settings(not args.no_limits, args.phones)
    print(f"phones={args.phones} groups={args.groups} spread={args.spread}s "
          f"processes={args.processes} drop={drop}; rate limits: "
          + (", ".join(f"{k}={v}" for k, v in limits.items()) or "the defaults"), flush=True)

    def app_server():
        if args.processes > 1:
            return cluster_target(args.phones, not args.no_limits, args.processes)
        return app_target(args.phones, not args.no_limits)

    started = time.monotonic()
    result = {"phones": args.phones, "groups": args.groups, "spread_s": args.spread,
              "processes": args.processes, "rate_limits": limits or "defaults",
              "load_before": os.getloadavg()}
    for name, server in (("app", app_server), ("relay", relay_target)):
        entry = result[name] = {}
        if args.only != "hall":
            with server() as target:
                entry["name"] = target.name
                print(f"{target.name}: {args.phones} phones at the same moment", flush=True)
                entry["simultaneous"] = asyncio.run(measure_simultaneous(target, args.phones,
                                                                         args.groups))
                print(f"  {entry['simultaneous']}", flush=True)
        if args.only != "simultaneous":
            with server() as target:
                entry["name"] = target.name
                print(f"{target.name}: the hall", flush=True)
                entry["hall"] = asyncio.run(measure_hall(
                    target, args.phones, args.groups, args.spread, args.rounds,
                    args.edit_seconds, drop, question))
        if FAILURES:
            print(f"  {len(FAILURES)} failures so far", flush=True)
    if args.only:
        print(json.dumps({name: result[name] for name in ("app", "relay")}, indent=1))
        return
    result["floors"] = floors(result["app"], result["relay"])
    result["ratios"] = {name: _ratio(_get(result["app"], *keys), _get(result["relay"], *keys))
                        for name, keys in (
                            ("simultaneous_all_joined", ("simultaneous", "all_joined_s")),
                            ("cpu_per_edit", ("hall", "edits", "cpu_ms_per_edit")),
                            ("reconnect_all_back", ("hall", "reconnect", "all_back_s")))}
    result["duration_s"] = round(time.monotonic() - started, 1)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    suffix = (f"-{args.processes}p" if args.processes > 1 else "") + \
        ("-no-limits" if args.no_limits else "")
    (out / f"bursts{suffix}.json").write_text(json.dumps(result, indent=2))
    report(result)
    print(f"ratios app/relay: {result['ratios']}; the run took {result['duration_s']} s")


if __name__ == "__main__":
    main()
