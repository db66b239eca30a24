"""Starting a seminar from an uploaded or the blank kit, and sharing a seminar's kit back as a
file (``/s/<code>/kit.md``, ``seminar kit``): the round trip gives the same file, only the
seminar's facilitator or an organiser downloads, a broken upload stores nothing."""

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from seminar.app import create_app
from seminar.cli import cli
from seminar.domain.kit_parser import parse_kit
from seminar.domain.kit_writer import write_kit
from seminar.domain.limits import MAX_KIT_CHARS
from seminar.services.kits import list_kits
from seminar.services.seminars import create_seminar, find_seminar
from tests.conftest import NOW, SHORT_KIT

SESSIONS = Path(__file__).resolve().parents[1] / "sessions"
SHIPPED = sorted(SESSIONS.glob("*.md"))
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _organiser(client) -> str:
    """Log ``client`` in as the organiser; return the dashboard's CSRF token."""
    token = CSRF.search(client.get("/organiser/").get_data(as_text=True))[1]
    assert client.post("/organiser/login", data={"key": "organiser-test-key",
                                                 "csrf": token}).status_code == 302
    return CSRF.search(client.get("/organiser/").get_data(as_text=True))[1]


def _created_code(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return re.search(r"/s/([A-Z0-9]{6})/facilitator\?key=", response.get_data(as_text=True))[1]


_BOUNDARY = "kit-sharing-test-boundary"


def _upload(client, token, data: bytes, filename: str = "opplegg.md"):
    """POST ``data`` as the upload form's kit file. The body is encoded here: werkzeug's test
    client would spool a large one to a temporary file that it never closes."""
    body = (f'--{_BOUNDARY}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
            f'--{_BOUNDARY}\r\nContent-Disposition: form-data; name="kit_file"; '
            f'filename="{filename}"\r\nContent-Type: text/markdown\r\n\r\n').encode()
    body += data + f"\r\n--{_BOUNDARY}--\r\n".encode()
    return client.post("/organiser/seminars/upload", data=body,
                       content_type=f"multipart/form-data; boundary={_BOUNDARY}")


def _download(client, code: str) -> bytes:
    response = client.get(f"/s/{code}/kit.md")
    assert response.status_code == 200
    assert response.content_type == "text/markdown; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data()


@pytest.mark.parametrize("kit_file", SHIPPED, ids=lambda path: path.name)
def test_every_shipped_kit_round_trips_through_download_and_upload(app, client, kit_file):
    app.config["KITS_DIR"] = str(SESSIONS)
    token = _organiser(client)
    first = _created_code(client.post("/organiser/seminars",
                                      data={"kit": kit_file.name, "csrf": token}))
    downloaded = _download(client, first)
    assert downloaded == kit_file.read_text(encoding="utf-8-sig").encode("utf-8")
    filename = client.get(f"/s/{first}/kit.md").headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="[a-z0-9-]+\.md"', filename)
    second = _created_code(_upload(client, token, downloaded, "lastet-ned.md"))
    assert second != first
    assert _download(client, second) == downloaded


def test_the_download_is_named_after_the_kit_title(app, client):
    app.config["KITS_DIR"] = str(SESSIONS)
    token = _organiser(client)
    code = _created_code(client.post("/organiser/seminars", data={
        "kit": "nasjonalt-dialogseminar-2023.md", "csrf": token}))
    assert client.get(f"/s/{code}/kit.md").headers["Content-Disposition"] == \
        'attachment; filename="nasjonalt-dialogseminar-2023.md"'


def test_an_edited_kit_round_trips_as_edited(client, app_store, make_seminar):
    seminar, _ = make_seminar()
    kit = seminar.kit
    blocks = list(kit.blocks)
    blocks[1] = dataclasses.replace(blocks[1], duration=40 * 60,
                                    questions=blocks[1].questions[1:])
    edited = dataclasses.replace(kit, title="Kort samling i Bodø", place="Bodø",
                                 date="2027-03-04", blocks=tuple(blocks))
    text = write_kit(edited)
    with app_store.write():
        app_store.seminars.save_kit(seminar.record.id, title=edited.title, kit_source=text,
                                    current=0, timers=[])
    token = _organiser(client)
    downloaded = _download(client, seminar.code)
    assert downloaded == text.encode("utf-8")
    assert client.get(f"/s/{seminar.code}/kit.md").headers["Content-Disposition"] == \
        'attachment; filename="kort-samling-i-bodo.md"'
    copy = _created_code(_upload(client, token, downloaded))
    assert _download(client, copy) == downloaded
    assert find_seminar(app_store, copy).kit == edited


def test_changing_or_deleting_the_shipped_file_never_changes_an_existing_seminar(
        app, client, app_store, tmp_path):
    kits = tmp_path / "kits"
    kits.mkdir()
    shipped = kits / "kort.md"
    shipped.write_text(SHORT_KIT, encoding="utf-8")
    app.config["KITS_DIR"] = str(kits)
    token = _organiser(client)
    code = _created_code(client.post("/organiser/seminars", data={"kit": "kort.md",
                                                                  "csrf": token}))
    shipped.write_text(SHORT_KIT.replace("Kort testsamling", "Endret samling"), encoding="utf-8")
    assert _download(client, code) == SHORT_KIT.encode("utf-8")
    assert find_seminar(app_store, code).kit.title == "Kort testsamling"
    shipped.unlink()
    assert _download(client, code) == SHORT_KIT.encode("utf-8")
    assert find_seminar(app_store, code).kit == parse_kit(SHORT_KIT)
    assert "Kort testsamling" in client.get(f"/s/{code}/projector").get_data(as_text=True)


def test_only_that_seminars_facilitator_or_an_organiser_downloads_its_kit(app, make_seminar):
    seminar, key = make_seminar()
    other, other_key = make_seminar()
    url = f"/s/{seminar.code}/kit.md"
    facilitator = app.test_client()
    facilitator.get(f"/s/{seminar.code}/facilitator?key={key}")
    assert facilitator.get(url).status_code == 200
    other_facilitator = app.test_client()
    other_facilitator.get(f"/s/{other.code}/facilitator?key={other_key}")
    participant = app.test_client()
    participant.get(f"/s/{seminar.code}")
    anonymous = app.test_client()
    assert [client.get(url).status_code for client in (other_facilitator, participant,
                                                       anonymous)] == [403, 403, 403]
    organiser = app.test_client()
    _organiser(organiser)
    assert organiser.get(url).status_code == 200
    assert organiser.get("/s/ZZZZZZ/kit.md").status_code == 404
    # A facilitator who logged out is refused again.
    token = CSRF.search(facilitator.get(f"/s/{seminar.code}/facilitator")
                        .get_data(as_text=True))[1]
    assert facilitator.post(f"/s/{seminar.code}/logout",
                            data={"csrf": token}).status_code == 303
    assert facilitator.get(url).status_code == 403


def test_the_console_and_the_dashboard_link_the_kit_file(app, client, make_seminar):
    seminar, key = make_seminar()
    console = app.test_client()
    page = console.get(f"/s/{seminar.code}/facilitator?key={key}", follow_redirects=True)
    link = f'href="/s/{seminar.code}/kit.md" download data-kit-file'
    assert link in page.get_data(as_text=True)
    _organiser(client)
    assert f'href="/s/{seminar.code}/kit.md" download>Kit file (.md)' in \
        client.get("/organiser/?lang=en").get_data(as_text=True)


# The pages are asked for in English (?lang=en) where they show messages new in this change:
# their msgids, until the Norwegian catalogues have them.

def test_an_upload_with_errors_shows_each_message_at_its_line_and_stores_nothing(
        client, app_store):
    token = _organiser(client)
    client.get("/organiser/?lang=en")
    broken = (b"# Tittel\n## Program\n### A\ntype: fest\nvarighet: 5\n### B\n"
              b"type: plenum\n")
    response = _upload(client, token, broken)
    assert response.status_code == 400
    assert app_store.seminars.all() == []
    page = response.get_data(as_text=True)
    fest = ("Unknown block type «fest». Use plenum, dialogtema, gruppearbeid, pause, måltid "
            "or annet.")
    no_duration = "The block «B» has no duration (varighet, or start and slutt)."
    summary = re.search(r'<ul class="kit-check-summary">(.*?)</ul>', page, re.S)[1]
    assert [re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r"<li>(.*?)</li>", summary, re.S)] == [
        f"Line 4: {fest}", f"Line 6: {no_duration}"]
    assert re.findall(r'<a href="#kit-line-(\d+)">', summary) == ["4", "6"]
    lines = re.findall(r'<li(?: id="kit-line-(\d+)")? class="kit-line[^"]*"[^>]*>\s*'
                       r'<span class="kit-line-number" aria-hidden="true">(\d+)</span>\s*'
                       r'<code class="kit-line-text">([^<]*)</code>\s*((?:<p [^>]*>[^<]*</p>)*)',
                       page)
    assert [(anchor, number, text, re.sub(r"<[^>]+>", "", messages)) for anchor, number, text,
            messages in lines] == [
        ("", "1", "# Tittel", ""), ("", "2", "## Program", ""), ("", "3", "### A", ""),
        ("4", "4", "type: fest", f"Error: {fest}"), ("", "5", "varighet: 5", ""),
        ("6", "6", "### B", f"Error: {no_duration}"), ("", "7", "type: plenum", "")]
    assert 'aria-describedby="upload-help upload-error" aria-invalid="true"' in page
    assert '<p id="upload-error" class="form-error" role="alert">The kit file has errors.</p>' \
        in page


