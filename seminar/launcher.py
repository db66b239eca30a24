"""The ``seminar`` console command's entry point.

It picks the async mode and monkey-patches the standard library *before* Flask or Socket.IO is
imported, then hands over to the click commands in ``seminar.cli``.
"""

import os
import sys

from seminar import concurrency


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--async-mode" in argv:
        position = argv.index("--async-mode")
        if position + 1 < len(argv):
            os.environ["SEMINAR_ASYNC_MODE"] = argv[position + 1]
            del argv[position:position + 2]
    if argv[:1] == ["run"]:
        concurrency.prepare(concurrency.async_mode_from_env())
    from seminar.cli import cli

    cli.main(args=argv, prog_name="seminar")
