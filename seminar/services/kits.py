"""Seminar kits: find the shipped ones, read an uploaded one, the blank one, parse them
(parsing is cached by content), and name a kit's file."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from seminar.domain.blank_kit import blank_kit
from seminar.domain.errors import KitError, KitErrors, KitUnreadable
from seminar.domain.kit import Kit
from seminar.domain.kit_parser import parse_kit, slugify
from seminar.domain.kit_writer import write_kit
from seminar.domain.limits import MAX_KIT_CHARS
from seminar.domain.messages import N_

# The most bytes an uploaded kit of MAX_KIT_CHARS characters can have: four per character
# (UTF-8), and a byte-order mark.
MAX_KIT_BYTES = 4 * MAX_KIT_CHARS + 3
_BOM = "\ufeff"


@dataclass(frozen=True)
class KitFile:
    name: str  # file name, e.g. nasjonalt-dialogseminar-2023.md
    title: str
    path: Path


def list_kits(kits_dir: Path) -> list[KitFile]:
    """Return every kit in ``kits_dir`` that parses, sorted by title."""
    kits = []
    for path in sorted(kits_dir.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            kit = load_kit(path.read_text(encoding="utf-8-sig"), path.name)
        except (KitErrors, UnicodeDecodeError):
            continue  # `seminar check` explains what is wrong; a broken kit cannot be started
        kits.append(KitFile(path.name, kit.title, path))
    return sorted(kits, key=lambda kit: kit.title)


def read_kit_file(kits_dir: Path, name: str) -> str | None:
    """Return the text of kit ``name`` in ``kits_dir``; ``None`` if there is no such kit."""
    candidates = {path.name: path for path in kits_dir.glob("*.md")}
    path = candidates.get(name)
    return path.read_text(encoding="utf-8-sig") if path else None


@lru_cache(maxsize=128)
def load_kit(source: str, name: str = "<kit>") -> Kit:
    """Parse kit text, once per distinct text (an edited kit is a new text)."""
    return parse_kit(source, name)


def decode_kit_upload(raw: bytes, name: str = "<upload>") -> str:
    """Return an uploaded kit file's text (UTF-8, with or without a byte-order mark, which is
    dropped); ``KitUnreadable`` if it is not UTF-8, ``KitErrors`` (the parser's message, line 1)
    if it is longer than a kit may be. The text is not parsed here."""
    if len(raw) > MAX_KIT_BYTES:
        raise KitErrors(name, [KitError(1, N_("A kit can have at most %(max)s characters."),
                                        max=MAX_KIT_CHARS)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise KitUnreadable() from None
    return text.removeprefix(_BOM)


def blank_kit_text(language: str) -> str:
    """The text of the short blank kit in ``language`` (``seminar.domain.blank_kit``)."""
    return write_kit(blank_kit(language))


def kit_filename(kit: Kit) -> str:
    """The file name a seminar's kit is downloaded as: its title in ``a-z0-9-`` (safe in a
    Content-Disposition header), e.g. ``nasjonalt-dialogseminar-2023.md``."""
    stem = slugify(kit.title)[:80].strip("-")
    return f"{stem if stem and stem != 'x' else 'opplegg'}.md"
