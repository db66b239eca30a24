#!/usr/bin/env bash
# Install everything the tests need (Debian chromium, headless LibreOffice, redis-server and
# nginx, Python packages into .venv) and run the whole suite: unit, socket and end-to-end
# tests in gevent mode, then the end-to-end smoke journey again with the server in eventlet
# mode.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# LibreOffice (headless) opens the Word and Excel reports in tests/test_office_exports.py.
if ! command -v soffice >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null
fi
# Redis and nginx for tests/test_cluster.py (two processes behind the shipped nginx site).
# The test starts its own on free loopback ports: the packages' services must not start, so
# a policy-rc.d that refuses every start (101) is in place while they are installed.
if [ ! -x /usr/bin/redis-server ] || [ ! -x /usr/sbin/nginx ]; then
  as_root apt-get update -qq
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    trap 'as_root rm -f "$policy"' EXIT
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server nginx >/dev/null
fi
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[test,eventlet]'
.venv/bin/ruff check .
.venv/bin/mypy seminar
.venv/bin/python -m pytest "$@"
SEMINAR_E2E_ASYNC_MODE=eventlet .venv/bin/python -m pytest -m e2e -k smoke -p no:cacheprovider