def test_an_upload_that_is_not_a_kit_file_is_explained_and_nothing_is_stored(
        client, app_store):
    token = _organiser(client)
    client.get("/organiser/?lang=en")
    too_long = "A kit can have at most 200000 characters."
    cases = [
        ("Blåbær".encode("latin-1") + b"\n", "opplegg.md",
         "The file is not UTF-8 text. Save the kit as plain text in UTF-8 (a .md or .txt "
         "file) and try again."),
        (SHORT_KIT.encode("utf-8"), "opplegg.docx", "Choose a kit file (.md or .txt)."),
        (("#" * (MAX_KIT_CHARS + 1)).encode("utf-8"), "stor.md", too_long),
        (("ø" * (MAX_KIT_CHARS + 1)).encode("utf-8"), "stor.md", too_long),
        (("ø" * (2 * MAX_KIT_CHARS + 1)).encode("utf-8"), "stor.md", too_long),  # too many bytes
    ]
    for data, filename, message in cases:
        response = _upload(client, token, data, filename)
        assert response.status_code == 400, filename
        assert f'role="alert">{message}</p>' in response.get_data(as_text=True), message
        assert "kit-line" not in response.get_data(as_text=True)
    missing = client.post("/organiser/seminars/upload", data={"csrf": token})
    assert missing.status_code == 400
    assert "Choose a kit file (.md or .txt)." in missing.get_data(as_text=True)
    assert app_store.seminars.all() == []


