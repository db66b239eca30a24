"""The command line: ``seminar check``, ``seminar kits`` and the start banner of ``seminar run``."""

import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import socketio
from click.testing import CliRunner

from seminar import concurrency
from seminar.cli import cli
from seminar.i18n import cli_translations
from tests.e2e.harness import SeminarServer

KITS = Path(__file__).parent / "kits"


def test_check_accepts_a_good_kit():
    result = CliRunner().invoke(cli, ["check", str(KITS / "short.md")])
    assert result.exit_code == 0
    assert result.output == (f"{KITS / 'short.md'}: OK — «Kort testsamling», 3 programposter, "
                             "2 spørsmål, språk nb\n")


def test_check_prints_every_problem_with_file_and_line_and_fails(tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_text("# Tittel\n## Program\n### A\ntype: fest\nvarighet: 5\n### B\n"
                      "type: plenum\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(broken)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{broken}:4: Ukjent type «fest». Bruk plenum, dialogtema, gruppearbeid, pause, måltid "
        "eller annet.",
        f"{broken}:6: Programposten «B» mangler varighet (varighet, eller start og slutt).",
    ]


def test_the_console_command_checks_the_shipped_kits():
    kits = sorted((Path(__file__).parent.parent / "sessions").glob("*.md"))
    result = subprocess.run([sys.executable, "-m", "seminar", "check", *map(str, kits)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": OK — ") == len(kits) >= 3


def test_kits_lists_the_kits_in_a_folder():
    result = CliRunner().invoke(cli, ["kits", "--dir", str(KITS)])
    assert result.output == "short.md\tKort testsamling\n"


def test_a_broken_kit_is_left_out_of_the_list_and_a_non_utf8_file_is_explained(tmp_path):
    (tmp_path / "good.md").write_text((KITS / "short.md").read_text(), encoding="utf-8")
    (tmp_path / "broken.md").write_text("# Uten program\n", encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes("# Bl\xe5b\xe6r\n".encode("latin-1"))
    assert CliRunner().invoke(cli, ["kits", "--dir", str(tmp_path)]).output == \
        "good.md\tKort testsamling\n"
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "latin1.md")])
    assert (result.exit_code, result.output) == (
        1, f"{tmp_path / 'latin1.md'}:1: Filen er ikke UTF-8-tekst.\n")


def test_run_prints_the_addresses_then_what_to_do_next_and_what_is_secret(tmp_path, monkeypatch):
    served = []
    monkeypatch.setattr(concurrency, "prepare", lambda mode: "threading")  # no monkey-patching
    monkeypatch.setattr(concurrency, "run_server", lambda socketio, app, host, port: (
        served.append((host, port)), app.extensions["seminar.store"].close()))
    for name, value in {"INSTANCE_PATH": tmp_path, "KITS_DIR": KITS, "DEFAULT_KIT": "short.md",
                        "PUBLIC_URL": "http://seminar.test:5000", "ORGANISER_KEY": "org-key",
                        "HOST": "127.0.0.1", "PORT": "5055"}.items():
        monkeypatch.setenv(f"SEMINAR_{name}", str(value))
    result = CliRunner().invoke(cli, ["run"])
    assert (result.exit_code, served) == (0, [("127.0.0.1", 5055)]), result.output
    code = re.search(r"/j/(\w+)", result.output)[1]
    key = (tmp_path / "default_facilitator_key").read_text().strip()
    base = "http://seminar.test:5000"
    assert result.output.splitlines() == [
        f"Dialogseminar-serveren kjører (threading-modus), database {tmp_path / 'seminar.db'}",
        f"  Samling: Kort testsamling (kode {code})",
        f"  Fasilitator: {base}/s/{code}/facilitator?key={key}",
        f"  Storskjerm: {base}/s/{code}/projector",
        f"  Bli med: {base}/j/{code}",
        f"  Arrangør: {base}/organiser/ (nøkkel: org-key)",
        "",
        "Slik går du videre:",
        "  1. Åpne fasilitatorlenken på din egen PC: den logger inn nettleseren.",
        "  2. Åpne storskjermlenken på storskjermen, i fullskjerm (F11).",
        "  3. Deltakerne skanner QR-koden på storskjermen eller åpner «Bli med»-lenken.",
        "Fasilitatorlenken og arrangørnøkkelen er hemmelige: ikke vis dem på storskjermen eller "
        "på en skjerm som speiles dit.",
    ]
    # The end-to-end harness finds the same addresses in the same output.
    parsed = SeminarServer(tmp_path, tmp_path / "log")
    assert parsed._parse_addresses(result.output)
    assert (parsed.code, parsed.facilitator_key, parsed.organiser_key) == (code, key, "org-key")


