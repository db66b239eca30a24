"""A municipality adapts the national kit in the browser while its seminar runs, then shares it.

In Chromium against a real server started on the national kit: the facilitator gives the
seminar a new date and place, shortens "Gruppearbeid 1" to 40 minutes while the opening block
runs, and, once the group work runs, adds a question of its own and removes one nobody has
answered. The big screen and a group's phone follow each change at once, without a reload. The
kit is downloaded from the console, uploaded on the organiser's page as a new seminar, and the
new seminar's kit downloads as the very same file. Axe audits the editor after the edits.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import format_violations, open_console_task
from tests.e2e.test_answers_journey import choose_group, start, tab
from tests.e2e.test_programme_journey import PHONE, PROJECTOR_VIEWPORT, wait_connected

pytestmark = pytest.mark.e2e

SESSIONS = Path(__file__).parents[2] / "sessions"
NATIONAL = "nasjonalt-dialogseminar-2023.md"
LAPTOP = {"width": 1366, "height": 768}
QUICKLY = {"timeout": 1000}  # "at once": every screen shows an edit within a second
GROUP_WORK_1 = 2  # "Gruppearbeid 1: Lokal samhandling", 55 min, questions dt1-1 … dt1-4
NEW_QUESTION = "Spørsmål 5: Kulturskolen i kommunens planer"
REMOVED = "Spørsmål 4: Flere barn og unge i kulturaktiviteter"


def saved(console):
    """Wait until the editor has no change on its way, and none was refused."""
    editor = console.locator("[data-kit-editor]")
    expect(editor).not_to_have_attribute("data-kit-sending", "true")
    expect(editor.locator(".kit-error:visible")).to_have_count(0)


def set_field(console, key: str, value: str):
    field = console.locator(f'[data-kit-key="{key}"]')
    field.fill(value)
    field.press("Tab")
    saved(console)


def planned_time(page, block: int):
    """The time the programme shows for ``block``: the big screen's day list, the phone's
    programme."""
    return page.locator(f'[data-day-list] li[data-block="{block}"] .day-time, '
                        f'[data-programme] li[data-block="{block}"] .programme-time')


def test_adapt_the_national_kit_while_it_runs_and_share_it_back(server_factory, new_page,
                                                               axe_audit, tmp_path):
    server = server_factory(kits_dir=SESSIONS, default_kit=NATIONAL)
    console = new_page(LAPTOP, name="console")
    console.goto(server.facilitator_url)
    wait_connected(console, current=0)
    groups = open_console_task(console, "groups")
    console.fill("#group-list", "Bodø\nAsker")
    console.click("[data-prepare-groups] button")
    expect(groups.locator(".group-admin")).to_have_count(2)
    console.click('[data-action="start"]')
    projector = new_page(PROJECTOR_VIEWPORT, name="projector")
    projector.goto(server.projector_url)
    wait_connected(projector, current=0)
    phone = new_page(PHONE["viewport"], name="phone",
                     **{key: value for key, value in PHONE.items() if key != "viewport"})
    phone.goto(server.join_url)
    wait_connected(phone, current=0)
    start(phone, "Kari")
    choose_group(phone, "Bodø")
    for page in (projector, phone):
        expect(planned_time(page, GROUP_WORK_1)).to_have_text("55 min")
    for page in (console, projector, phone):
        page.evaluate("window.__e2eNotReloaded = true")

    # New date and place.
    open_console_task(console, "kit")
    set_field(console, "seminar.date", "2026-03-12")
    set_field(console, "seminar.place", "Bodø")

    # "Gruppearbeid 1" shortened to 40 minutes while the opening block runs: the big screen's
    # programme and the phone's follow at once.
    toggle = console.locator(f'[data-kit-key="block.{GROUP_WORK_1}"]')
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    set_field(console, f"block.{GROUP_WORK_1}.minutes", "40")
    for page in (projector, phone):
        expect(planned_time(page, GROUP_WORK_1)).to_have_text("40 min", **QUICKLY)

    # The group work runs; the facilitator adds a question and removes one without answers.
    console.locator(f'[data-go-to="{GROUP_WORK_1}"]').first.evaluate("(b) => b.click()")
    wait_connected(console, current=GROUP_WORK_1)
    console.click('[data-action="start"]')
    wait_connected(phone, current=GROUP_WORK_1)
    phone_questions = phone.locator(f'[data-answers-block="{GROUP_WORK_1}"] [data-question]')
    expect(phone_questions).to_have_count(4)
    question_titles = projector.locator(f'[data-block-detail="{GROUP_WORK_1}"] .question-title')
    expect(question_titles).to_have_count(4)

    console.locator(f'[data-kit-key="block.{GROUP_WORK_1}.add-question"]').click()
    new_title = console.locator(f"#kit-question-{GROUP_WORK_1}-4-title")
    expect(new_title).to_be_focused()
    new_title.fill(NEW_QUESTION)
    new_title.press("Tab")
    saved(console)
    console.locator(f'[data-kit-key="question.{GROUP_WORK_1}.3.remove"]').click()
    saved(console)
    expect(console.locator("[data-kit-confirm]")).to_be_hidden()  # nobody had answered it

    expect(question_titles).to_have_text(
        [re.compile("^Spørsmål 1"), re.compile("^Spørsmål 2"), re.compile("^Spørsmål 3"),
         NEW_QUESTION], **QUICKLY)
    expect(phone_questions.locator(".question-heading")).to_have_text(
        [re.compile("^Spørsmål 1"), re.compile("^Spørsmål 2"), re.compile("^Spørsmål 3"),
         NEW_QUESTION], **QUICKLY)
    expect(phone.locator('[data-question="dt1-4"]')).to_have_count(0)
    new_id = phone_questions.nth(3).get_attribute("data-question")
    tab(phone, new_id)
    expect(phone.locator(f'[data-question="{new_id}"] .question-heading')).to_have_text(
        NEW_QUESTION)
    for page in (console, projector, phone):
        assert page.evaluate("window.__e2eNotReloaded === true"), "a screen was reloaded"

    violations = axe_audit(console, context="[data-kit-editor]")
    assert violations == [], format_violations(violations, "[the editor after the edits] ")

    # Download the adapted kit from the console …
    console.goto(server.facilitator_clean_url + "#task-settings")
    with console.expect_download() as download:
        console.locator("[data-kit-file]").click()
    kit_file = tmp_path / download.value.suggested_filename
    download.value.save_as(kit_file)
    text = kit_file.read_text(encoding="utf-8")
    assert "dato: 2026-03-12" in text and "sted: Bodø" in text
    group_work = text.split("### Gruppearbeid 1")[1].split("\n### ")[0]
    assert "varighet: 40 min" in group_work
    assert f"#### {NEW_QUESTION}" in group_work and REMOVED not in text
    assert "### Gruppearbeid 2" in text  # the rest of the programme is as it was

    # … upload it as a new seminar, and download that one's kit: the same file.
    new_page.tolerate(r"status of 401", url=server.url("/organiser/"),
                      reason="the organiser login page answers 401 on purpose")
    organiser = new_page(LAPTOP, name="organiser")
    organiser.goto(server.url("/organiser/?lang=en"))
    organiser.get_by_label("Organiser key").fill(server.organiser_key)
    organiser.get_by_role("button", name="Log in").click()
    organiser.get_by_label("Kit file (.md or .txt)").set_input_files(kit_file)
    organiser.get_by_role("button", name="Check and create seminar").click()
    link = organiser.locator("[data-facilitator-link]").inner_text()
    code = re.search(r"/s/([A-Z0-9]{6})/facilitator", link)[1]
    assert code != server.code
    organiser.goto(server.url("/organiser/"))
    with organiser.expect_download() as again:
        organiser.locator(f'a[href="/s/{code}/kit.md"]').click()
    assert Path(again.value.path()).read_bytes() == kit_file.read_bytes()
