"""HTTP pages: joining, facilitator and organiser access, QR code, escaping, headers."""

import re

from tests.conftest import SHORT_KIT


def test_the_start_page_asks_for_the_code_in_norwegian(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert '<label for="code">Kode</label>' in page


def test_typing_a_code_goes_to_the_seminar(client, make_seminar):
    seminar, _ = make_seminar()
    typed = f" {seminar.code[:3].lower()} {seminar.code[3:].lower()} "
    response = client.post("/join", data={"code": typed})
    assert (response.status_code, response.location) == (302, f"/s/{seminar.code}")


def test_a_wrong_code_is_explained(client):
    response = client.post("/join", data={"code": "<b>NOPE</b>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Ingen samling har koden «&lt;b&gt;NOPE&lt;/b&gt;»" in page
    assert 'aria-invalid="true"' in page


def test_the_qr_address_redirects_to_the_seminar(client, make_seminar):
    seminar, _ = make_seminar()
    assert client.get(f"/j/{seminar.code.lower()}").location == f"/s/{seminar.code}"


def test_participant_and_projector_pages_show_the_programme(client, make_seminar):
    seminar, _ = make_seminar()
    for path in (f"/s/{seminar.code}", f"/s/{seminar.code}/projector"):
        page = client.get(path).get_data(as_text=True)
        assert "Kort testsamling" in page
        assert re.search(r'data-block="2"[^>]*data-status="upcoming"', page)
        assert "<strong>samlingen</strong>" in page  # kit Markdown rendered
        assert "/static/vendor/socket.io/socket.io.min.js" in page
        assert "data-action=" not in page  # no controls for them


def test_the_projector_shows_how_to_join(client, make_seminar):
    seminar, _ = make_seminar()
    page = client.get(f"/s/{seminar.code}/projector").get_data(as_text=True)
    assert f"<strong>{seminar.code}</strong>" in page
    assert f'src="/s/{seminar.code}/qr.svg"' in page
    assert "http://seminar.test:5000" in page


def test_the_qr_code_is_an_svg_of_the_join_address(client, make_seminar):
    seminar, _ = make_seminar()
    response = client.get(f"/s/{seminar.code}/qr.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert f"http://seminar.test:5000/j/{seminar.code}" in svg


def test_unknown_seminars_are_404_in_norwegian(client):
    response = client.get("/s/ZZZZZZ/projector")
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.get_data(as_text=True)


def test_the_facilitator_console_needs_the_key(client, make_seminar):
    seminar, key = make_seminar()
    denied = client.get(f"/s/{seminar.code}/facilitator")
    assert denied.status_code == 403
    assert "Fasilitatornøkkel" in denied.get_data(as_text=True)
    wrong = client.get(f"/s/{seminar.code}/facilitator?key=guess")
    assert wrong.status_code == 403
    granted = client.get(f"/s/{seminar.code}/facilitator?key={key}")
    assert (granted.status_code, granted.location) == (302, f"/s/{seminar.code}/facilitator")
    page = client.get(f"/s/{seminar.code}/facilitator").get_data(as_text=True)
    assert 'data-action="start"' in page


def test_the_facilitator_key_form_works_and_checks_csrf(client, make_seminar):
    seminar, key = make_seminar()
    form = client.get(f"/s/{seminar.code}/facilitator").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', form)[1]
    assert client.post(f"/s/{seminar.code}/facilitator", data={"key": key}).status_code == 400
    response = client.post(f"/s/{seminar.code}/facilitator", data={"key": key, "csrf": token})
    assert response.status_code == 302


def test_a_facilitator_key_opens_only_its_own_seminar(client, make_seminar):
    seminar, key = make_seminar()
    other, _ = make_seminar()
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    assert client.get(f"/s/{other.code}/facilitator").status_code == 403
    assert client.get(f"/s/{other.code}/facilitator?key={key}").status_code == 403


def _organiser_login(client, key="organiser-test-key"):
    page = client.get("/organiser/").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    response = client.post("/organiser/login", data={"key": key, "csrf": token})
    dashboard = client.get("/organiser/").get_data(as_text=True)
    fresh = re.search(r'name="csrf" value="([^"]+)"', dashboard)
    return response, fresh[1] if fresh else None


def test_nobody_can_list_or_create_seminars_without_the_organiser_key(client, make_seminar):
    seminar, _ = make_seminar()
    listing = client.get("/organiser/")
    assert listing.status_code == 401
    assert seminar.code not in listing.get_data(as_text=True)
    assert client.post("/organiser/seminars", data={"kit": "short.md"}).status_code == 401
    response, _ = _organiser_login(client, key="wrong")
    assert response.status_code == 403


def test_the_organiser_creates_a_seminar_and_sees_its_facilitator_link_once(client, app_store):
    response, token = _organiser_login(client)
    assert response.status_code == 302
    dashboard = client.get("/organiser/").get_data(as_text=True)
    assert '<option value="short.md">Kort testsamling</option>' in dashboard
    created = client.post("/organiser/seminars", data={"kit": "short.md", "csrf": token})
    assert created.headers["Cache-Control"] == "no-store"
    page = created.get_data(as_text=True)
    link = re.search(r'data-facilitator-link>([^<]+)<', page)[1]
    code = re.search(r"/s/([A-Z0-9]{6})/facilitator", link)[1]
    assert [record.code for record in app_store.seminars.all()] == [code]
    fresh = client.application.test_client()
    assert fresh.get(link.replace("http://localhost", "")).status_code == 302
    assert "key=" not in client.get("/organiser/").get_data(as_text=True)


def test_creating_from_an_unknown_kit_is_explained(client):
    _, token = _organiser_login(client)
    response = client.post("/organiser/seminars", data={"kit": "../../etc/passwd",
                                                        "csrf": token})
    assert response.status_code == 400
    assert "Velg et av oppleggene." in response.get_data(as_text=True)


def test_kit_text_is_sanitised_and_participant_visible_text_escaped(client, make_seminar):
    evil = SHORT_KIT.replace(
        "Velkommen til **samlingen**.",
        '<script>alert(1)</script><img src=x onerror="alert(2)"> [lenke](javascript:alert(3))')
    evil = evil.replace("### Avslutning", "### Avslutning <i>x</i>")
    seminar, _ = make_seminar(evil)
    page = client.get(f"/s/{seminar.code}").get_data(as_text=True)
    assert "<script>alert" not in page and "onerror" not in page
    assert "javascript:" not in page
    assert "Avslutning &lt;i&gt;x&lt;/i&gt;" in page


def test_security_headers_forbid_inline_scripts_and_framing(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_only_the_projector_may_be_framed_and_only_by_its_own_origin(client, make_seminar):
    seminar, key = make_seminar()
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    projector = client.get(f"/s/{seminar.code}/projector").headers
    assert "frame-ancestors 'self'" in projector["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in projector["Content-Security-Policy"]
    assert projector["X-Frame-Options"] == "SAMEORIGIN"
    # The rest of the policy is the same as everywhere else.
    assert "script-src 'self'" in projector["Content-Security-Policy"]
    for path in ("/", f"/s/{seminar.code}", f"/s/{seminar.code}/facilitator", "/organiser/"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["X-Frame-Options"] == "DENY", path


def test_english_on_request(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Join a seminar" in page


def test_no_page_loads_anything_from_another_host(client, make_seminar):
    seminar, key = make_seminar()
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    for path in ("/", f"/s/{seminar.code}", f"/s/{seminar.code}/projector",
                 f"/s/{seminar.code}/facilitator", "/organiser/"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r'(src="|<link[^>]+href=")(https?:)?//', page), path


def test_non_ascii_keys_and_tokens_are_refused_not_crashed_on(client):
    page = client.get("/organiser/").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    assert client.post("/organiser/login", data={"key": "nøkkel", "csrf": token}
                       ).status_code == 403
    assert client.post("/organiser/login", data={"key": "x", "csrf": "ø"}).status_code == 400


def test_organiser_login_keeps_facilitator_access(client, make_seminar):
    seminar, key = make_seminar()
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    _organiser_login(client)
    assert client.get(f"/s/{seminar.code}/facilitator").status_code == 200


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype in {"text/javascript", "application/javascript"}
    assert response.headers["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in response.data
    response.close()
