"""The server's disk runs full while a scribe writes, end to end in Chromium on a real small
filesystem: the edits are refused with `storage_unavailable`, the console shows its banner, the
phone keeps every edit ("not saved yet"); once there is room again the banner goes, the phone
sends what it kept, and every typed point is stored exactly once. And an edit the server can
never take leaves the outbox with its text shown, to be copied."""

import contextlib
import json
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import open_console_task, wait_until
from tests.e2e.test_answers_journey import _add, _phone, _points, choose_group, group_work, start
from tests.e2e.test_programme_journey import PHONE, wait_connected
from tests.small_disk import small_disk

pytestmark = pytest.mark.e2e

BEFORE = ["Felles planleggingsdag", "Kulturskolen inn i timeplanen"]
DURING = ["Lærere som underviser begge steder", "Felles konsert i desember",
          "Samme skyss for alle elever"]


@pytest.fixture
def disk(tmp_path):
    """Set up before (so torn down after) the servers and pages that use it."""
    with small_disk(tmp_path) as disk:
        yield disk


def _strings(page) -> dict:
    """The page's own strings for its scripts (whatever their language on this branch)."""
    return json.loads(page.locator("#i18n").text_content())


def _stored_texts(database) -> list[str]:
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return [row[0] for row in db.execute("SELECT text FROM points ORDER BY text")]


def _refusals(page) -> list[str]:
    """Collect the error codes of the acknowledgements the page's socket receives."""
    codes: list[str] = []

    def on_socket(ws):
        def on_frame(payload):
            text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
            if '"ok":false' in text.replace(" ", ""):
                start = text.find("[")
                with contextlib.suppress(ValueError, KeyError, IndexError, TypeError):
                    codes.append(json.loads(text[start:])[0]["error"]["code"])

        ws.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    return codes


def test_a_full_disk_keeps_the_scribes_edits_on_the_phone_and_they_arrive_once_when_there_is_room(  # noqa: E501
        disk, server_factory, new_page, axe_audit):
    server = server_factory(env={"SEMINAR_DATABASE": str(disk.database),
                                 "SEMINAR_CHECKPOINT_INTERVAL": "3600",
                                 "SEMINAR_STORAGE_PROBE_INTERVAL": "0.5"})
    facilitator = group_work(server, new_page, groups=("Bergen",))
    banner = facilitator.locator("[data-storage-banner]")
    expect(banner).to_be_hidden()
    kari = new_page(PHONE["viewport"], name="phone Kari",
                    **{key: value for key, value in PHONE.items() if key != "viewport"})
    refusals = _refusals(kari)
    kari.goto(server.join_url)
    wait_connected(kari, current=1)
    start(kari, "Kari")
    choose_group(kari, "Bergen")
    kari.get_by_role("button", name="Ta rollen: Skriver").click()
    ola = _phone(server, new_page, "Ola", "Bergen")
    for text in BEFORE:
        _add(kari, "q1", text)
    expect(_points(ola, "q1")).to_have_text(BEFORE)
    strings = _strings(kari)

    # The disk runs full: the phone keeps what the scribe types, the console says so.
    disk.fill()
    for text in DURING:
        _add(kari, "q1", text)
    expect(banner).to_be_visible()
    expect(banner).to_be_in_viewport()
    expect(facilitator.locator("[data-console-bar]")).to_be_in_viewport()  # still all there
    expect(banner).to_have_attribute("role", "alert")  # read out when it appears
    expect(banner.locator("strong")).not_to_be_empty()
    expect(_points(kari, "q1")).to_have_text(BEFORE + DURING)
    expect(kari.locator('[data-question="q1"] .point-badges')).to_have_text(
        [strings["not_saved"]] * len(DURING))
    expect(kari.locator("[data-answers-pending]")).to_have_text(
        strings["pending_not_saved"].replace("{count}", str(len(DURING))))
    expect(_points(ola, "q1")).to_have_text(BEFORE)  # nothing unsaved reaches the group
    wait_until(lambda: "storage_unavailable" in refusals, message="a storage_unavailable ack")
    assert set(refusals) == {"storage_unavailable"}  # never a generic error
    assert axe_audit(kari) == []
    assert axe_audit(facilitator) == []
    facilitator.reload()  # a console that joins meanwhile shows the banner from the join answer
    wait_connected(facilitator, current=1)
    expect(banner).to_be_visible()
    assert _stored_texts(disk.database) == sorted(BEFORE)

    # Room again: the banner goes, the phone sends what it kept, each point once.
    disk.free()
    expect(banner).to_be_hidden(timeout=20_000)
    expect(_points(ola, "q1")).to_have_text(BEFORE + DURING, timeout=20_000)
    expect(kari.locator('[data-question="q1"] .point-badges')).to_have_count(0)
    expect(kari.locator("[data-answers-pending]")).to_have_text("")
    assert _stored_texts(disk.database) == sorted(BEFORE + DURING)
    ola.reload()
    wait_connected(ola, current=1)
    expect(_points(ola, "q1")).to_have_text(BEFORE + DURING)
    kari.wait_for_function("(code) => !Object.keys(localStorage).some((k) => k.includes(code))",
                           arg=server.code, polling=100)  # the outbox is empty


