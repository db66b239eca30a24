"""The command line: ``seminar check`` and ``seminar kits``."""

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from seminar.cli import cli

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
