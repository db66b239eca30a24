#!/usr/bin/env bash
# Install the app into .venv (again only when pyproject.toml changed) and start it on the
# default seminar kit. Prints the facilitator, projector and join addresses. Extra arguments
# go to `seminar run`. After the first run it starts without reaching any package registry.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -e "$stamp" ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -e .
  rm -f .venv/.installed-* && touch "$stamp"
fi
exec .venv/bin/seminar run "$@"