def test_check_reports_the_kit_language(tmp_path):
    kit = tmp_path / "nynorsk.md"
    kit.write_text("# Samling på nynorsk\nspråk: nn\n## Program\n### Velkomen\ntype: plenum\n"
                   "varighet: 5\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(kit)])
    assert (result.exit_code, result.output) == (
        0, f"{kit}: OK — «Samling på nynorsk», 1 programposter, 0 spørsmål, språk nn\n")


def test_check_reports_an_unknown_language_with_its_line(tmp_path):
    kit = tmp_path / "svensk.md"
    kit.write_text("# Samling\nsted: Bergen\nspråk: sv\n## Program\n### A\ntype: plenum\n"
                   "varighet: 5\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(kit)])
    assert (result.exit_code, result.output) == (
        1, f"{kit}:3: Ukjent språk «sv». Bruk nb (bokmål), nn (nynorsk) eller en (engelsk).\n")


def test_import_prints_an_absolute_facilitator_link_built_as_run_builds_its_links(
        tmp_path, monkeypatch):
    from seminar import cli as cli_module
    from seminar.domain.archive import encode_archive
    from seminar.services.archive import export_archive
    from seminar.services.seminars import create_seminar
    from seminar.store import Store

    store = Store(tmp_path / "source.db")
    try:
        seminar, _ = create_seminar(store, "short.md", (KITS / "short.md").read_text(), 1e9)
        archive = tmp_path / "arkiv.json"
        archive.write_bytes(encode_archive(export_archive(store, seminar.code, 1e9,
                                                           include_names=False)))
    finally:
        store.close()
    monkeypatch.delenv("SEMINAR_PUBLIC_URL", raising=False)
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path / "other"))
    monkeypatch.setenv("SEMINAR_PORT", "5056")
    monkeypatch.setattr(cli_module, "_lan_address", lambda: "192.0.2.7")
    result = CliRunner().invoke(cli, ["import", str(archive)])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"Fasilitatorlenke \(vises bare nå\): "
                        rf"http://192\.0\.2\.7:5056/s/{seminar.code}/facilitator\?key=\S+",
                        result.output.splitlines()[1]), result.output
    # A host to listen on that is not every interface is the address, as for ``seminar run``.
    monkeypatch.setenv("SEMINAR_HOST", "10.1.2.3")
    result = CliRunner().invoke(cli, ["import", str(archive)])
    assert result.exit_code == 0, result.output
    assert "http://10.1.2.3:5056/s/" in result.output.splitlines()[1], result.output


@pytest.mark.parametrize("option", [["--async-mode", "threading"], ["--async-mode=threading"]])
def test_run_accepts_the_documented_async_mode_option_and_serves_in_that_mode(tmp_path, option):
    # The environment says gevent; the option, as README.md documents it, wins.
    server = SeminarServer(tmp_path / "instance", tmp_path / "server.log", async_mode="gevent",
                           args=option)
    server.start()
    try:
        assert "(threading-modus)" in server.log_text()
        with urllib.request.urlopen(server.url(f"/s/{server.code}"), timeout=10) as page:
            assert page.status == 200
            assert 'id="i18n"' in page.read().decode()  # the phone page with its scripts
        with urllib.request.urlopen(server.url("/socket.io/?EIO=4&transport=polling"),
                                    timeout=10) as handshake:
            assert handshake.read().decode().startswith('0{"sid":')
        phone = socketio.SimpleClient()
        phone.connect(server.base_url, transports=["polling"], wait_timeout=10)
        try:
            ack = phone.call("seminar:join", {"code": server.code, "view": "projector"},
                             timeout=10)
            assert ack["ok"] is True, ack
        finally:
            phone.disconnect()
    finally:
        server.stop()


