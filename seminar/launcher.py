"""The ``seminar`` console command's entry point.

It picks the async mode and monkey-patches the standard library *before* Flask or Socket.IO is
imported, then hands over to the click commands in ``seminar.cli``.
"""

import sys

from seminar import concurrency

_OPTION = "--async-mode"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["run"]:
        mode = async_mode_option(argv[1:])
        # An unknown mode is left to ``seminar run`` to refuse, with its usage.
        if mode is None or mode in concurrency.MODES:
            concurrency.prepare(mode or concurrency.async_mode_from_env())
    from seminar.cli import cli

    cli.main(args=argv, prog_name="seminar")


def async_mode_option(args: list[str]) -> str | None:
    """Return the value of ``--async-mode M`` or ``--async-mode=M`` in ``args``, if given.

    The launcher needs it before click parses the command line, which imports Flask.
    """
    found = None
    for position, arg in enumerate(args):
        if arg == "--":
            break
        if arg == _OPTION and position + 1 < len(args):
            found = args[position + 1]
        elif arg.startswith(_OPTION + "="):
            found = arg.split("=", 1)[1]
    return found.strip().lower() if found is not None else None
