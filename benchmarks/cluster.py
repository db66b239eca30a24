"""Several ``seminar run`` processes behind nginx with Redis, for real, in a work folder.

Used by tests/test_cluster.py and by the benchmarks that run the app as several processes.
Everything runs unprivileged-style in ``workdir``: Debian's ``/usr/bin/redis-server`` on a free
loopback port without persistence, the processes on one instance folder, and
``/usr/sbin/nginx`` in the foreground with its own prefix, pid, logs and temp paths, from the
SHIPPED site file ``deploy/nginx.conf`` with only its ``listen`` line and its upstream's
``server`` lines replaced (``site_config``). nginx's access log (``ACCESS_LOG_FORMAT``) names,
per request, the client's address and the process that served it.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.harness import ROOT, SeminarServer, ServerError, free_port

SITE_FILE = ROOT / "deploy" / "nginx.conf"
REDIS_SERVER = "/usr/bin/redis-server"
NGINX = "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"
# One line per request (logged when it ends, a WebSocket when it closes): the client's address,
# the upstreams tried ("127.0.0.1:5001, 127.0.0.1:5002" when the first failed), the status and
# the request line.
ACCESS_LOG_FORMAT = "$remote_addr|$upstream_addr|$status|$request"


_LISTEN = re.compile(r"^(\s*)listen\s+[^;]+;\s*$")
_UPSTREAM_SERVER = re.compile(r"^(\s*)server\s+127\.0\.0\.1:\d+(\s[^;]*)?;\s*$")


def wait_for_port(port: int, timeout: float = 20.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {host}:{port}")


# -- Redis -----------------------------------------------------------------------------------------

def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """Debian's redis-server on a free loopback port, nothing saved; yield its URL."""
    workdir = Path(workdir)
    folder = workdir / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder), "--daemonize", "no",
         "--logfile", str(folder / "redis.log")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while not _redis_answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}: "
                                   f"{(folder / 'redis.log').read_text(errors='replace')}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


# -- the app's processes ---------------------------------------------------------------------------

class SeminarProcess:
    """One ``seminar run`` process (gevent unless told otherwise) on a free loopback port,
    with ``env`` on top of the end-to-end harness's (instance path, kits, port); its output
    goes to ``log_path``. ``start()`` waits until it answers HTTP; ``kill()`` is SIGKILL,
    ``stop()`` SIGTERM. The process itself is tests/e2e/harness.py's ``SeminarServer``."""

    def __init__(self, instance_dir: Path, log_path: Path, env: Mapping[str, str],
                 name: str, **server_options) -> None:
        self.server = SeminarServer(instance_dir, log_path, env=dict(env), name=name,
                                    **server_options)
        self.name = name
        self.host, self.port = self.server.host, self.server.port

    @property
    def url(self) -> str:
        return self.server.base_url

    @property
    def upstream(self) -> str:
        """How nginx's log names this process."""
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        if self.server.process is None:
            raise ServerError(f"{self.name} is not running")
        return self.server.process.pid

    @property
    def code(self) -> str:
        return self.server.code

    @property
    def facilitator_url(self) -> str:
        return self.server.facilitator_url

    @property
    def running(self) -> bool:
        return self.server.running

    def start(self, timeout: float = 30.0) -> SeminarProcess:
        self.server.start(timeout)
        return self

    def kill(self) -> None:
        self.server.kill()

    def stop(self) -> None:
        self.server.stop()

    def log_text(self) -> str:
        return self.server.log_text()

    def __repr__(self) -> str:
        return f"<SeminarProcess {self.name} {self.url} {'up' if self.running else 'down'}>"


# -- nginx ----------------------------------------------------------------------------------------

def site_config(upstream_ports: list[int], listen_port: int, shipped: str | None = None) -> str:
    """The shipped site file with its ``listen`` line on ``127.0.0.1:listen_port`` and one
    upstream ``server`` line per port (with the options of the shipped first one)."""
    lines = (SITE_FILE.read_text(encoding="utf-8") if shipped is None else shipped)
    out: list[str] = []
    servers_done = False
    for line in lines.splitlines(keepends=True):
        listen = _LISTEN.match(line)
        server = _UPSTREAM_SERVER.match(line)
        if listen:
            out.append(f"{listen[1]}listen 127.0.0.1:{listen_port};\n")
        elif server:
            if not servers_done:
                out.extend(f"{server[1]}server 127.0.0.1:{port}{server[2] or ''};\n"
                           for port in upstream_ports)
                servers_done = True
        else:
            out.append(line)
    if not servers_done:
        raise ValueError(f"{SITE_FILE} has no upstream server line to replace")
    return "".join(out)


