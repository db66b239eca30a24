"""Translations: every message in the code is in every catalogue (bokmål, nynorsk, English),
translated with the same placeholders, and compiled."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).parent.parent
TRANSLATIONS = ROOT / "seminar" / "translations"
LOCALES = ("nb", "nn", "en")
# Python's %(name)s in the code, and the {name} that static/js/live.js fills in the string
# table of templates/_live_scripts.html.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _catalogue(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def placeholders(text: str) -> set[str]:
    """The placeholders in ``text``: ``%(name)s`` as "%name", ``{name}`` as "{name}"."""
    return {f"%{python}" if python else f"{{{js}}}" for python, js in _PLACEHOLDER.findall(text)}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), "-k", "N_", "-k", "_", "-o", str(pot), str(ROOT)],
                   check=True, capture_output=True, cwd=ROOT)
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_the_languages_are_bokmal_nynorsk_and_english():
    from seminar.config import Defaults

    assert tuple(Defaults.LANGUAGES) == LOCALES
    assert sorted(path.name for path in TRANSLATIONS.iterdir() if path.is_dir()) == sorted(
        LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(locale, extracted):
    translated = {m.id for m in _catalogue(locale) if m.id and m.string and not m.fuzzy}
    missing = extracted - translated
    assert missing == set(), (f"{locale}: run scripts/update-translations.sh and translate "
                              "these (a fuzzy entry counts as missing)")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_translation_keeps_the_placeholders_of_its_message(locale):
    differing = {m.id: m.string for m in _catalogue(locale)
                 if m.id and m.string and placeholders(m.id) != placeholders(m.string)}
    assert differing == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_compiled_catalogue_matches_the_po_file(locale):
    folder = TRANSLATIONS / locale / "LC_MESSAGES"
    po = {m.id: m.string for m in _catalogue(locale) if m.id and m.string and not m.fuzzy}
    with (folder / "messages.mo").open("rb") as handle:
        mo = {m.id: m.string for m in read_mo(handle) if m.id}
    assert mo == po, "run: pybabel compile -d seminar/translations"


def test_the_placeholder_check_sees_a_changed_or_missing_placeholder():
    assert placeholders("Join {name}") != placeholders("Bli med i {namn}")
    assert placeholders("%(count)s points") != placeholders("punkt")
    assert placeholders("%(a)s and {b}") == placeholders("{b} og %(a)s")


def test_the_english_catalogue_is_the_english_text():
    assert {m.id: m.string for m in _catalogue("en") if m.id and m.id != m.string} == {}


def test_the_nynorsk_catalogue_is_nynorsk_not_bokmal():
    """Words that are bokmål only must not appear in the nynorsk texts."""
    bokmal_only = re.compile(r"\b(ikke|hva|hvordan|hvis|noen|noe|bare|fra|gruppen|deltakere|"
                             r"deltakerne|navn|ennå|mer|tegn|høyst|finnes|mangler|velg)\b",
                             re.IGNORECASE)
    found = {m.id: m.string for m in _catalogue("nn")
             if m.id and bokmal_only.search(_outside_kit_syntax(m.string))}
    assert found == {}


def _outside_kit_syntax(text: str) -> str:
    """The text without the kit syntax that messages quote («…», "(key: value)")."""
    return re.sub(r"«[^»]*»|\([a-zæøå]+: [^)]*\)", "",
                  text)


def test_every_string_of_the_scripts_table_is_used_by_a_script():
    """The table in templates/_live_scripts.html holds only what static/js asks ``t()`` for:
    a key quoted in a script, or one a script builds from a prefix (``t(`status_${...}`)``)."""
    table = (ROOT / "templates" / "_live_scripts.html").read_text(encoding="utf-8")
    keys = re.findall(r'"(\w+)": _\(', table)
    scripts = "\n".join(path.read_text(encoding="utf-8")
                        for path in sorted((ROOT / "static" / "js").rglob("*.js")))
    prefixes = re.findall(r"`(\w+)\$\{", scripts)
    unused = [key for key in keys
              if f'"{key}"' not in scripts and f"'{key}'" not in scripts
              and not any(key.startswith(prefix) for prefix in prefixes)]
    assert len(keys) > 100
    assert unused == []
