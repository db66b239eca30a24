"""Command-line interface: ``seminar run``, ``keys``, ``check``, ``kits``, ``kit`` (a seminar's
own kit as a kit file), ``export`` (a report, or the whole seminar as a JSON archive) and
``import`` (restore such an archive).

Use it through the ``seminar`` command (``seminar.launcher``), which prepares the async mode.
"""

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import click

from seminar import concurrency
from seminar.config import replace_instance_secret
from seminar.domain.errors import KitErrors
from seminar.domain.kit_parser import parse_kit
from seminar.i18n import cli_translations, format_kit_error

_t = cli_translations()
_ = _t.gettext


@click.group(help="Live facilitation app for dialogue seminars.")
def cli() -> None:
    """Group the commands."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def check(files: tuple[str, ...]) -> None:
    """Check seminar kit FILES; print each problem with its line and exit 1 if there is one."""
    failed = False
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            failed = True
            click.echo(f"{name}:1: " + _("The file is not UTF-8 text."), err=True)
            continue
        try:
            kit = parse_kit(text, name)
        except KitErrors as problems:
            failed = True
            for error in problems.errors:
                click.echo(format_kit_error(error, name, _t), err=True)
            continue
        click.echo(_("%(file)s: OK — «%(title)s», %(blocks)s blocks, %(questions)s questions, "
                     "language %(language)s")
                   % {"file": name, "title": kit.title, "blocks": len(kit.blocks),
                      "questions": len(kit.questions()), "language": kit.language})
    sys.exit(1 if failed else 0)


@cli.command()
@click.option("--host", default=None, help="Address to listen on (default 0.0.0.0).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 5000).")
@click.option("--async-mode", "async_mode", default=None,
              type=click.Choice(concurrency.MODES, case_sensitive=False),
              help="gevent (the default), eventlet or threading; overrides SEMINAR_ASYNC_MODE.")
def run(host: str | None, port: int | None, async_mode: str | None) -> None:
    """Start the server on the default seminar kit and print the addresses to open."""
    # The launcher (``seminar``) has already prepared the mode from the same option.
    mode = concurrency.prepare(async_mode.lower() if async_mode
                               else concurrency.async_mode_from_env())
    from seminar.app import create_app
    from seminar.domain.errors import StorageUnavailable
    from seminar.extensions import socketio
    from seminar.services.kits import read_kit_file
    from seminar.services.seminars import ensure_default_seminar
    from seminar.web.maintenance import start_checkpoints, start_processes

    overrides = {key: value for key, value in (("HOST", host), ("PORT", port)) if value}
    try:
        app = create_app(overrides, async_mode=mode)
    except StorageUnavailable as error:  # before any link is printed: nothing would work
        raise click.ClickException(_t.gettext(error.template) % error.params) from None
    config = app.config
    config["PUBLIC_URL"] = base = public_url(config)
    kit_name = config["DEFAULT_KIT"]
    source = read_kit_file(Path(config["KITS_DIR"]), kit_name)
    if source is None:
        raise click.ClickException(_("The default kit %(kit)s was not found in %(dir)s.")
                                   % {"kit": kit_name, "dir": config["KITS_DIR"]})
    seminar, key = ensure_default_seminar(app.extensions["seminar.store"], kit_name, source,
                                          time.time())
    if key is not None:  # a new default seminar, with a new key: `seminar keys` finds it
        replace_instance_secret(_default_key_file(app), key)
    # Each secret is printed at the start that creates it only (the projector may mirror
    # this terminal); later, `seminar keys` prints them.
    show_organiser_key = key is not None or app.extensions.get("seminar.new_organiser_key")
    facilitator = f"{base}/s/{seminar.code}/facilitator"
    addresses = [
        (_("Seminar"), _("%(title)s (code %(code)s)")
         % {"title": seminar.kit.title, "code": seminar.code}),
        (_("Facilitator"), facilitator_link(base, seminar.code, key) if key else facilitator),
        (_("Projector"), f"{base}/s/{seminar.code}/projector"),
        (_("Join"), f"{base}/j/{seminar.code}"),
        (_("Organiser"), _("%(url)s (key: %(key)s)")
         % {"url": f"{base}/organiser/", "key": config["ORGANISER_KEY"]}
         if show_organiser_key else f"{base}/organiser/"),
    ]
    lines = [_("Dialogue seminar server (%(mode)s mode), database %(db)s")
             % {"mode": mode, "db": config["DATABASE"]}]
    lines += [f"  {label}: {value}" for label, value in addresses]
    if "//127." in base or "//localhost" in base:
        lines.append("  " + _("Phones cannot reach %(url)s. Set SEMINAR_PUBLIC_URL to an address "
                              "they can reach.") % {"url": base})
    if key is None:
        lines.append("  " + _("The keys were shown when they were made; «seminar keys» shows "
                              "them again (not on a screen mirrored to the projector)."))
    click.echo("\n".join(lines + ["", *_next_steps()]), err=False)
    sys.stdout.flush()
    start_checkpoints(app)
    start_processes(app)
    try:
        concurrency.run_server(socketio, app, config["HOST"], config["PORT"])
    finally:  # a last checkpoint: the database is one file again
        app.extensions["seminar.store"].close()


def _next_steps() -> list[str]:
    """What to do with the addresses just printed, and which of them to keep to oneself."""
    steps = [
        _("Open the facilitator link on your laptop: it logs that browser in."),
        _("Put the projector link on the big screen, in full screen (F11)."),
        _("Participants scan the QR code on the big screen, or open the join link."),
    ]
    return [_("Next steps:"), *(f"  {number}. {step}" for number, step in enumerate(steps, 1)),
            _("The facilitator link and the organiser key are secret: do not show them on the "
              "projector or on a screen mirrored to it.")]


@cli.command()
def keys() -> None:
    """Print the default seminar's facilitator link and the organiser key (secret: not on a
    screen mirrored to the projector)."""
    from seminar.services.seminars import find_default_seminar, is_facilitator_key

    with _app() as app:
        seminar = find_default_seminar(app.extensions["seminar.store"])
        key_file = _default_key_file(app)
        key = key_file.read_text(encoding="utf-8").strip() if key_file.exists() else ""
        base = public_url(app.config)
        if seminar is None:
            click.echo(_("There is no default seminar: «seminar run» makes one."))
        elif is_facilitator_key(seminar, key):
            click.echo("  " + _("Facilitator") + ": " + facilitator_link(base, seminar.code, key))
        else:
            click.echo("  " + _("The default seminar's facilitator key was replaced in its "
                                "console; the new link was shown there once."))
        click.echo("  " + _("Organiser") + ": " + _("%(url)s (key: %(key)s)")
                   % {"url": f"{base}/organiser/", "key": app.config["ORGANISER_KEY"]})


def _default_key_file(app) -> Path:
    """Where the default seminar's facilitator key is kept (readable by the owner only)."""
    return Path(app.instance_path) / "default_facilitator_key"


