"""Start the seminar server: ``python run.py`` does what ``seminar run`` does."""

import sys

from seminar.launcher import main

if __name__ == "__main__":
    main(["run", *sys.argv[1:]])
