#!/usr/bin/env bash
# Install everything the tests need (Debian chromium, Python packages into .venv) and run the
# whole suite: unit, socket and end-to-end tests in gevent mode, then the end-to-end smoke
# journey again with the server in eventlet mode.
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
