"""Helpers shared by the benchmarks: servers as subprocesses, clients, statistics."""

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import socketio

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def limit_settings(limits: bool, phones: int) -> dict[str, str]:
    """The server's environment for the rate limits.

    Off (``--no-limits``): ``SEMINAR_RATE_LIMITS=off``, to measure what the limits cost. On:
    every simulated phone comes from 127.0.0.1, one address, like a hall behind NAT; the
    per-address limits are sized for 300 phones, so for a larger run they are raised in
    proportion, as docs/limits.md advises for a larger hall behind one address. Every limit is
    still counted, so its cost is measured; none refuses what the run does.
    """
    if not limits:
        return {"SEMINAR_RATE_LIMITS": "off"}
    from limits import parse

    from seminar.config import Defaults
    from seminar.web.handlers import EVENTS
    from seminar.web.rate_limit import Per

    factor = -(-phones // 300)
    if factor <= 1:
        return {}
    per_address = {rule.setting for declared in EVENTS.values() for rule in declared.limit
                   if rule.per is Per.ADDRESS} | {"LIMIT_JOIN_PAGES_PER_ADDRESS"}
    settings = {}
    for setting in sorted(per_address):
        rate = parse(getattr(Defaults, setting))
        settings[f"SEMINAR_{setting}"] = (f"{rate.amount * factor} per {rate.multiples} "
                                          f"{rate.GRANULARITY.name}")
    return settings


@contextmanager
def seminar_server(async_mode: str = "gevent", kit: str = "nasjonalt-dialogseminar-2023.md",
                   *, limits: bool = True, phones: int = 300):
    """Start ``seminar run`` on a free port with a fresh instance; yield its addresses.

    ``limits`` false turns the rate limits off; ``phones`` sizes the per-address limits
    (``limit_settings``)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "SEMINAR_INSTANCE_PATH": instance, "SEMINAR_HOST": "127.0.0.1",
               "SEMINAR_PORT": str(port), "SEMINAR_ASYNC_MODE": async_mode,
               "SEMINAR_DEFAULT_KIT": kit, **limit_settings(limits, phones)}
        log = Path(instance) / "server.log"
        with log.open("w") as out:
            process = subprocess.Popen([sys.executable, "-m", "seminar", "run"], cwd=ROOT,
                                       env=env, stdout=out, stderr=subprocess.STDOUT)
            try:
                wait_for_port(port)
                text = log.read_text()
                addresses = {
                    "base": f"http://127.0.0.1:{port}",
                    "facilitator": re.search(r"(http://\S+/facilitator\?key=\S+)", text)[1],
                    "code": re.search(r"/j/([A-Z0-9]+)", text)[1],
                    "process": psutil.Process(process.pid),
                }
                yield addresses
            finally:
                process.terminate()
                process.wait(10)


@contextmanager
def bare_server(*arguments: str):
    """Start the bare relay (``benchmarks.bare_relay_server``) on a free port, with
    ``arguments`` after the port."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.bare_relay_server", str(port),
                                *arguments], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield {"base": f"http://127.0.0.1:{port}", "process": psutil.Process(process.pid)}
    finally:
        process.terminate()
        process.wait(10)


async def connect_clients(url: str, count: int, batch: int = 50, headers=None):
    """Connect ``count`` websocket-only clients, ``batch`` at a time."""
    clients = []
    for start in range(0, count, batch):
        group = [socketio.AsyncClient(reconnection=False) for _ in range(min(batch,
                                                                              count - start))]
        # A fresh headers dict per client: python-engineio removes "Cookie" from the one given.
        await asyncio.gather(*(client.connect(url, transports=["websocket"],
                                              headers=dict(headers or {}), wait_timeout=20)
                               for client in group))
        clients.extend(group)
    return clients


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        "max": round(ordered[-1], 1),
    }


def rss_mb(process: psutil.Process) -> float:
    return round(process.memory_info().rss / 2**20, 1)
