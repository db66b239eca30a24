"""End-to-end fixtures: a real ``seminar run`` server process and real Chromium pages.

- ``server``: a started :class:`SeminarServer` (own instance folder and free port; async mode
  from ``SEMINAR_E2E_ASYNC_MODE``, default gevent). ``server_factory(**options)`` makes more.
- ``browser``: one Chromium for the session (Debian's /usr/bin/chromium, no download).
- ``new_page(viewport, **context_options)``: a page in a browser context of its own; console
  errors and page errors fail the test (see ``PageFactory.tolerating_reconnect`` for restarts).
- ``axe_audit(page)``: the WCAG 2.0/2.1 A+AA violations axe-core finds on the page.

On failure the server log and the browser's console problems are added to the report.
Every test under tests/e2e is marked ``e2e``.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, PageFactory, SeminarServer, format_violations
from tests.e2e.harness import axe_audit as _axe_audit

__all__ = ["SeminarServer", "PageFactory", "format_violations"]

E2E_DIR = Path(__file__).parent
EXPECT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) if a page logged an error."""
    result = yield
    pages = item.funcargs.get("new_page") if hasattr(item, "funcargs") else None
    if pages is not None:
        pages.check()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and not getattr(item, "_e2e_reported", False):
        item._e2e_reported = True
        for server in getattr(item, "_e2e_servers", ()):
            report.sections.append((f"{server.name} log ({server.log_path})", server.log_text()))
        pages = getattr(item, "_e2e_pages", None)
        if pages is not None:
            report.sections.append(("browser console errors", pages.describe()))
    return report


@pytest.fixture(scope="session")
def browser():
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server_factory(request, tmp_path):
    """Make (and at the end stop) servers: ``server_factory(name="server", **options)``."""
    servers: list[SeminarServer] = []
    request.node._e2e_servers = servers

    def make(name: str = "server", start: bool = True, **options) -> SeminarServer:
        folder = tmp_path / name
        server = SeminarServer(folder / "instance", folder / "server.log", name=name, **options)
        servers.append(server)
        return server.start() if start else server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def server(server_factory) -> SeminarServer:
    return server_factory()


@pytest.fixture
def new_page(request, browser, server_factory):
    """``new_page(viewport, name=..., **context_options)`` → a Playwright page.

    Depends on ``server_factory`` so the pages are closed before the servers stop.
    """
    factory = PageFactory(browser)
    request.node._e2e_pages = factory
    yield factory
    factory.close()


@pytest.fixture
def axe_audit():
    """``axe_audit(page)`` → list of axe violations; ``format_violations`` makes them readable."""
    return _axe_audit
