"""Languages, end to end: a phone switches to nynorsk, the facilitator sets the seminar's
language to English and the projector reloads in it, while the phone keeps its own choice.

Screenshots of the switch on a phone and of the projector after the change are saved in the
test's tmp dir.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import format_violations

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
PROJECTOR_VIEWPORT = {"width": 1920, "height": 1080}
CONSOLE_VIEWPORT = {"width": 1280, "height": 800}


def test_a_phone_switches_and_the_projector_follows_the_seminar(server, new_page, axe_audit,
                                                                tmp_path):
    phone = new_page(PHONE["viewport"], name="phone",
                     **{key: value for key, value in PHONE.items() if key != "viewport"})
    phone.goto(server.participant_url)
    expect(phone.locator("html")).to_have_attribute("lang", "nb")
    switch = phone.get_by_role("navigation", name="Språk")
    switch.get_by_role("link", name="Nynorsk").click()
    expect(phone).to_have_url(server.participant_url + "?lang=nn")
    expect(phone.locator("html")).to_have_attribute("lang", "nn")
    switch = phone.get_by_role("navigation", name="Språk")
    expect(switch.get_by_role("link", name="Nynorsk")).to_have_attribute("aria-current", "true")
    expect(phone.locator("[data-connection]")).to_have_attribute("data-state", "connected")
    for link in switch.get_by_role("link").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (link.text_content(), box)
    # The switch sits at the foot of the phone's page (the task comes first): tab to it.
    for _ in range(80):
        phone.keyboard.press("Tab")
        if phone.evaluate("() => document.activeElement.textContent") == "Bokmål":
            break
    focused = phone.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return [document.activeElement.textContent, style.outlineStyle, style.outlineWidth];
    }""")
    assert focused[0] == "Bokmål" and focused[1] != "none" and focused[2] != "0px", focused
    phone.screenshot(path=tmp_path / "phone-nynorsk-320.png")
    violations = axe_audit(phone)
    assert not violations, format_violations(violations, "phone (nn): ")

    projector = new_page(PROJECTOR_VIEWPORT, name="projector")
    projector.goto(server.projector_url + "?lang=en")  # ignored: the seminar decides
    expect(projector.locator("html")).to_have_attribute("lang", "nb")
    expect(projector.locator("[data-connection]")).to_have_attribute("data-state", "connected")
    assert projector.locator(".language-switch").count() == 0

    console = new_page(CONSOLE_VIEWPORT, name="console")
    console.goto(server.facilitator_url)
    expect(console).to_have_url(server.facilitator_clean_url)
    # The console's language form is the console's to place; post what it sends.
    console.goto(server.url(f"/s/{server.code}/delete"))
    token = console.locator("input[name=csrf]").first.get_attribute("value")
    response = console.request.post(server.url(f"/s/{server.code}/language"),
                                    form={"language": "en", "csrf": token}, max_redirects=0)
    assert response.status == 303

    expect(projector.locator("html")).to_have_attribute("lang", "en")  # reloaded by itself
    expect(projector.locator("[data-connection]")).to_have_attribute("data-state", "connected")
    expect(projector.locator(".projector-seminar")).to_have_attribute("lang", "nb")  # the kit
    expect(projector.locator(".bar-join")).to_contain_text("Join:")  # the interface's words
    expect(projector.get_by_role("heading", name="Programme", exact=True)).to_be_visible()
    projector.screenshot(path=tmp_path / "projector-english-1080.png")
    violations = axe_audit(projector)
    assert not violations, format_violations(violations, "projector (en): ")

    phone.reload()
    expect(phone.locator("html")).to_have_attribute("lang", "nn")  # the phone's own choice