def test_run_refuses_an_unknown_async_mode_and_names_the_choices():
    result = subprocess.run([sys.executable, "-m", "seminar", "run", "--async-mode", "asyncio"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2, result.stderr
    assert "'asyncio' is not one of 'gevent', 'eventlet', 'threading'" in result.stderr


def cli_text(msgid: str) -> str:
    """A new message as the command line prints it (bokmål once the catalogue has it)."""
    return cli_translations().gettext(msgid)


def _start(tmp_path, monkeypatch, **env) -> str:
    """``seminar run`` on the instance in ``tmp_path`` (served by nobody); its output."""
    monkeypatch.setattr(concurrency, "prepare", lambda mode: "threading")
    monkeypatch.setattr(concurrency, "run_server", lambda socketio, app, host, port:
                        app.extensions["seminar.store"].close())
    for name, value in {"INSTANCE_PATH": tmp_path, "KITS_DIR": KITS, "DEFAULT_KIT": "short.md",
                        "PUBLIC_URL": "http://seminar.test:5000", **env}.items():
        monkeypatch.setenv(f"SEMINAR_{name}", str(value))
    result = CliRunner().invoke(cli, ["run"])
    assert result.exit_code == 0, result.output
    return result.output


def _keys(tmp_path) -> tuple[str, str]:
    return ((tmp_path / "default_facilitator_key").read_text().strip(),
            (tmp_path / "organiser_key").read_text().strip())


def test_run_shows_the_keys_on_the_first_start_only_and_seminar_keys_shows_them_again(
        tmp_path, monkeypatch):
    first = _start(tmp_path, monkeypatch)
    key, organiser_key = _keys(tmp_path)
    code = re.search(r"/j/(\w+)", first)[1]
    base = "http://seminar.test:5000"
    assert f"  Fasilitator: {base}/s/{code}/facilitator?key={key}" in first.splitlines()
    assert f"  Arrangør: {base}/organiser/ (nøkkel: {organiser_key})" in first.splitlines()

    later = _start(tmp_path, monkeypatch)
    assert key not in later and organiser_key not in later
    assert later.splitlines()[1:7] == [
        f"  Samling: Kort testsamling (kode {code})",
        f"  Fasilitator: {base}/s/{code}/facilitator",
        f"  Storskjerm: {base}/s/{code}/projector",
        f"  Bli med: {base}/j/{code}",
        f"  Arrangør: {base}/organiser/",
        "  " + cli_text("The keys were shown when they were made; «seminar keys» shows them "
                        "again (not on a screen mirrored to the projector)."),
    ]
    assert _keys(tmp_path) == (key, organiser_key)
    # The harness knows the keys from the first start and keeps them.
    parsed = SeminarServer(tmp_path, tmp_path / "log")
    assert parsed._parse_addresses(first) and parsed._parse_addresses(later)
    assert (parsed.code, parsed.facilitator_key, parsed.organiser_key) == (
        code, key, organiser_key)

    shown = CliRunner().invoke(cli, ["keys"])
    assert (shown.exit_code, shown.output.splitlines()) == (0, [
        f"  Fasilitator: {base}/s/{code}/facilitator?key={key}",
        f"  Arrangør: {base}/organiser/ (nøkkel: {organiser_key})",
    ])


def test_a_new_default_seminar_after_deletion_gets_a_new_key_and_the_old_one_opens_nothing(
        tmp_path, monkeypatch):
    from seminar.app import create_app
    from seminar.services.seminars import delete_seminar, find_seminar, is_facilitator_key

    first = _start(tmp_path, monkeypatch)
    old_code = re.search(r"/j/(\w+)", first)[1]
    old_key, _ = _keys(tmp_path)
    app = create_app({})
    try:
        store = app.extensions["seminar.store"]
        delete_seminar(store, find_seminar(store, old_code), old_code)
    finally:
        app.extensions["seminar.store"].close()

    again = _start(tmp_path, monkeypatch)
    new_code = re.search(r"/j/(\w+)", again)[1]
    new_key, _ = _keys(tmp_path)
    assert new_key != old_key
    assert f"/s/{new_code}/facilitator?key={new_key}" in again  # a new key is shown once
    app = create_app({})
    try:
        seminar = find_seminar(app.extensions["seminar.store"], new_code)
        assert (is_facilitator_key(seminar, old_key), is_facilitator_key(seminar, new_key)) \
            == (False, True)
        client = app.test_client()
        assert client.get(f"/s/{new_code}/facilitator?key={old_key}").status_code == 403
        assert client.get(f"/s/{new_code}/facilitator?key={new_key}").status_code == 302
    finally:
        app.extensions["seminar.store"].close()


def test_seminar_keys_says_when_the_console_replaced_the_default_key(tmp_path, monkeypatch):
    from seminar.app import create_app
    from seminar.services.seminars import find_default_seminar, replace_facilitator_key

    _start(tmp_path, monkeypatch)
    app = create_app({})
    try:
        store = app.extensions["seminar.store"]
        replace_facilitator_key(store, find_default_seminar(store), None)
    finally:
        app.extensions["seminar.store"].close()
    shown = CliRunner().invoke(cli, ["keys"])
    assert shown.exit_code == 0
    assert shown.output.splitlines()[0] == "  " + cli_text(
        "The default seminar's facilitator key was replaced in its console; the new link was "
        "shown there once.")
