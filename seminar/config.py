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
    # ... when only who is connected changed: 300 phones coming back after a Wi-Fi drop change
    # every group's view many times a second, and each announcement sends a phone its view.
    PRESENCE_BROADCAST_INTERVAL = 1.0
    POLL_RESULTS_INTERVAL = 0.25  # seconds between two announcements of one poll's results
    PANEL_BROADCAST_INTERVAL = 0.25  # seconds between two announcements of the panel's questions
    # -- several processes (docs/scaling.md) -------------------------------------------------
    # Flask-SocketIO's message queue, e.g. redis://127.0.0.1:6379/0: the processes of one
    # instance (same instance folder, same database) share their sockets' messages, presence
    # and rate limits through it. Empty: one process, no Redis.
    MESSAGE_QUEUE = ""
    MESSAGE_QUEUE_CHANNEL = "seminar"  # the queue's channel and the prefix of the Redis keys
    # A process refreshes its heartbeat this often; one that has not for PROCESS_TIMEOUT
    # seconds (killed, frozen) is taken for dead: its phones are offline at once and a
    # surviving process announces it at its next heartbeat (within both together).
    PROCESS_HEARTBEAT_INTERVAL = 2.0
    PROCESS_TIMEOUT = 6.0
    CHECKPOINT_INTERVAL = 60.0  # seconds between two checkpoints of the write-ahead log
    STORAGE_PROBE_INTERVAL = 3.0  # seconds between two tries to write while the disk refuses
    # -- rate limits: docs/limits.md lists every one, its number and why ---------------------
    # Rates in the notation of the `limits` library ("30 per 3 seconds"), counted in a moving
    # window (no burst at a window's edge can double a rate). "off" only for the benchmarks
    # that measure what the limits cost (benchmarks/*.py --no-limits).
    RATE_LIMITS = "on"
    # Where the counters live: empty means memory:// for one process, and the message queue's
    # Redis when MESSAGE_QUEUE is set (the processes must share the counters too).
    RATE_LIMIT_STORAGE = ""
    # A screen joins on every (re)connect; live.js waits 1-5 s between reconnection attempts,
    # so even a flapping link stays under 10 in 10 s.
    LIMIT_JOINS_PER_SOCKET = "10 per 10 seconds"
    # One NAT address for a whole hall: 300 phones joining within a minute, each perhaps twice
    # (a reload, a reconnect), plus the screens, fits four times over into 1,200 a minute.
    LIMIT_JOINS_PER_ADDRESS = "1200 per minute"
    # Every screen syncs its clock 5 times on each connect (150 ms apart).
    LIMIT_CLOCK_PER_SOCKET = "30 per 10 seconds"
    # answers:fetch, display:fetch, wall:fetch, summary:fetch: a screen fetches once per join and
    # when an announcement says its view is stale (a projector during a busy wall: a few a
    # second at most).
    LIMIT_FETCHES_PER_SOCKET = "30 per 10 seconds"
    # The same for one address: a hall of 300 phones fetching their answers on each join and
    # each group change, with room to spare.
    LIMIT_FETCHES_PER_ADDRESS = "1500 per minute"
    # group:choose, group:create, group:leave, participant:rename, role:take: a person tapping
    # (choosing, changing their mind, taking a role) does a handful in ten seconds.
    LIMIT_GROUP_CHANGES_PER_PHONE = "10 per 10 seconds"
    # A hall behind one address: 300 phones choosing a group and perhaps a role and a new name
    # within a minute (900), with room for changes of mind.
    LIMIT_GROUP_CHANGES_PER_ADDRESS = "1500 per minute"
    # A phone becomes a stored participant when it first joins a group: a 300-phone hall behind
    # one address within a minute, with a third to spare (people on two devices, new browsers).
    LIMIT_NEW_PARTICIPANTS_PER_ADDRESS = "400 per minute"
    # Answer edits of one phone: a scribe typing (the phone sends an edit per pause, a few a
    # second at most) and a phone resending up to 30 edits it queued while offline at once;
    # on average 10 a second.
    LIMIT_EDITS_PER_PHONE = "30 per 3 seconds"
    # Answer edits of one group, all its members together: three phones at the full rate of
    # one. 20 identities in one group once wrote 316 a second and stalled the hall for 1.1 s.
    LIMIT_EDITS_PER_GROUP = "90 per 3 seconds"
    # Every facilitator event, per socket: clicking and paging as fast as a person can (a
    # held arrow key repeats about 30 times a second, but only for a moment).
    LIMIT_FACILITATOR_PER_SOCKET = "200 per 10 seconds"
    # panel:ask: a person asks a question or two during a conversation; five a minute leaves
    # room for a correction and a second thought. A hall behind one address: 300 phones asking
    # twice within a minute.
    LIMIT_PANEL_ASKS_PER_PHONE = "5 per minute"
    LIMIT_PANEL_ASKS_PER_ADDRESS = "600 per minute"
    # panel:vote: a person taps through the list (and changes their mind): 20 in 10 seconds.
    # A hall behind one address: 300 phones upvoting ten questions each within a minute.
    LIMIT_PANEL_VOTES_PER_PHONE = "20 per 10 seconds"
    LIMIT_PANEL_VOTES_PER_ADDRESS = "3000 per minute"
    # The kit editor's live check and Markdown preview, per socket: sent at each pause in the
    # typing (about two a second), each parsing a kit or rendering a text.
    LIMIT_KIT_CHECKS_PER_SOCKET = "30 per 10 seconds"
    # poll:answer, per phone identity: a person changing their mind, tapping options of a
    # choice with several answers one at a time, or typing words (the phone sends on each
    # change, at most a few a second).
    LIMIT_POLL_ANSWERS_PER_PHONE = "20 per 10 seconds"
    # The same for one address: a 1,000-phone hall behind one address answering a poll
    # within a minute, each changing their answer twice.
    LIMIT_POLL_ANSWERS_PER_ADDRESS = "3000 per minute"
    # vote:cast (the vote across groups), per phone identity: a person gives up to ten votes
    # and changes their mind a few times, one tap each.
    LIMIT_VOTES_PER_PHONE = "30 per 10 seconds"
    # The same for one address: a 1,000-phone hall behind one address giving three votes
    # each within a minute, and taking one back.
    LIMIT_VOTES_PER_ADDRESS = "4000 per minute"
    # HTTP: the start page's code form (POST /join) and the QR code's address (/j/<code>), per
    # client address: a hall behind one address opening the seminar within a minute, twice.
    LIMIT_JOIN_PAGES_PER_ADDRESS = "600 per minute"
    # HTTP: organiser login and facilitator key login (GET ?key= and POST), per client
    # address: keys are typed or clicked a few times; the keys are long, this only bounds noise.
    LIMIT_LOGINS_PER_ADDRESS = "30 per minute"
    # HTTP: the organiser creating a seminar (from a shipped kit, an uploaded kit file, which
    # is parsed, up to MAX_KIT_CHARS, or the blank kit), per client address: an organiser
    # starts a few seminars, and corrects an uploaded kit a few times a minute at most.
    LIMIT_SEMINAR_STARTS_PER_ADDRESS = "30 per minute"
    # Join-code guessing (seminar/web/guessing.py): unknown codes per client address. The
    # first CODE_MISSES_FREE within the window are answered at once (typos); each further one
    # waits CODE_MISS_DELAY seconds, doubled per miss, at most CODE_MISS_DELAY_MAX; past the
    # limit every code (right or wrong) from that address is answered as unknown until the
    # window has room again. 31**6 codes and 100 guesses an hour: with ten seminars running,
    # one address finds one in about 100 years.
    LIMIT_CODE_MISSES_PER_ADDRESS = "100 per hour"
    CODE_MISSES_FREE = 30  # a tenth of a 300-phone hall mistyping the code once
    CODE_MISS_DELAY = 0.5
    CODE_MISS_DELAY_MAX = 8.0
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
          "PRESENCE_BROADCAST_INTERVAL": float,
          "POLL_RESULTS_INTERVAL": float,
          "PANEL_BROADCAST_INTERVAL": float,
          "CHECKPOINT_INTERVAL": float,
          "PROCESS_HEARTBEAT_INTERVAL": float, "PROCESS_TIMEOUT": float,
          "STORAGE_PROBE_INTERVAL": float,
          "TRUSTED_PROXIES": int,
          "CODE_MISSES_FREE": int, "CODE_MISS_DELAY": float, "CODE_MISS_DELAY_MAX": float}


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
