"""Translations: every message in the code is in the bokmål catalogue, translated and compiled."""

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).parent.parent
CATALOGUE = ROOT / "seminar" / "translations" / "nb" / "LC_MESSAGES"


def _extract(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), "-k", "N_", "-k", "_", "-o", str(pot), str(ROOT)],
                   check=True, capture_output=True, cwd=ROOT)
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_every_message_is_translated_to_bokmal(tmp_path):
    with (CATALOGUE / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    missing = _extract(tmp_path) - translated
    assert missing == set(), "run scripts/update-translations.sh and translate these"


def test_the_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "messages.po").open("rb") as handle:
        po = {m.id: m.string for m in read_po(handle) if m.id and m.string}
    with (CATALOGUE / "messages.mo").open("rb") as handle:
        mo = {m.id: m.string for m in read_mo(handle) if m.id}
    assert mo == po, "run: pybabel compile -d seminar/translations"
