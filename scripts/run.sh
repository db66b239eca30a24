#!/usr/bin/env bash
# Install the app into .venv (first time only) and start it on the default seminar kit.
# Prints the facilitator, projector and join addresses. Extra arguments go to `seminar run`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/seminar run "$@"