def test_an_upload_with_a_byte_order_mark_is_stored_without_it(client, app_store):
    token = _organiser(client)
    code = _created_code(_upload(client, token, b"\xef\xbb\xbf" + SHORT_KIT.encode("utf-8"),
                                 "KORT.TXT"))
    assert app_store.seminars.by_code(code).kit_source == SHORT_KIT
    assert _download(client, code) == SHORT_KIT.encode("utf-8")


def test_uploading_needs_the_organiser_and_the_forms_token(app, client, app_store):
    anonymous = app.test_client()
    assert _upload(anonymous, "x", SHORT_KIT.encode()).status_code == 401
    assert anonymous.post("/organiser/seminars/blank").status_code == 401
    _organiser(client)
    assert _upload(client, "wrong", SHORT_KIT.encode()).status_code == 400
    assert client.post("/organiser/seminars/blank", data={"csrf": "wrong"}).status_code == 400
    assert app_store.seminars.all() == []


def test_creating_seminars_is_limited_per_address_and_a_limited_upload_stores_nothing(
        client, app_store, set_limits):
    token = _organiser(client)
    set_limits(LIMIT_SEMINAR_STARTS_PER_ADDRESS="2 per minute")
    _created_code(_upload(client, token, SHORT_KIT.encode()))
    _created_code(client.post("/organiser/seminars/blank", data={"csrf": token}))
    assert _upload(client, token, SHORT_KIT.encode()).status_code == 429
    assert client.post("/organiser/seminars", data={"kit": "short.md",
                                                    "csrf": token}).status_code == 429
    assert len(app_store.seminars.all()) == 2


@pytest.mark.parametrize(("language", "title", "roles"), [
    ("nb", "Nytt opplegg", ["Møteleder og tidtaker", "Skriver", "Tematisk vakt"]),
    ("nn", "Nytt opplegg", ["Møteleiar og tidtakar", "Skrivar", "Tematisk vakt"]),
    ("en", "New seminar", ["Chair and timekeeper", "Scribe", "Topic keeper"]),
])
def test_the_blank_kit_is_short_valid_and_in_the_pages_language(
        client, app_store, language, title, roles):
    token = _organiser(client)
    client.get(f"/organiser/?lang={language}")
    code = _created_code(client.post("/organiser/seminars/blank", data={"csrf": token}))
    kit = find_seminar(app_store, code).kit
    assert (kit.title, kit.language, [role.name for role in kit.roles]) == (title, language,
                                                                              roles)
    assert [(role.keeps_time, role.writes, role.keeps_topic) for role in kit.roles] == [
        (True, False, False), (False, True, False), (False, False, True)]
    assert [(block.kind.value, len(block.questions)) for block in kit.blocks] == [
        ("plenary", 0), ("group-work", 1)]
    assert write_kit(kit).encode() == _download(client, code)


