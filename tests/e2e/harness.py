"""The end-to-end harness: a real ``seminar run`` server process and real Chromium pages.

The fixtures in ``conftest.py`` wrap these; journeys normally use the fixtures, but can import
the helpers (``from tests.e2e.harness import ...``) for their own set-ups.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
KITS_DIR = TESTS / "kits"
DEFAULT_KIT = "short.md"
AXE_JS = TESTS / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

CHROMIUM = os.environ.get("SEMINAR_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

ASYNC_MODES = ("gevent", "eventlet", "threading")


def e2e_async_mode() -> str:
    mode = os.environ.get("SEMINAR_E2E_ASYNC_MODE", "gevent").strip().lower() or "gevent"
    if mode not in ASYNC_MODES:
        raise ValueError(f"SEMINAR_E2E_ASYNC_MODE must be one of {ASYNC_MODES}, not {mode!r}")
    return mode


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


# -- the server process ---------------------------------------------------------------------------

# The keys are printed at the start that makes them only: later starts keep the ones known.
_FACILITATOR = re.compile(r"(https?://\S+?/s/([^/\s]+)/facilitator)(?:\?key=(\S+))?")
_PROJECTOR = re.compile(r"(https?://\S+?/s/[^/\s]+/projector)\b")
_JOIN = re.compile(r"(https?://\S+?/j/[^/\s]+)")
_ORGANISER = re.compile(r"(https?://\S+?/organiser/)(?:\s+\([^:()]+:\s*(\S+?)\))?")


class ServerError(RuntimeError):
    """The server process did not start (or died); the message ends with its log."""


class SeminarServer:
    """``python -m seminar run`` in a subprocess with its own instance folder and port.

    ``start()`` waits until the addresses are printed and the port answers HTTP. ``stop()``
    ends it with SIGTERM, ``kill()`` with SIGKILL, ``restart()`` starts it again on the same
    instance folder and port (so the same seminar, keys and state). Everything the process
    writes goes to ``log_path``.
    """

    def __init__(self, instance_dir: Path, log_path: Path, *, port: int | None = None,
                 host: str = "127.0.0.1", async_mode: str | None = None,
                 kits_dir: Path = KITS_DIR, default_kit: str = DEFAULT_KIT,
                 env: dict[str, str] | None = None, name: str = "server",
                 args: Sequence[str] = ()) -> None:
        self.instance_dir = Path(instance_dir)
        self.log_path = Path(log_path)
        self.host = host
        self.port = port or free_port(host)
        self.async_mode = async_mode or e2e_async_mode()
        self.kits_dir = Path(kits_dir)
        self.default_kit = default_kit
        self.extra_env = dict(env or {})
        self.args = tuple(args)  # more options for ``seminar run``
        self.name = name
        self.process: subprocess.Popen | None = None
        self.starts = 0
        # Filled from the printed addresses on every start.
        self.facilitator_url = self.projector_url = self.join_url = self.organiser_url = ""
        self.code = self.facilitator_key = self.organiser_key = ""

    # -- addresses

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @property
    def participant_url(self) -> str:
        return self.url(f"/s/{self.code}")

    @property
    def facilitator_clean_url(self) -> str:
        return self.url(f"/s/{self.code}/facilitator")

    # -- life cycle

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("SEMINAR_")}
        env.update({
            "SEMINAR_INSTANCE_PATH": str(self.instance_dir),
            "SEMINAR_HOST": self.host,
            "SEMINAR_PORT": str(self.port),
            "SEMINAR_ASYNC_MODE": self.async_mode,
            "SEMINAR_KITS_DIR": str(self.kits_dir),
            "SEMINAR_DEFAULT_KIT": self.default_kit,
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 30.0) -> SeminarServer:
        if self.running:
            raise ServerError(f"{self.name} is already running (pid {self.process.pid})")
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self.starts}: {self.async_mode} mode, port {self.port}, "
                      f"{time.strftime('%H:%M:%S')} =====\n".encode())
            log.flush()
            offset = log.tell()
            # The child keeps its own copy of the descriptor; ours is closed on leaving `with`.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "seminar", "run", *self.args], cwd=ROOT, env=self._env(),
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_ready(offset, timeout)
        except BaseException:
            self.kill()
            raise
        return self

    def _wait_until_ready(self, offset: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        parsed = False
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"{self.name} exited with {self.process.returncode} "
                                  f"while starting\n{self.log_text()}")
            if not parsed:
                parsed = self._parse_addresses(self._log_since(offset))
            # The seminar's own page, so that another server on this port cannot pass.
            if parsed and self._answers(f"/s/{self.code}/projector") \
                    and self.process.poll() is None:
                return
            time.sleep(0.05)
        raise ServerError(f"{self.name} did not become ready within {timeout} s\n"
                          f"{self.log_text()}")

    def _log_since(self, offset: int) -> str:
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def _parse_addresses(self, text: str) -> bool:
        matches = (_FACILITATOR.search(text), _PROJECTOR.search(text), _JOIN.search(text),
                   _ORGANISER.search(text))
        if not all(matches):
            return False
        facilitator, projector, join, organiser = matches
        _console, code, key = facilitator.groups()
        if key or code != self.code:  # a new default seminar prints its new key
            self.facilitator_url, self.facilitator_key = facilitator.group(0), key or ""
        self.code = code
        self.projector_url = projector.group(1)
        self.join_url = join.group(1)
        self.organiser_url = organiser.group(1)
        self.organiser_key = organiser.group(2) or self.organiser_key
        return True

    def _answers(self, path: str = "/") -> bool:
        try:
            with urllib.request.urlopen(self.url(path), timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """End the process with SIGTERM (SIGKILL if it does not go within ``timeout``)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        self.process = None

    def kill(self) -> None:
        """End the process with SIGKILL: no chance to clean up, like a crash."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self.process = None

    def restart(self, *, kill: bool = False, timeout: float = 30.0) -> SeminarServer:
        """Stop (or SIGKILL) and start again with the same instance folder and port."""
        if kill:
            self.kill()
        else:
            self.stop()
        return self.start(timeout)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no log)"

    def __repr__(self) -> str:
        state = f"pid {self.process.pid}" if self.running else "stopped"
        return f"<SeminarServer {self.name} {self.base_url} {self.async_mode} {state}>"


# -- browser pages --------------------------------------------------------------------------------

# What Chromium logs while the server is away on purpose: the Socket.IO client's failed
# reconnection attempts (polling requests and WebSocket handshakes to /socket.io/).
_RECONNECT_NOISE = (
    re.compile(r"^WebSocket connection to 'wss?://[^']*/socket\.io/\?[^']*' failed"),
    re.compile(r"^Failed to load resource: net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|"
               r"CONNECTION_CLOSED|EMPTY_RESPONSE|CONNECTION_ABORTED)"),
)


@dataclass
class BrowserProblem:
    page: str
    kind: str  # "console.error" or "pageerror"
    text: str
    url: str = ""
    tolerated: str = ""  # why it does not fail the test, if it does not

    def __str__(self) -> str:
        where = f" at {self.url}" if self.url else ""
        why = f" [tolerated: {self.tolerated}]" if self.tolerated else ""
        return f"[{self.page}] {self.kind}: {self.text}{where}{why}"


@dataclass
class PageFactory:
    """``new_page(viewport, **context_options)``: each page in a browser context of its own.

    Every console error and uncaught page error is collected; the test fails if any was not
    tolerated. Inside ``tolerating_reconnect(server)``, only the network errors of the Socket.IO
    client failing to reach that server are tolerated (a deliberate restart).
    """

    browser: object
    default_timeout_ms: int = 10_000
    problems: list[BrowserProblem] = field(default_factory=list)
    contexts: list = field(default_factory=list)
    tolerated: list = field(default_factory=list)  # (regex, url prefix, reason)
    _tolerate_origin: str | None = None
    _checked: int = 0

    def __call__(self, viewport: dict | tuple | None = None, *, name: str | None = None,
                 locale: str = "nb-NO", **context_options):
        if isinstance(viewport, tuple):
            viewport = {"width": viewport[0], "height": viewport[1]}
        context = self.browser.new_context(viewport=viewport or {"width": 1280, "height": 800},
                                           locale=locale, **context_options)
        context.set_default_timeout(self.default_timeout_ms)
        self.contexts.append(context)
        page = context.new_page()
        label = name or f"page{len(self.contexts)}"
        page.on("console", lambda message: self._on_console(label, message))
        page.on("pageerror", lambda error: self._record(
            BrowserProblem(label, "pageerror", f"{error.name}: {error.message}\n{error.stack}")))
        return page

    def _on_console(self, label: str, message) -> None:
        if message.type != "error":
            return
        location = message.location or {}
        url = location.get("url", "")
        self._record(BrowserProblem(label, "console.error", message.text, url))

    def tolerate(self, pattern: str, *, url: str, reason: str) -> None:
        """Tolerate console errors matching ``pattern`` (regex) logged for URLs starting with
        ``url``; give the ``reason`` — it is shown in the report."""
        self.tolerated.append((re.compile(pattern), url, reason))

    def _record(self, problem: BrowserProblem) -> None:
        for pattern, url, reason in self.tolerated:
            if (problem.kind == "console.error" and pattern.search(problem.text)
                    and problem.url.startswith(url)):
                problem.tolerated = reason
        origin = self._tolerate_origin
        if origin and problem.kind == "console.error" and self._is_reconnect_noise(problem,
                                                                                   origin):
            problem.tolerated = "socket reconnection during a deliberate server restart"
        self.problems.append(problem)

    @staticmethod
    def _is_reconnect_noise(problem: BrowserProblem, origin: str) -> bool:
        host = origin.split("://", 1)[1]
        if not any(pattern.search(problem.text) for pattern in _RECONNECT_NOISE):
            return False
        if problem.text.startswith("WebSocket connection"):
            return f"://{host}/socket.io/" in problem.text
        # "Failed to load resource" names the URL in the message's location.
        return problem.url.startswith(f"{origin}/socket.io/")

    @contextlib.contextmanager
    def tolerating_reconnect(self, server: SeminarServer, pages=()):
        """Tolerate the Socket.IO client's connection errors while ``server`` restarts.

        Leave the block only once every page has reconnected (the caller waits inside), so
        the errors of the outage are delivered while it is still tolerated; ``pages`` are
        pumped once more on leaving to be sure.
        """
        self._tolerate_origin = server.base_url
        try:
            yield
            for page in pages:
                page.evaluate("1")
        finally:
            self._tolerate_origin = None

    def failures(self) -> list[BrowserProblem]:
        return [problem for problem in self.problems if not problem.tolerated]

    def check(self) -> None:
        """Raise if an untolerated problem arrived since the last check."""
        failures = self.failures()
        new, self._checked = failures[self._checked:], len(failures)
        if new:
            raise AssertionError("The browser reported errors:\n"
                                 + "\n".join(f"  {problem}" for problem in new))

    def describe(self) -> str:
        return "\n".join(str(problem) for problem in self.problems) or "(none)"

    def close(self) -> None:
        while self.contexts:
            context = self.contexts.pop()
            with contextlib.suppress(Exception):
                context.close()


# -- accessibility --------------------------------------------------------------------------------

_AXE_ROUTE = "/__e2e__/axe.min.js"


def axe_audit(page, tags=AXE_TAGS, context: object = None) -> list[dict]:
    """Run axe-core on ``page`` for the WCAG 2.0/2.1 A and AA rules; return the violations.

    The pages send ``Content-Security-Policy: script-src 'self'``, which blocks an inline
    ``add_script_tag(content=/path=)``. Rather than switching CSP off for the context, the
    script is served from the page's own origin through a route and added by URL.
    """
    page.route(f"**{_AXE_ROUTE}", lambda route: route.fulfill(
        path=str(AXE_JS), content_type="application/javascript; charset=utf-8"))
    try:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(url=_AXE_ROUTE)
    finally:
        page.unroute(f"**{_AXE_ROUTE}")
    result = page.evaluate(
        "async ([context, tags]) => await axe.run(context || document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [context, list(tags)])
    return result["violations"]


def format_violations(violations: list[dict], where: str = "") -> str:
    """One readable paragraph per violated rule with each offending element."""
    lines = []
    for violation in violations:
        lines.append(f"{where}{violation['id']} ({violation.get('impact')}): "
                     f"{violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) if not isinstance(part, str) else part
                              for part in node["target"])
            lines.append(f"    {target}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
    return "\n".join(lines)


# -- live screens ---------------------------------------------------------------------------------

_COUNTDOWN = re.compile(r"^(\+)?(?:(\d+):)?(\d+):(\d{2})$")


def parse_countdown(text: str) -> int:
    """``"9:58"`` → 598, ``"1:02:00"`` → 3720, ``"+0:42"`` (overrun) → -42."""
    match = _COUNTDOWN.match(text.strip())
    if not match:
        raise ValueError(f"not a countdown: {text!r}")
    over, hours, minutes, seconds = match.groups()
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return -total if over else total


def countdown_seconds(page) -> int:
    return parse_countdown(page.locator("[data-countdown-value]").inner_text())


def countdown_status(page) -> str:
    return page.locator("[data-countdown]").get_attribute("data-status")


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.1, message: str = ""):
    """Poll ``predicate`` until it returns something truthy; return that, or fail.

    For conditions that span several pages; for one element, prefer Playwright's ``expect``.
    """
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = predicate()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s: {message or predicate}"
                                 f" (last value {last!r})")
        time.sleep(interval)


_LAYOUT_SETTLED = """(frames) => {
  const root = document.scrollingElement;
  const all = document.body.getElementsByTagName('*');
  let boxes = 0;
  for (const el of all) {
    const r = el.getBoundingClientRect();
    boxes += r.top * 3 + r.left * 5 + r.width * 7 + r.height * 11;
  }
  const layout = `${root.scrollWidth}x${root.scrollHeight} ${all.length} ${boxes}`;
  const state = window.__e2eLayout || (window.__e2eLayout = {layout: '', same: 0});
  state.same = state.layout === layout ? state.same + 1 : 0;
  state.layout = layout;
  if (state.same < frames) return false;
  delete window.__e2eLayout;
  return true;
}"""


def wait_for_layout(page, frames: int = 3, timeout: float = 10_000) -> None:
    """Wait until ``page`` is laid out: the page's size, its number of elements and every
    element's box unchanged for ``frames`` animation frames in a row (the countdown's text
    changes once a second, so a settled page is found between two changes)."""
    page.wait_for_function(_LAYOUT_SETTLED, arg=frames, polling="raf", timeout=timeout)


# -- the facilitator's console -------------------------------------------------------------------

CONSOLE_TASKS = ("programme", "groups", "work", "plenary", "hall", "summary", "kit", "settings")


def open_console_task(page, name: str):
    """Open one of the console's tasks through its task list (as a person would); return it."""
    from playwright.sync_api import expect

    if name not in CONSOLE_TASKS:
        raise ValueError(f"the console has no task {name!r}; it has {CONSOLE_TASKS}")
    task = page.locator(f'[data-task="{name}"]')
    if not task.is_visible():
        page.locator(f'[data-task-link="{name}"]').click()
    expect(task).to_be_visible()
    expect(page.locator(f'[data-task-link="{name}"]')).to_have_attribute("aria-current", "page")
    return task


