"""Benchmark: the bytes a first page load downloads, as sent and compressed.

Starts ``seminar run`` (gevent, the national dialogue seminar kit) and, for the phone's page, the
projector and the facilitator's console, downloads the page and everything it loads the first
time — the stylesheets, the favicon, the scripts and the ES modules they import, the QR code —
once without compression and once with each of gzip, brotli and zstd. Prints the bytes of the
bodies per page load, and the server's CPU time per phone page load with and without
compression (``--rounds`` of ``--loads`` page loads each; the least of the rounds).

Usage: ``python -m benchmarks.compression [--loads 100] [--rounds 3]``
"""

import argparse
import http.client
import re
from urllib.parse import urljoin, urlsplit

from benchmarks.common import seminar_server

ENCODINGS = ("identity", "gzip", "br", "zstd")
_ASSET = re.compile(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="(/[^"]+)"')
_IMPORT = re.compile(r'^import [^"]*"(\./[^"]+)"', re.MULTILINE)


def _get(port: int, path: str, encoding: str, cookie: str = "") -> tuple[dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": encoding, "Cookie": cookie})
        response = connection.getresponse()
        return {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def _urls_of_a_load(port: int, page: str, cookie: str) -> list[str]:
    """The page and everything it loads, found from the uncompressed texts."""
    found, queue = [page], [page]
    while queue:
        url = queue.pop()
        _, body = _get(port, url, "identity", cookie)
        text = body.decode("utf-8", "replace")
        pattern = _IMPORT if urlsplit(url).path.endswith(".js") else _ASSET
        for link in pattern.findall(text):
            target = urljoin(url, link.replace("&amp;", "&"))
            if target not in found:
                found.append(target)
                queue.append(target)
    return found


def _bytes(port: int, urls: list[str], encoding: str, cookie: str) -> int:
    total = 0
    for url in urls:
        headers, body = _get(port, url, encoding, cookie)
        assert encoding == "identity" or headers.get("content-encoding") in (None, encoding)
        total += len(body)
    return total


def _cpu_per_load(process, port: int, urls: list[str], encoding: str, loads: int) -> float:
    before = sum(process.cpu_times()[:2])
    for _ in range(loads):
        _bytes(port, urls, encoding, "")
    return (sum(process.cpu_times()[:2]) - before) / loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with seminar_server() as server:
        port = urlsplit(server["base"]).port
        code = server["code"]
        login, _ = _get(port, urlsplit(server["facilitator"]).path + "?"
                        + urlsplit(server["facilitator"]).query, "identity")
        cookie = login["set-cookie"].split(";")[0]
        pages = {"phone": f"/s/{code}", "projector": f"/s/{code}/projector",
                 "console": f"/s/{code}/facilitator"}
        print("page load | files | " + " | ".join(ENCODINGS) + " | saved (gzip)")
        for name, page in pages.items():
            urls = _urls_of_a_load(port, page, cookie if name == "console" else "")
            sizes = {encoding: _bytes(port, urls, encoding, cookie) for encoding in ENCODINGS}
            saved = sizes["identity"] - sizes["gzip"]
            print(f"{name} | {len(urls)} | "
                  + " | ".join(f"{sizes[e] / 1024:.1f} KiB" for e in ENCODINGS)
                  + f" | {saved / 1024:.1f} KiB")
        phone = _urls_of_a_load(port, pages["phone"], "")
        cpu = {encoding: [] for encoding in ENCODINGS}
        for _ in range(args.rounds):  # interleaved, the least of each: the machine is shared
            for encoding in ENCODINGS:
                cpu[encoding].append(
                    _cpu_per_load(server["process"], port, phone, encoding, args.loads))
        for encoding, times in cpu.items():
            print(f"server CPU per phone page load, {encoding}: {min(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
