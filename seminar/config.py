"""Configuration: defaults, then ``instance/config.py``, then ``SEMINAR_*`` environment."""

import os
import secrets
from pathlib import Path

from seminar.domain import limits
from seminar.paths import KITS_DIR

ENV_PREFIX = "SEMINAR_"


class Defaults:
    HOST = "0.0.0.0"
    PORT = 5000
    PUBLIC_URL = ""  # e.g. http://seminar.local:5000; derived from the host's address if empty
    ALLOWED_HOSTS = ""  # more host names to answer to, comma-separated (seminar/web/addresses.py)
    TRUSTED_PROXIES = 0  # reverse proxies in front whose X-Forwarded-* headers count
    DATABASE = ""  # defaults to <instance>/seminar.db
    KITS_DIR = str(KITS_DIR)
    DEFAULT_KIT = "nasjonalt-dialogseminar-2023.md"
    ORGANISER_KEY = ""  # generated into <instance>/organiser_key if empty
    SECRET_KEY = ""  # generated into <instance>/secret_key if empty
    MAX_PAYLOAD_BYTES = limits.MAX_PAYLOAD_BYTES
    GROUPS_BROADCAST_INTERVAL = 0.2  # seconds between two announcements of the groups
    CHECKPOINT_INTERVAL = 60.0  # seconds between two checkpoints of the write-ahead log
    STORAGE_PROBE_INTERVAL = 3.0  # seconds between two tries to write while the disk refuses
    EDITS_PER_SECOND = 10.0  # answer edits one phone may send per second, after a burst of
    EDITS_BURST = 30  # this many (a phone resending what it queued offline)
    BABEL_DEFAULT_LOCALE = "nb"
    LANGUAGES = ("nb", "nn", "en")
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
    # Flask-Compress (seminar/web/delivery.py): what is compressed, and how.
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "image/svg+xml"]
    COMPRESS_ALGORITHM = ["zstd", "br", "gzip"]
    # A streamed response (none today; static files are read whole first) goes as it is.
    COMPRESS_STREAMS = False


_TYPES = {"PORT": int, "MAX_PAYLOAD_BYTES": int, "GROUPS_BROADCAST_INTERVAL": float,
          "CHECKPOINT_INTERVAL": float, "STORAGE_PROBE_INTERVAL": float,
          "EDITS_PER_SECOND": float, "EDITS_BURST": int,
          "TRUSTED_PROXIES": int}


def load_config(app, test_config: dict | None = None) -> None:
    """Fill ``app.config`` and make sure the instance folder and its secrets exist."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key, value in os.environ.items():
        if key.startswith(ENV_PREFIX) and key != "SEMINAR_ASYNC_MODE":
            name = key[len(ENV_PREFIX):]
            app.config[name] = _TYPES.get(name, str)(value)
    if test_config:
        app.config.update(test_config)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config["DATABASE"]:
        app.config["DATABASE"] = str(instance / "seminar.db")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret(instance / "secret_key")
    if not app.config["ORGANISER_KEY"]:
        # ``seminar run`` shows a secret only at the start that creates it.
        app.extensions["seminar.new_organiser_key"] = not _has_secret(instance / "organiser_key")
        app.config["ORGANISER_KEY"] = instance_secret(instance / "organiser_key", nbytes=12)


def _has_secret(path: Path) -> bool:
    return path.exists() and bool(path.read_text(encoding="utf-8").strip())


def replace_instance_secret(path: Path, value: str) -> None:
    """Write ``value`` to ``path`` (readable by the owner only), replacing what it held."""
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    os.replace(temporary, path)


def instance_secret(path: Path, nbytes: int = 32) -> str:
    """Return the secret kept in ``path``, generating it (readable by the owner only) if new."""
    if path.exists():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
        path.unlink()
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value
