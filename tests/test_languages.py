"""Languages: bokmål, nynorsk and English screens; the language switch; the seminar's language
(set in the kit with ``språk:`` or by the facilitator), which the projector always follows."""

import json
import re

import pytest
from flask import render_template

from seminar.domain.errors import InvalidInput
from seminar.extensions import socketio
from seminar.services.seminars import create_seminar, find_seminar, set_seminar_language
from tests.conftest import NOW, SHORT_KIT
from tests.socket_helpers import received

NYNORSK_KIT = SHORT_KIT.replace("sted: Testsalen\n", "sted: Testsalen\nspråk: nn\n")


@pytest.fixture
def nynorsk_seminar(app_store):
    """A seminar whose kit says ``språk: nn``; returns (seminar, facilitator key)."""
    return create_seminar(app_store, "short.md", NYNORSK_KIT, NOW)


def _html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)">', page)[1]


def _switch(page: str) -> list[tuple[str, str, str, bool]]:
    """The language switch's links: (href, lang, name, marked as the current one)."""
    nav = re.search(r'<nav class="language-switch" aria-label="([^"]+)">(.*?)</nav>', page, re.S)
    assert nav, "no language switch on the page"
    return [(href.replace("&amp;", "&"), lang, name, bool(current))
            for href, lang, current, name in re.findall(
                r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+"( aria-current="true")?>'
                r"([^<]+)</a>", nav[2])]


def _as_facilitator(client, seminar, key) -> str:
    """Log ``client`` in as the seminar's facilitator; return its CSRF token."""
    assert client.get(f"/s/{seminar.code}/facilitator?key={key}").status_code == 302
    with client.session_transaction() as session:
        session["csrf"] = "test-token"
    return "test-token"


# -- the catalogues in use ---------------------------------------------------------------------

def test_the_start_page_speaks_bokmal_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert _html_lang(page) == "nb"
    assert "Skriv inn koden som vises på storskjermen, eller skann QR-koden." in page


def test_lang_nn_gives_nynorsk_and_is_remembered(client):
    page = client.get("/?lang=nn").get_data(as_text=True)
    assert _html_lang(page) == "nn"
    assert "Skriv inn koden som blir vist på storskjermen, eller skann QR-koden." in page
    assert "Hopp til hovudinnhaldet" in page
    later = client.get("/").get_data(as_text=True)
    assert _html_lang(later) == "nn"


