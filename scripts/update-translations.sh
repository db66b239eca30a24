#!/usr/bin/env bash
# Extract messages from the code and templates, merge them into every catalogue, compile.
# Usage: bash scripts/update-translations.sh   (then translate the new entries and run it again)
set -euo pipefail
cd "$(dirname "$0")/.."
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
pybabel extract -F babel.cfg -k N_ -k _ --no-location --sort-output -o "$pot" . >/dev/null
for po in seminar/translations/*/LC_MESSAGES/messages.po; do
  pybabel update -i "$pot" -d seminar/translations -l "$(basename "$(dirname "$(dirname "$po")")")" \
    --no-wrap --omit-header --ignore-obsolete >/dev/null
done
pybabel compile -d seminar/translations --statistics