def main_config(folder: Path, site: Path) -> str:
    """A main nginx.conf that keeps everything in ``folder`` and includes ``site``."""
    temp = folder / "temp"
    lines = [
        # As root, nginx would run its workers as nobody, who cannot enter a private folder.
        *(["user root;"] if os.geteuid() == 0 else []),
        "worker_processes 1;",
        f"pid {folder / 'nginx.pid'};",
        f"error_log {folder / 'error.log'} info;",
        "events { worker_connections 4096; }",
        "http {",
        f"    include {MIME_TYPES};",
        f"    client_body_temp_path {temp / 'body'};",
        f"    proxy_temp_path {temp / 'proxy'};",
        f"    fastcgi_temp_path {temp / 'fastcgi'};",
        f"    uwsgi_temp_path {temp / 'uwsgi'};",
        f"    scgi_temp_path {temp / 'scgi'};",
        f"    log_format upstreams '{ACCESS_LOG_FORMAT}';",
        f"    access_log {folder / 'access.log'} upstreams;",
        f"    include {site};",
        "}",
    ]
    return "\n".join(lines) + "\n"


def nginx_command(folder: Path, conf: Path, *extra: str) -> list[str]:
    return [NGINX, "-p", f"{folder}/", "-e", str(folder / "error.log"), "-c", str(conf), *extra]


def write_nginx_config(folder: Path, site_text: str) -> Path:
    """Write the site file and a main conf including it into ``folder``; return the main."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "temp").mkdir(exist_ok=True)
    site = folder / "site.conf"
    site.write_text(site_text, encoding="utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(main_config(folder, site), encoding="utf-8")
    return conf


def nginx_folder(workdir: Path) -> Path:
    return Path(workdir) / "nginx"


def access_log(workdir: Path) -> Path:
    """nginx's access log of ``nginx_front(workdir, ...)``, in ``ACCESS_LOG_FORMAT``."""
    return nginx_folder(workdir) / "access.log"


@contextmanager
def nginx_front(workdir: Path, upstream_ports: list[int], port: int | None = None
                ) -> Iterator[str]:
    """nginx in the foreground in front of ``upstream_ports``, on ``port`` (a free one if not
    given); yield its URL."""
    folder = nginx_folder(workdir)
    port = port or free_port()
    conf = write_nginx_config(folder, site_config(upstream_ports, port))
    with (folder / "nginx.out").open("ab") as out:
        process = subprocess.Popen(nginx_command(folder, conf, "-g", "daemon off;"),
                                   stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited with {process.returncode}: "
                                   f"{(folder / 'error.log').read_text(errors='replace')}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not listen on {port}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@dataclass(frozen=True)
class Served:
    """One request in nginx's access log: who asked, which upstreams nginx tried (the last
    one answered), the status and the request line."""

    client: str
    upstreams: tuple[str, ...]
    status: str
    request: str

    @property
    def upstream(self) -> str:
        return self.upstreams[-1]


def served(log: Path) -> list[Served]:
    """Every request nginx has logged so far, oldest first."""
    rows = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        client, upstreams, status, request = line.split("|", 3)
        rows.append(Served(client, tuple(upstreams.split(", ")), status, request))
    return rows


# -- all of it ------------------------------------------------------------------------------------

@dataclass
class Cluster:
    """What ``cluster()`` yields: nginx's URL, Redis's URL, the processes, nginx's log."""

    url: str
    redis_url: str
    processes: list[SeminarProcess]
    access_log: Path
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.processes[0].code

    @property
    def facilitator_url(self) -> str:
        """The first start's facilitator link (with its key), through nginx."""
        return self.processes[0].facilitator_url

    def process_at(self, upstream: str) -> SeminarProcess:
        """The process listening at ``upstream`` (``"127.0.0.1:PORT"``, as nginx logs it)."""
        for process in self.processes:
            if process.upstream == upstream:
                return process
        raise LookupError(f"no process at {upstream}")


@contextmanager
def cluster(workdir: Path, processes: int = 2, env: Mapping[str, str] | None = None,
            **server_options) -> Iterator[Cluster]:
    """Redis, ``processes`` seminar processes on one instance with the message queue and
    trusting one proxy, and nginx in front; yield a ``Cluster``. ``env`` adds to (or
    overrides) each process's environment; ``server_options`` go to ``SeminarProcess``
    (``kits_dir``, ``default_kit``, ``async_mode``)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    front_port = free_port()
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server(workdir))
        settings = {"SEMINAR_MESSAGE_QUEUE": redis_url, "SEMINAR_TRUSTED_PROXIES": "1",
                    # Links and the QR code carry nginx's address, as in a deployment.
                    "SEMINAR_PUBLIC_URL": f"http://127.0.0.1:{front_port}", **(env or {})}
        servers = [SeminarProcess(workdir / "instance", workdir / f"seminar-{n + 1}.log",
                                  env=settings, name=f"seminar-{n + 1}", **server_options)
                   for n in range(processes)]
        for server in servers:
            stack.callback(server.stop)
        # The first start makes the instance (database, keys, default seminar) alone.
        servers[0].start()
        for server in servers[1:]:
            server.start()
        url = stack.enter_context(nginx_front(workdir, [s.port for s in servers], front_port))
        yield Cluster(url, redis_url, servers, access_log(workdir), workdir, settings)
