"""``python -m seminar ...`` is the ``seminar`` command."""

from seminar.launcher import main

main()
