#!/usr/bin/env bash
# Extract messages from the code and templates, merge them into every catalogue (nb, nn, en),
# and compile them. Usage: bash scripts/update-translations.sh
# New or changed messages come out untranslated (or marked fuzzy) in nb and nn: translate them
# there, then run the script again (it fills in the English catalogue itself).
# tests/test_i18n.py fails until every catalogue is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel=pybabel python=python3
[ -x .venv/bin/pybabel ] && pybabel=.venv/bin/pybabel python=.venv/bin/python
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
"$pybabel" -q extract -F babel.cfg -k N_ -k _ --no-location --sort-output -o "$pot" . >/dev/null
for po in seminar/translations/*/LC_MESSAGES/messages.po; do
  locale=$(basename "$(dirname "$(dirname "$po")")")
  "$pybabel" -q update -i "$pot" -d seminar/translations -l "$locale" \
    --no-wrap --ignore-obsolete >/dev/null
done
# English is the msgids' own language: its catalogue is the English text, filled in here.
"$python" - <<'PY'
from babel.messages.pofile import read_po, write_po

path = "seminar/translations/en/LC_MESSAGES/messages.po"
with open(path, "rb") as handle:
    catalogue = read_po(handle)
for message in catalogue:
    if message.id:
        message.string = message.id
        message.flags.discard("fuzzy")
with open(path, "wb") as handle:
    write_po(handle, catalogue, width=0, no_location=True, ignore_obsolete=True)
PY
"$pybabel" compile -d seminar/translations --statistics