@cli.command()
@click.option("--dir", "kits_dir", default=None, help="Folder with kit files.")
def kits(kits_dir: str | None) -> None:
    """List the seminar kits that can be started."""
    from seminar.config import Defaults
    from seminar.services.kits import list_kits

    for kit in list_kits(Path(kits_dir or Defaults.KITS_DIR)):
        click.echo(f"{kit.name}\t{kit.title}")


@cli.command()
@click.argument("code")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Where to write it (default: standard output).")
def kit(code: str, output: str | None) -> None:
    """Write seminar CODE's kit, as the seminar has it (with every change made to it), as a kit
    file: the same file the console's «Kit file (.md)» link downloads."""
    from seminar.services.seminars import find_seminar

    with _app() as app:
        source = find_seminar(app.extensions["seminar.store"], code).record.kit_source
    data = source.encode("utf-8")
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    Path(output).write_bytes(data)
    click.echo(_("Wrote %(file)s.") % {"file": output})


@cli.command()
@click.argument("code")
@click.option("--format", "fmt", default="docx", show_default=True,
              type=click.Choice(["docx", "xlsx", "csv", "md", "json"]),
              help="The file format (json: the whole seminar as an archive to import).")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Where to write it (default: a file name with the code and date; - for "
                   "standard output).")
