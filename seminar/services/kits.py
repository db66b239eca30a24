"""Shipped seminar kits: find them, read them, parse them (parsing is cached by content)."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from seminar.domain.errors import KitErrors
from seminar.domain.kit import Kit
from seminar.domain.kit_parser import parse_kit


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
