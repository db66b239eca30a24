"""How responses travel: compressed when the browser accepts it, static files versioned by
their content and kept for a year, everything else asked for again (ETag, 304)."""

import gzip
import hashlib
import re

import brotli
import pytest
from backports import zstd
from flask import url_for

from seminar.paths import STATIC_DIR

GZIP = {"Accept-Encoding": "gzip"}
IMMUTABLE = "public, max-age=31536000, immutable"
DECOMPRESS = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}


def _version(filename: str) -> str:
    return hashlib.sha256((STATIC_DIR / filename).read_bytes()).hexdigest()[:12]


def _get(client, url: str, **headers):
    response = client.get(url, headers=headers)
    data = response.get_data()  # read (and close) the file of a static response
    response.close()
    return response, data


def _static_urls(page: str) -> dict[str, str]:
    """The page's static links, by file name."""
    return {match[1]: match[0]
            for match in re.findall(r'(?:src|href)="(/static/([^"?]+)\?v=[0-9a-f]+)"', page)}


def test_the_phone_page_its_stylesheet_and_script_are_sent_gzipped_and_unchanged(
        client, make_seminar):
    seminar, _ = make_seminar()
    plain, page = _get(client, f"/s/{seminar.code}")
    assert "Content-Encoding" not in plain.headers
    links = _static_urls(page.decode())
    urls = [f"/s/{seminar.code}", links["css/app.css"], links["js/participant.js"],
            "/static/js/live.js", f"/s/{seminar.code}/qr.svg"]
    for url in urls:
        original = _get(client, url)[1]
        response, compressed = _get(client, url, **GZIP)
        assert (response.status_code, response.headers.get("Content-Encoding")) == (200, "gzip")
        assert "Accept-Encoding" in response.headers["Vary"]
        assert len(compressed) < len(original) * 0.6, url
        assert gzip.decompress(compressed) == original, url


@pytest.mark.parametrize("algorithm", ["br", "zstd"])
def test_browsers_that_accept_brotli_or_zstd_get_it(client, make_seminar, algorithm):
    seminar, _ = make_seminar()
    for url in (f"/s/{seminar.code}", "/static/vendor/socket.io/socket.io.min.js"):
        original = _get(client, url)[1]
        response, compressed = _get(client, url, **{"Accept-Encoding": f"gzip, {algorithm}"})
        assert response.headers["Content-Encoding"] == algorithm
        assert DECOMPRESS[algorithm](compressed) == original


def test_office_files_and_byte_ranges_are_sent_as_they_are(client, make_seminar):
    seminar, key = make_seminar()
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    for fmt in ("docx", "xlsx"):
        response, data = _get(client, f"/s/{seminar.code}/export/{fmt}", **GZIP)
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers
        assert data.startswith(b"PK")  # a zip already
    response, data = _get(client, "/static/css/app.css", Range="bytes=0-99", **GZIP)
    assert (response.status_code, "Content-Encoding" in response.headers) == (206, False)
    assert data == (STATIC_DIR / "css/app.css").read_bytes()[:100]


def test_pages_link_versioned_static_files_that_are_kept_for_a_year(client, make_seminar):
    seminar, key = make_seminar()
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    pages = [_get(client, path)[1].decode() for path in (
        f"/s/{seminar.code}", f"/s/{seminar.code}/projector", f"/s/{seminar.code}/facilitator")]
    links = {name: url for page in pages for name, url in _static_urls(page).items()}
    assert {name for name in links if name.endswith(".js")} == {
        "vendor/socket.io/socket.io.min.js", "js/participant.js", "js/projector.js",
        "js/facilitator.js"}
    assert links["css/app.css"] == f"/static/css/app.css?v={_version('css/app.css')}"
    for url in links.values():
        response, data = _get(client, url, **GZIP)
        assert (response.status_code, response.headers["Cache-Control"]) == (200, IMMUTABLE)
        response, _ = _get(client, url, **GZIP, **{"If-None-Match": response.headers["ETag"]})
        assert (response.status_code, response.headers["Cache-Control"]) == (304, IMMUTABLE)


def test_unversioned_static_files_are_revalidated_with_their_etag(client):
    # What an ES module import ("./live.js") inside a versioned script asks for.
    for headers in ({}, GZIP):
        response, data = _get(client, "/static/js/live.js", **headers)
        assert (response.status_code, response.headers["Cache-Control"]) == (200, "no-cache")
        assert response.headers["Last-Modified"] and data
        etag = response.headers["ETag"]
        again, body = _get(client, "/static/js/live.js", **headers, **{"If-None-Match": etag})
        assert (again.status_code, again.headers["ETag"], body) == (304, etag, b"")
        assert again.headers["Cache-Control"] == "no-cache"


def test_a_stale_version_gets_todays_file_and_is_not_kept(client):
    current = (STATIC_DIR / "js/live.js").read_bytes()
    for url in ("/static/js/live.js?v=0123456789ab", "/static/js/live.js?v="):
        response, data = _get(client, url)
        assert (response.status_code, response.headers["Cache-Control"], data) == (
            200, "no-cache", current)


def test_static_files_carry_no_session_cookie(client, make_seminar):
    seminar, _ = make_seminar()
    page = client.get(f"/s/{seminar.code}")
    assert "session=" in page.headers["Set-Cookie"]  # the phone's identity, on the page
    url = _static_urls(page.get_data(as_text=True))["js/participant.js"]
    response, _ = _get(client, url)
    assert (response.status_code, response.headers.get("Set-Cookie")) == (200, None)
    assert "Cookie" not in response.headers["Vary"]


def test_the_service_worker_is_compressed_and_revalidated(client):
    response, data = _get(client, "/sw.js", **GZIP)
    assert (response.headers["Content-Encoding"], response.headers["Cache-Control"]) == (
        "gzip", "no-cache")
    assert gzip.decompress(data) == (STATIC_DIR / "js/sw.js").read_bytes()
    again, _ = _get(client, "/sw.js", **GZIP, **{"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_an_upgraded_file_is_served_new_at_once_compressed_or_not(app, client, tmp_path):
    app.static_folder = str(tmp_path)
    script = tmp_path / "live.js"
    script.write_text("export const version = 1;\n" * 100)
    with app.test_request_context():
        first = url_for("static", filename="live.js")
    assert gzip.decompress(_get(client, first, **GZIP)[1]) == script.read_bytes()
    script.write_text("export const version = 2;\n" * 120)
    for url in (first, "/static/live.js"):
        response, data = _get(client, url, **GZIP)
        assert response.headers["Cache-Control"] == "no-cache"
        assert gzip.decompress(data) == script.read_bytes()
    with app.test_request_context():
        assert url_for("static", filename="live.js") != first


def test_what_the_phones_service_worker_must_never_keep_is_sent_with_no_store(
        client, make_seminar):
    """The worker keeps only the phone page and static files, and never a response sent with
    ``no-store``: the report, every export and the archive say so (and the phone page not)."""
    seminar, key = make_seminar()
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    for path in ("report", "export/docx", "export/xlsx", "export/csv", "export/md",
                 "export/json"):
        response, _ = _get(client, f"/s/{seminar.code}/{path}")
        assert (response.status_code, response.headers.get("Cache-Control")) == (
            200, "no-store"), path
    page, _ = _get(client, f"/s/{seminar.code}")
    assert "no-store" not in page.headers.get("Cache-Control", "")
