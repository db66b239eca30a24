"""How responses travel: compressed, and static files versioned by their content.

Compression (Flask-Compress): pages, CSS, JavaScript, JSON and SVG, with zstd, brotli or gzip,
whichever the browser accepts (the types are in ``Defaults.COMPRESS_MIMETYPES``). Not the
exports that are zips already (Word, Excel), not a byte range of a file, and not the Socket.IO
transport: Engine.IO answers ``/socket.io/`` in front of Flask, so this never sees it.

Cache lifetimes: every ``url_for('static', filename=...)`` gets ``v=<hash of the file>``, so no
template has to say it. A request with the file's current version may be kept for a year
without asking again (``immutable``); any other (no version, as the ES module imports inside a
script are, or the version of an older file) is ``no-cache``: the browser may keep it but asks
first, with the ETag and Last-Modified that Flask sends, and gets a 304 if nothing changed.
So an upgrade never runs stale code. Static files set no session cookie (and so no
``Vary: Cookie``): a file kept for a year must carry nobody's cookie, and a cookie that changes
on every request would make the browser ask again each time. See docs/deployment.md, "Caching
and compression".
"""

import hashlib
import os
from pathlib import Path

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_compress import Compress, DictCache
from werkzeug.security import safe_join

VERSION_ARG = "v"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# path -> (modification time, size, version): a file is read again only when it changes.
_versions: dict[str, tuple[int, int, str]] = {}


def register(app: Flask) -> None:
    app.config["COMPRESS_REGISTER"] = False  # compressed by ``_compress`` below, with its rules
    responses, static_files = Compress(), Compress()
    responses.init_app(app)
    static_files.init_app(app)
    # A static file is compressed once per version (a few dozen entries): 300 phones joining
    # at once would otherwise compress the same 120 KB 300 times.
    static_files.cache, static_files.cache_key = DictCache(), _static_cache_key
    app.extensions["seminar.compress"] = {"responses": responses, "static": static_files}
    app.url_defaults(_version_static_urls)
    app.after_request(_static_cache_lifetime)
    app.after_request(_compress)


def static_version(filename: str) -> str | None:
    """Return the version of static file ``filename`` (a hash of its content), None if absent."""
    folder = current_app.static_folder
    path = safe_join(folder, filename) if folder is not None else None
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not Path(path).is_file():
        return None
    known = _versions.get(path)
    if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    version = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
    _versions[path] = (stat.st_mtime_ns, stat.st_size, version)
    return version


def _version_static_urls(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and VERSION_ARG not in values:
        version = static_version(values["filename"])
        if version:
            values[VERSION_ARG] = version


def _static_cache_lifetime(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    asked = request.args.get(VERSION_ARG)
    current = static_version((request.view_args or {}).get("filename", ""))
    response.headers["Cache-Control"] = IMMUTABLE if asked and asked == current else REVALIDATE
    return response


def _compress(response: Response) -> Response:
    if response.status_code == 206:  # a byte range of the file as stored: it must stay so
        return response
    compressors = current_app.extensions["seminar.compress"]
    compress = compressors["static" if request.endpoint == "static" else "responses"]
    if (response.is_streamed and response.direct_passthrough and response.status_code == 200
            and response.mimetype in compress.compress_mimetypes_set):
        # A file (all of ours are small): read whole, so that it is compressed with its length
        # and its ETag; the file is closed when the response is.
        response.make_sequence()
        response.direct_passthrough = False
    response = compress.after_request(response)
    if "Content-Encoding" in response.headers:
        response.headers.pop("Accept-Ranges", None)  # ranges would be of the uncompressed file
    return response


def _static_cache_key(req) -> str:
    filename = (req.view_args or {}).get("filename", "")
    return f"{filename}?v={static_version(filename)}"


class NoCookieOnStaticFiles(SecureCookieSessionInterface):
    """The signed session cookie, never set on a static file (``seminar.web.addresses``
    installs it, with its ``Secure`` rule)."""

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        return request.endpoint != "static" and super().should_set_cookie(app, session)
