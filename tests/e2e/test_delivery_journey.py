"""Compression and cache lifetimes through a real server, in gevent and in eventlet mode: what a
phone downloads is compressed, whole and kept as long as it may be; Socket.IO still connects."""

import gzip
import http.client
import re

import pytest

from seminar.paths import STATIC_DIR

IMMUTABLE = "public, max-age=31536000, immutable"


def _fetch(server, path: str, **headers) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_a_phone_gets_everything_compressed_and_versioned(server_factory, mode):
    server = server_factory(async_mode=mode)
    status, headers, body = _fetch(server, f"/s/{server.code}", **{"Accept-Encoding": "gzip"})
    assert (status, headers["content-encoding"]) == (200, "gzip")
    page = gzip.decompress(body).decode()
    assert f'data-code="{server.code}"' in page
    assets = re.findall(r'(?:src|href)="(/static/([^"?]+)\?v=[0-9a-f]{12})"', page)
    assert {name for _, name in assets} >= {"css/app.css", "js/participant.js",
                                            "vendor/socket.io/socket.io.min.js"}
    for url, name in [*assets, ("/static/js/live.js", "js/live.js"), ("/sw.js", "js/sw.js")]:
        status, headers, body = _fetch(server, url, **{"Accept-Encoding": "gzip"})
        original = (STATIC_DIR / name).read_bytes()
        assert status == 200, url
        compressed = headers.get("content-encoding") == "gzip"
        assert (gzip.decompress(body) if compressed else body) == original, url
        if len(original) > 1000:
            assert headers["content-encoding"] == "gzip", url
            assert int(headers["content-length"]) == len(body) < len(original) * 0.6, url
        assert headers["cache-control"] == (IMMUTABLE if "?v=" in url else "no-cache"), url
        assert "set-cookie" not in headers or url == "/sw.js", url
        if "?v=" not in url:
            again = _fetch(server, url, **{"Accept-Encoding": "gzip",
                                           "If-None-Match": headers["etag"]})
            assert again[:1] + (again[2],) == (304, b""), url
    status, headers, body = _fetch(server, "/socket.io/?EIO=4&transport=polling",
                                   **{"Accept-Encoding": "gzip"})
    assert (status, body[:2]) == (200, b'0{')  # the Engine.IO handshake, as it was