@click.option("--names", is_flag=True, help="Include the participants' names.")
def export(code: str, fmt: str, output: str | None, names: bool) -> None:
    """Export seminar CODE's report (as the facilitator downloads it) or archive from the
    database."""
    from seminar import exports
    from seminar.domain.archive import encode_archive
    from seminar.services.archive import archive_filename, export_archive
    from seminar.services.report import build_report
    from seminar.services.seminars import find_seminar

    now = time.time()
    with _app() as app:
        store = app.extensions["seminar.store"]
        if fmt == "json":
            archive = export_archive(store, code, now, include_names=names)
            data = encode_archive(archive)
            default = archive_filename(archive["seminar"]["code"], now)
        else:
            report = build_report(store, code, now, include_names=names)
            # The report speaks the seminar's language, as it does when downloaded.
            language = find_seminar(store, code).language
            data = exports.render(report, fmt, cli_translations(language).gettext)
            default = exports.filename(report, fmt)
    if output == "-":
        sys.stdout.buffer.write(data)
        return
    path = Path(output or default)
    path.write_bytes(data)
    click.echo(_("Wrote %(file)s.") % {"file": path})


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def backup(file: str) -> None:
    """Write a consistent copy of the database to FILE, also while the server runs."""
    target = Path(file)
    if target.exists():
        raise click.ClickException(_("%(file)s exists already: choose a new file.")
                                   % {"file": file})
    with _app() as app:
        app.extensions["seminar.store"].backup(target)
    click.echo(_("The database is copied to %(file)s.") % {"file": file})


@cli.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_(file: str) -> None:
    """Restore a seminar from FILE, a JSON archive (seminar export --format json); print its
    code and its new facilitator link, shown only now."""
    from seminar.domain.archive import decode_archive
    from seminar.services.archive import import_archive

    with _app() as app:
        seminar, key = import_archive(app.extensions["seminar.store"],
                                      decode_archive(Path(file).read_bytes()), time.time())
    base = public_url(app.config)
    click.echo(_("Restored «%(title)s» as seminar %(code)s.")
               % {"title": seminar.kit.title, "code": seminar.code})
    click.echo(_("Facilitator link (shown only now): %(url)s")
               % {"url": facilitator_link(base, seminar.code, key)})


@contextlib.contextmanager
def _app() -> Iterator:
    """The app on the database (the instance in ``SEMINAR_INSTANCE_PATH``), its store closed
    after; an error the user caused is printed, translated, and exits 1."""
    from seminar.app import create_app
    from seminar.domain.errors import SeminarError

    app = create_app({})
    try:
        yield app
    except SeminarError as error:
        raise click.ClickException(_t.gettext(error.template) % error.params) from None
    finally:
        app.extensions["seminar.store"].close()


def public_url(config: Mapping[str, Any]) -> str:
    """Return the address, without a final slash, that the printed links start with.

    ``SEMINAR_PUBLIC_URL`` if set; otherwise the address the server listens on (this machine's
    LAN address when it listens on every interface) and its port.
    """
    if config["PUBLIC_URL"]:
        return str(config["PUBLIC_URL"]).rstrip("/")
    host = config["HOST"]
    address = host if host not in ("0.0.0.0", "::", "") else _lan_address()
    return f"http://{address}:{config['PORT']}"


def facilitator_link(base: str, code: str, key: str) -> str:
    """Return the link that logs a browser in as the facilitator of seminar ``code``."""
    return f"{base}/s/{code}/facilitator?key={key}"


def _lan_address() -> str:
    """Return an address of this machine that phones on the same network can reach.

    Debian maps the host name to a loopback address, so ask ``hostname -I`` (the addresses of
    the network interfaces) first, then the host name.
    """
    try:
        found = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5,
                               check=False).stdout.split()
    except OSError:
        found = []
    with contextlib.suppress(OSError):
        found += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None,
                                                            socket.AF_INET)]
    addresses = [a for a in found if "." in a and not a.startswith("127.")]
    return addresses[0] if addresses else "127.0.0.1"


if __name__ == "__main__":
    cli()
