"""The organiser uploads a broken kit on a 320 px phone (errors at their lines, axe-clean, no
sideways scrolling, the summary's links move focus to the line), then the kit the default
seminar's console downloads, which starts a new seminar with the same file."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.harness import format_violations

PHONE = {"width": 320, "height": 640}
BROKEN = ("# Samling med feil\n## Program\n### Velkommen\ntype: fest\nvarighet: 5\n"
          "### Et svært langt navn på en programpost uten varighet som må brytes på smale "
          "skjermer_uten_mellomrom_" + "x" * 80 + "\ntype: plenum\n")


def _no_sideways_scroll(page) -> None:
    scroll = page.evaluate("""() => ({width: document.scrollingElement.scrollWidth,
        innerWidth: innerWidth,
        wider: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > innerWidth)
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
          .slice(-5)})""")
    assert scroll["width"] <= scroll["innerWidth"], f"the page scrolls sideways: {scroll}"


def test_a_broken_upload_at_320_px_then_the_downloaded_kit_starts_a_new_seminar(
        server, new_page, axe_audit, tmp_path):
    new_page.tolerate(r"status of (401|400)", url=server.url("/organiser/"),
                      reason="the login page (401) and a refused upload (400) answer so on "
                             "purpose")
    page = new_page(PHONE, name="organiser")
    page.goto(server.url("/organiser/?lang=en"))
    page.get_by_label("Organiser key").fill(server.organiser_key)
    page.get_by_role("button", name="Log in").click()
    broken = tmp_path / "broken.md"
    broken.write_text(BROKEN, encoding="utf-8")
    page.get_by_label("Kit file (.md or .txt)").set_input_files(broken)
    page.get_by_role("button", name="Check and create seminar").click()
    expect(page.get_by_role("heading", name="Errors in the kit file")).to_be_visible()
    links = page.locator(".kit-check-summary a")
    expect(links).to_have_text(["Line 4", "Line 6"])
    links.nth(1).click()
    expect(page.locator("#kit-line-6")).to_be_focused()
    expect(page.locator("#kit-line-6 .kit-line-message")).to_contain_text("has no duration")
    _no_sideways_scroll(page)
    page.screenshot(path=tmp_path / "upload-errors-320.png", full_page=True)
    violations = axe_audit(page)
    assert violations == [], format_violations(violations, where="[upload errors] ")
    # The default seminar's kit, downloaded from its console, starts a new seminar.
    console = new_page({"width": 1280, "height": 800}, name="console")
    console.goto(server.facilitator_url)
    console.goto(server.facilitator_clean_url + "#task-settings")
    with console.expect_download() as download:
        console.locator("[data-kit-file]").click()
    kit_file = tmp_path / download.value.suggested_filename
    download.value.save_as(kit_file)
    assert re.fullmatch(r"[a-z0-9-]+\.md", kit_file.name)
    page.get_by_label("Kit file (.md or .txt)").set_input_files(kit_file)
    page.get_by_role("button", name="Check and create seminar").click()
    link = page.locator("[data-facilitator-link]").inner_text()
    code = re.search(r"/s/([A-Z0-9]{6})/facilitator", link)[1]
    assert code != server.code
    page.goto(server.url("/organiser/"))
    with page.expect_download() as again:
        page.locator(f'a[href="/s/{code}/kit.md"]').click()
    assert Path(again.value.path()).read_bytes() == kit_file.read_bytes()
