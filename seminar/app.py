"""The application factory."""

import os
import time

from flask import Flask, request
from markupsafe import Markup

from seminar.concurrency import checked_mode
from seminar.config import load_config
from seminar.domain.clock import format_countdown, format_minute_of_day
from seminar.extensions import babel, socketio
from seminar.i18n import select_locale
from seminar.paths import STATIC_DIR, TEMPLATES_DIR, TRANSLATIONS_DIR
from seminar.rendering import render_markdown
from seminar.services.archive import remove_unfinished_restores
from seminar.store import Store
from seminar.web import socket_json

_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws://{host} wss://{host}; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
)
# The projector page may be framed by pages of its own origin (the console's live preview),
# by no other site; every other page by nobody.
FRAMEABLE_BY_OWN_ORIGIN = {"X-Frame-Options": "SAMEORIGIN"}


def content_security_policy(host: str, *, frameable_by_own_origin: bool = False) -> str:
    """The policy for a page served to ``host`` (already checked against the allowed hosts):
    its scripts may connect to this server only (its Socket.IO), by any of its schemes."""
    return _CONTENT_SECURITY_POLICY.format(
        host=host, frame_ancestors="'self'" if frameable_by_own_origin else "'none'")


def create_app(test_config: dict | None = None, async_mode: str = "threading") -> Flask:
    """Create the app; ``async_mode`` must match what ``seminar.concurrency.prepare`` patched."""
    app = Flask(
        "seminar",
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
        instance_path=os.environ.get("SEMINAR_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    load_config(app, test_config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    app.extensions["seminar.store"] = Store(app.config["DATABASE"])
    app.extensions["seminar.clock"] = app.config.get("CLOCK", time.time)
    remove_unfinished_restores(app.extensions["seminar.store"], app.extensions["seminar.clock"]())

    babel.init_app(app, locale_selector=select_locale)
    # Socket handlers must be registered while ``socketio`` is unbound, so that every app
    # (and every test's app) gets them from ``init_app``.
    import seminar.web.handlers  # noqa: F401

    socketio.init_app(
        app,
        async_mode=checked_mode(async_mode),
        max_http_buffer_size=app.config["MAX_PAYLOAD_BYTES"],
        json=socket_json,  # a payload nested too deeply is answered, not a traceback
        # JSON only: no look for bytes in every payload (the stub does not know the option).
        serializer=socket_json.TextPacket,  # type: ignore[call-arg]
        # The stub wants a str or a list; None is Engine.IO's documented default (same origin).
        cors_allowed_origins=app.config.get("CORS_ALLOWED_ORIGINS"),  # type: ignore[arg-type]
        # Several processes: their emits reach each other's sockets through Redis.
        message_queue=app.config["MESSAGE_QUEUE"] or None,
        channel=app.config["MESSAGE_QUEUE_CHANNEL"],
    )
    app.jinja_env.filters["markdown"] = lambda text: Markup(render_markdown(text or ""))
    app.jinja_env.filters["clock"] = format_minute_of_day
    app.jinja_env.filters["countdown"] = format_countdown

    from seminar.web import register
    from seminar.web.group_broadcast import GroupsBroadcaster
    from seminar.web.presence import Presence, SharedPresence
    from seminar.web.processes import Processes
    from seminar.web.rate_limit import Limiter
    from seminar.web.storage_health import StorageHealth

    processes = None
    presence = Presence()
    if app.config["MESSAGE_QUEUE"]:
        processes = Processes(app.config["MESSAGE_QUEUE"], app.config["MESSAGE_QUEUE_CHANNEL"],
                              app.config["PROCESS_HEARTBEAT_INTERVAL"],
                              app.config["PROCESS_TIMEOUT"])
        presence = SharedPresence(processes)
    app.extensions["seminar.processes"] = processes  # started by `seminar run`
    app.extensions["seminar.groups"] = GroupsBroadcaster(
        app, app.config["GROUPS_BROADCAST_INTERVAL"], presence, processes,
        presence_interval=app.config["PRESENCE_BROADCAST_INTERVAL"])
    app.extensions["seminar.limiter"] = Limiter(app.config)
    app.extensions["seminar.storage_health"] = StorageHealth(
        app, app.config["STORAGE_PROBE_INTERVAL"])

    register(app)

    from seminar.web import addresses

    addresses.install(app)

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", content_security_policy(
            request.host,
            frameable_by_own_origin=response.headers.get("X-Frame-Options") == "SAMEORIGIN"))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app