def test_lang_en_gives_english(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert _html_lang(page) == "en"
    assert "Type the code shown on the big screen, or scan its QR code." in page


def test_an_unknown_language_is_ignored(client):
    client.get("/?lang=nn")
    page = client.get("/?lang=sv").get_data(as_text=True)
    assert _html_lang(page) == "nn"
    assert _html_lang(client.application.test_client().get("/?lang=de").get_data(
        as_text=True)) == "nb"


def test_the_script_strings_are_translated_too(client, make_seminar):
    seminar, _ = make_seminar()
    page = client.get(f"/s/{seminar.code}?lang=nn").get_data(as_text=True)
    table = json.loads(re.search(r'<script type="application/json" id="i18n">(.*?)</script>',
                                 page, re.S)[1])
    assert table["reconnecting"] == "Mista sambandet – koplar til igjen …"
    assert table["members_count"] == "{count} i gruppa"


# -- the language switch ---------------------------------------------------------------------

def test_every_page_but_the_projector_has_the_switch_keeping_the_address(client, make_seminar):
    seminar, _ = make_seminar()
    page = client.get(f"/s/{seminar.code}?lang=nn").get_data(as_text=True)
    assert 'aria-label="Språk"' in page
    assert _switch(page) == [
        (f"/s/{seminar.code}?lang=nb", "nb", "Bokmål", False),
        (f"/s/{seminar.code}?lang=nn", "nn", "Nynorsk", True),
        (f"/s/{seminar.code}?lang=en", "en", "English", False),
    ]
    for path in ("/", "/organiser/", f"/s/{seminar.code}/facilitator",
                 f"/s/{seminar.code}/report"):
        response = client.get(path)
        assert [link[0] for link in _switch(response.get_data(as_text=True))] == [
            f"{path}?lang=nb", f"{path}?lang=nn", f"{path}?lang=en"], path
    projector = client.get(f"/s/{seminar.code}/projector").get_data(as_text=True)
    assert "language-switch" not in projector


def test_the_switch_keeps_the_other_query_parameters(client, make_seminar):
    page = client.get("/?code=ABC&lang=en").get_data(as_text=True)
    assert _switch(page)[1][0] == "/?code=ABC&lang=nn"


def test_a_page_shown_after_a_post_switches_on_a_page_that_can_be_opened(client):
    page = client.post("/join", data={"code": "NOPE"}).get_data(as_text=True)
    assert [link[0] for link in _switch(page)] == ["/?lang=nb", "/?lang=nn", "/?lang=en"]


def test_the_switch_is_labelled_in_the_page_language(client):
    assert 'aria-label="Language"' in client.get("/?lang=en").get_data(as_text=True)


# -- the seminar's language --------------------------------------------------------------------

def test_a_seminar_takes_its_language_from_the_kit(app_store, nynorsk_seminar, make_seminar):
    seminar, _ = nynorsk_seminar
    assert (seminar.language, seminar.record.language, seminar.kit.language) == ("nn",) * 3
    assert make_seminar()[0].language == "nb"


def test_the_facilitator_language_is_stored(app_store, nynorsk_seminar):
    seminar, _ = nynorsk_seminar
    changed, _ = set_seminar_language(app_store, seminar, "en")
    assert changed.language == "en"
    assert find_seminar(app_store, seminar.code).language == "en"
    assert find_seminar(app_store, seminar.code).kit.language == "nn"  # the kit is as written


@pytest.mark.parametrize("value", ["sv", "", None, "NN", ["nn"], 1])
def test_only_the_three_languages_can_be_set(app_store, nynorsk_seminar, value):
    seminar, _ = nynorsk_seminar
    with pytest.raises(InvalidInput):
        set_seminar_language(app_store, seminar, value)
    assert find_seminar(app_store, seminar.code).language == "nn"


def test_a_seminar_page_speaks_the_seminars_language_until_the_person_chooses(
        client, nynorsk_seminar):
    seminar, _ = nynorsk_seminar
    page = client.get(f"/s/{seminar.code}").get_data(as_text=True)
    assert _html_lang(page) == "nn"
    assert "Vel gruppa di" in page
    assert _html_lang(client.get("/").get_data(as_text=True)) == "nb"  # not a seminar page
    client.get("/?lang=en")
    assert _html_lang(client.get(f"/s/{seminar.code}").get_data(as_text=True)) == "en"


def test_the_projector_follows_the_seminar_while_a_phone_chooses_english(
        app, nynorsk_seminar):
    seminar, _ = nynorsk_seminar
    phone, laptop = app.test_client(), app.test_client()
    phone_page = phone.get(f"/s/{seminar.code}?lang=en").get_data(as_text=True)
    assert _html_lang(phone_page) == "en"
    assert "Choose your group" in phone_page
    laptop.get("/?lang=en")  # the facilitator's laptop chose English for the console
    for path in (f"/s/{seminar.code}/projector", f"/s/{seminar.code}/projector?lang=en"):
        projector = laptop.get(path).get_data(as_text=True)
        assert _html_lang(projector) == "nn"
        assert "Spørsmål til gruppene" in projector
        assert "Questions for the groups" not in projector
    assert _html_lang(laptop.get("/").get_data(as_text=True)) == "en"  # choice kept


def test_kit_content_is_marked_with_the_kits_language_where_the_page_differs(
        client, make_seminar):
    seminar, _ = make_seminar()  # the short kit is in bokmål
    english = client.get(f"/s/{seminar.code}?lang=en").get_data(as_text=True)
    assert '<h2 class="block-title" id="block-title-0" lang="nb">Velkommen</h2>' in english
    assert '<span class="programme-title" lang="nb">Velkommen</span>' in english
    assert '<dt lang="nb">Skriver</dt>' in english
    assert '<h3 class="questions-heading">Questions for the groups</h3>' in english
    bokmal = client.get(f"/s/{seminar.code}?lang=nb").get_data(as_text=True)
    assert '<h2 class="block-title" id="block-title-0">Velkommen</h2>' in bokmal
    assert 'lang="nb"' not in bokmal.replace('<html lang="nb">', "").replace(
        'lang="nb" hreflang="nb"', "")


# -- the facilitator sets the language ---------------------------------------------------------

def test_the_facilitator_sets_the_language_and_the_projector_is_told(
        app, connect, nynorsk_seminar):
    seminar, key = nynorsk_seminar
    projector, phone = connect(), connect()
    for sio, view in ((projector, "projector"), (phone, "participant")):
        ack = sio.emit("seminar:join", {"code": seminar.code, "view": view}, callback=True)
        assert (ack["ok"], ack["language"]) == (True, "nn")
        sio.get_received()
    console = app.test_client()
    token = _as_facilitator(console, seminar, key)
    response = console.post(f"/s/{seminar.code}/language",
                            data={"language": "en", "csrf": token})
    assert (response.status_code, response.location) == (
        303, f"/s/{seminar.code}/facilitator#language-setting")
    assert received(projector, "seminar:language") == [{"language": "en"}]
    assert received(phone, "seminar:language") == []
    page = app.test_client().get(f"/s/{seminar.code}/projector").get_data(as_text=True)
    assert _html_lang(page) == "en"
    assert "Questions for the groups" in page


def test_only_the_facilitator_may_set_the_language(app, client, make_seminar, connect):
    seminar, key = make_seminar()
    projector = connect()
    projector.emit("seminar:join", {"code": seminar.code, "view": "projector"}, callback=True)
    projector.get_received()
    with client.session_transaction() as session:
        session["csrf"] = "test-token"
    refused = client.post(f"/s/{seminar.code}/language",
                          data={"language": "en", "csrf": "test-token"})
    assert refused.status_code == 403
    console = app.test_client()
    _as_facilitator(console, seminar, key)
    assert console.post(f"/s/{seminar.code}/language", data={"language": "en"}).status_code \
        == 400  # no CSRF token
    assert console.post(f"/s/{seminar.code}/language",
                        data={"language": "sv", "csrf": "test-token"}).status_code == 400
    assert client.post("/s/NOSUCH/language", data={"language": "en"}).status_code == 404
    assert find_seminar(app.extensions["seminar.store"], seminar.code).language == "nb"
    assert received(projector, "seminar:language") == []


def test_the_language_form_shows_the_seminars_language(app, nynorsk_seminar):
    seminar, _ = nynorsk_seminar
    with app.test_request_context(f"/s/{seminar.code}/facilitator"):
        form = render_template("facilitator/_language.html", seminar=seminar)
    assert f'action="/s/{seminar.code}/language"' in form
    assert 'name="csrf" value="' in form
    assert re.findall(r'<option value="(\w+)" lang="(\w+)"( selected)?>([^<]+)</option>', form) \
        == [("nb", "nb", "", "Bokmål"), ("nn", "nn", " selected", "Nynorsk"),
            ("en", "en", "", "English")]
    assert '<label for="seminar-language">' in form


def test_socket_messages_speak_the_seminars_language_unless_the_phone_chose(
        app, connect, nynorsk_seminar):
    seminar, _ = nynorsk_seminar
    phone = connect()
    phone.emit("seminar:join", {"code": seminar.code, "view": "participant"}, callback=True)
    ack = phone.emit("group:choose", {"code": seminar.code, "group": 999999}, callback=True)
    assert ack["error"]["message"] == "Bli med på samlinga først."
    http = app.test_client()
    http.get(f"/s/{seminar.code}?lang=en")
    english = socketio.test_client(app, flask_test_client=http)
    english.emit("seminar:join", {"code": seminar.code, "view": "participant"}, callback=True)
    ack = english.emit("group:choose", {"code": seminar.code, "group": 999999}, callback=True)
    english.disconnect()
    assert ack["error"]["message"] == "That group no longer exists."
    assert _html_lang(http.get("/").get_data(as_text=True)) == "en"  # the cookie is untouched


def test_the_switch_never_puts_a_key_in_its_links(client, make_seminar):
    seminar, _ = make_seminar()
    page = client.get(f"/s/{seminar.code}/facilitator?key=not-the-key").get_data(as_text=True)
    assert [link[0] for link in _switch(page)] == [
        f"/s/{seminar.code}/facilitator?lang={code}" for code in ("nb", "nn", "en")]


def test_a_projector_is_never_told_a_language_this_server_does_not_offer(
        app, connect, nynorsk_seminar):
    """Else the projector would reload for ever, looking for a page in that language."""
    seminar, _ = nynorsk_seminar
    app.config["LANGUAGES"] = ("nb", "en")
    projector = connect()
    ack = projector.emit("seminar:join", {"code": seminar.code, "view": "projector"},
                         callback=True)
    page = app.test_client().get(f"/s/{seminar.code}/projector").get_data(as_text=True)
    assert ack["language"] == _html_lang(page) == "nb"


def test_the_switch_keeps_the_prefix_of_an_app_behind_a_sub_path(client):
    page = client.get("/?lang=nn", environ_overrides={"SCRIPT_NAME": "/seminar"}).get_data(
        as_text=True)
    assert [link[0] for link in _switch(page)] == [
        "/seminar/?lang=nb", "/seminar/?lang=nn", "/seminar/?lang=en"]