def facilitate(server: SeminarServer, event: str, payload: dict) -> dict:
    """Send one facilitator event (``payload`` without the code) over a socket of its own,
    logged in by the facilitator link; return its acknowledgement."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _facilitate(server, event, payload)).result()


async def _facilitate(server, event, payload):
    import aiohttp
    import socketio

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(server.facilitator_url) as response:
            assert response.status == 200, response.status
        cookie = "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(server.base_url, transports=["websocket"], wait_timeout=20,
                         headers={"Cookie": cookie})
    try:
        return await client.call(event, {"code": server.code, **payload}, timeout=20)
    finally:
        await client.disconnect()


def populate_hall(server: SeminarServer, groups: int, *, members: int = 3,
                  points: dict[str, list[str]] | None = None, scribe_role: str = "skriver"):
    """Fill the seminar's existing groups (the first ``groups``) with ``members`` participants
    each, as phones would: open the page, join, give a name, choose the group. The first member
    of each group takes the scribe's role and writes ``points`` ({question id: [text, ...]}).
    Every phone disconnects at the end (the members stay, shown as not connected)."""
    # In a thread of its own: Playwright's sync API keeps an event loop on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _populate(server, groups, members, points or {},
                                           scribe_role)).result()


async def _populate(server, groups, members, points, scribe_role):
    import aiohttp
    import socketio

    code = server.code
    names = ("Kari", "Ola", "Aisha", "Per", "Ingrid", "Mohammed")

    async def phone(http, group_index, member):
        async with http.get(server.url(f"/s/{code}")) as response:
            assert response.status == 200, response.status
            cookie = "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(server.base_url, transports=["websocket"], wait_timeout=20,
                             headers={"Cookie": cookie})
        try:
            ack = await client.call("seminar:join", {"code": code, "view": "participant"},
                                    timeout=20)
            assert ack["ok"], ack
            ids = [group["id"] for group in ack["groups"]["groups"]]
            assert len(ids) >= groups, f"prepare {groups} groups first: {ack['groups']}"
            group = ids[group_index]
            name = f"{names[member % len(names)]} {group_index + 1}"
            # The name travels with the choice (a phone is a participant once in a group).
            ack = await client.call("group:choose", {"code": code, "group": group,
                                                     "display_name": name}, timeout=20)
            assert ack["ok"], ack
            if member == 0 and points:
                ack = await client.call("role:take", {"code": code, "role": scribe_role},
                                        timeout=20)
                assert ack["ok"], ack
                for question, texts in points.items():
                    for number, text in enumerate(texts):
                        edit = {"id": f"e2e-{group}-{question}-{number}", "kind": "add",
                                "point": f"e2e-p-{group}-{question}-{number}",
                                "question": question, "text": text}
                        ack = await client.call("answer:edit", {"code": code, "edit": edit},
                                                timeout=20)
                        while not ack["ok"] and ack["error"]["code"] == "rate_limited":
                            await asyncio.sleep(0.5)  # as the phone does: wait, send again
                            ack = await client.call("answer:edit",
                                                    {"code": code, "edit": edit}, timeout=20)
                        assert ack["ok"], ack
        finally:
            await client.disconnect()

    async with aiohttp.ClientSession() as http:
        # One phone after the other: this sets a hall up, it does not measure joining.
        for group_index in range(groups):
            for member in range(members):
                await phone(http, group_index, member)