def test_the_blank_kit_is_not_one_of_the_listed_kits():
    assert [kit.name for kit in list_kits(SESSIONS)] == sorted(
        [path.name for path in SHIPPED], key=lambda name: parse_kit(
            (SESSIONS / name).read_text(encoding="utf-8")).title)
    assert not any("Nytt opplegg" in path.read_text(encoding="utf-8") for path in SHIPPED)


# -- uploads of random and broken kits -----------------------------------------------------------

_SHIPPED_LINES = [path.read_text(encoding="utf-8").splitlines(keepends=True)
                  for path in SHIPPED]


@st.composite
def _mangled_kit(draw) -> bytes:
    """A shipped kit with random lines deleted and duplicated."""
    lines = list(draw(st.sampled_from(_SHIPPED_LINES)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            del lines[at]
        else:
            lines.insert(at, lines[at])
    return "".join(lines).encode("utf-8")


_UPLOADS = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda text: text.encode("utf-8")),
    st.text(alphabet=st.sampled_from("#\n :-abcæøå0123456789"), max_size=500)
    .map(lambda text: text.encode("utf-8")),
    _mangled_kit(),
    _mangled_kit().map(lambda data: data.replace(b"\xc3\xb8", b"\xf8")),  # ø in Latin-1
    _mangled_kit().map(lambda data: b"\xef\xbb\xbf" + data),
    st.integers(1, 3).map(lambda extra: b"a" * (MAX_KIT_CHARS + extra)),
)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=_UPLOADS)
def test_any_upload_gives_a_clear_message_or_a_seminar_and_a_refused_one_stores_nothing(
        client, app_store, unlimited, data):
    token = getattr(client, "organiser_token", None) or _organiser(client)
    client.organiser_token = token
    before = len(app_store.seminars.all())
    response = _upload(client, token, data)
    page = response.get_data(as_text=True)
    after = len(app_store.seminars.all())
    event(f"HTTP {response.status_code}")  # --hypothesis-show-statistics: both outcomes occur
    if response.status_code == 200:
        code = _created_code(response)
        assert after == before + 1
        assert _download(client, code) == data.removeprefix(b"\xef\xbb\xbf")
    else:
        assert response.status_code == 400, page[:2000]
        assert after == before
        message = re.search(r'<p id="upload-error" class="form-error" role="alert">([^<]+)</p>',
                            page)
        assert message is not None and message[1].strip()


# -- the command line ------------------------------------------------------------------------------

@pytest.fixture
def instance(tmp_path, monkeypatch):
    """A seminar on the short kit in the instance database the CLI opens; its code."""
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({})
    try:
        seminar, _ = create_seminar(app.extensions["seminar.store"], "short.md",
                                    "\ufeff" + SHORT_KIT, NOW)
    finally:
        app.extensions["seminar.store"].close()
    return seminar.code


def test_seminar_kit_writes_the_kit_to_a_file_or_standard_output(instance, tmp_path):
    written = tmp_path / "ut.md"
    result = CliRunner().invoke(cli, ["kit", instance, "-o", str(written)])
    assert (result.exit_code, result.output) == (0, f"Skrev {written}.\n")
    assert written.read_bytes() == ("\ufeff" + SHORT_KIT).encode("utf-8")
    shown = CliRunner().invoke(cli, ["kit", instance.lower()])
    assert (shown.exit_code, shown.stdout_bytes) == (0, ("\ufeff" + SHORT_KIT).encode("utf-8"))


def test_seminar_kit_in_a_real_process_and_an_unknown_code(instance, tmp_path):
    result = subprocess.run([sys.executable, "-m", "seminar", "kit", instance],
                            capture_output=True, check=False)
    assert (result.returncode, result.stdout) == (0, ("\ufeff" + SHORT_KIT).encode("utf-8"))
    unknown = subprocess.run([sys.executable, "-m", "seminar", "kit", "ZZZZZZ", "-o",
                              str(tmp_path / "ut.md")], capture_output=True, text=True,
                             check=False)
    assert unknown.returncode == 1
    assert unknown.stdout == ""
    assert "Ingen samling har den koden." in unknown.stderr
    assert not (tmp_path / "ut.md").exists()


def test_the_readme_and_the_kit_format_document_sharing():
    root = Path(__file__).resolve().parents[1]
    kit_format = (root / "docs" / "kit-format.md").read_text(encoding="utf-8")
    for needle in ("/s/<code>/kit.md", "seminar kit CODE", "blank", "upload"):
        assert needle in kit_format, needle
    assert "seminar kit" in (root / "README.md").read_text(encoding="utf-8")

