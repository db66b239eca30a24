"""Where templates, static files and shipped kits are: the checkout, or the installed package."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
_INSTALLED = _PACKAGE / "_assets"


def _asset_dir(name: str) -> Path:
    installed = _INSTALLED / name
    return installed if installed.is_dir() else _CHECKOUT / name


TEMPLATES_DIR = _asset_dir("templates")
STATIC_DIR = _asset_dir("static")
KITS_DIR = _asset_dir("sessions")
TRANSLATIONS_DIR = _PACKAGE / "translations"