def test_an_edit_the_server_can_never_take_leaves_the_outbox_with_its_text_to_copy(
        server, new_page, axe_audit):
    facilitator = group_work(server, new_page, groups=("Bergen",))
    kari = new_page(PHONE["viewport"], name="phone Kari",
                    permissions=["clipboard-read", "clipboard-write"],
                    **{key: value for key, value in PHONE.items() if key != "viewport"})
    kari.goto(server.join_url)
    wait_connected(kari, current=1)
    start(kari, "Kari")
    choose_group(kari, "Bergen")
    kari.get_by_role("button", name="Ta rollen: Skriver").click()
    ola = _phone(server, new_page, "Ola", "Bergen")
    _add(kari, "q1", "Første utkast")
    expect(_points(ola, "q1")).to_have_text(["Første utkast"])
    open_console_task(facilitator, "work")
    facilitator.locator("#all-members-write").check()
    expect(ola.locator("[data-answers-who]").first).to_contain_text("Du skriver gruppens punkter")

    # Kari rewrites the point offline; meanwhile Ola deletes it.
    new_page.tolerate(r"ERR_INTERNET_DISCONNECTED|WebSocket connection|ERR_FAILED",
                      url=server.base_url, reason="the phone is deliberately offline")
    kari.context.set_offline(True)
    expect(kari.locator("[data-connection]")).to_have_attribute("data-state", "disconnected")
    rewritten = "Første utkast, skrevet om\nmed en linje til"
    kari.locator('[data-question="q1"] [data-points]').get_by_role(
        "button", name="Første utkast").click()
    kari.get_by_label("Endre punkt 1").fill(rewritten)
    kari.get_by_role("button", name="Lagre").click()
    ola.get_by_role("button", name="Mer for punkt 1").click()
    ola.get_by_role("button", name="Slett: punkt 1").click()
    expect(_points(ola, "q1")).to_have_count(0)

    # Back online: the edit of a point that is gone can never succeed, so it leaves the
    # outbox, and its text is shown to be copied.
    kari.context.set_offline(False)
    strings = _strings(kari)
    refused = kari.locator("[data-answers-refused]")
    expect(refused).to_be_visible(timeout=20_000)
    expect(refused.locator(".refused-text")).to_have_text([rewritten])
    expect(_points(kari, "q1")).to_have_count(0)
    assert axe_audit(kari) == []
    refused.get_by_role("button", name=strings["copy_text"]).click()
    expect(refused.locator("[data-refused-status]")).to_have_text(strings["copied"])
    assert kari.evaluate("() => navigator.clipboard.readText()") == rewritten
    kari.reload()  # what is shown to copy is kept on the phone until it is removed
    wait_connected(kari, current=1)
    expect(refused.locator(".refused-text")).to_have_text([rewritten])
    refused.get_by_role("button", name=strings["remove_text"]).click()
    expect(refused).to_be_hidden()
    kari.wait_for_function("(code) => !Object.keys(localStorage).some((k) => k.includes(code))",
                           arg=server.code, polling=100)
