#!/usr/bin/env bash
# Extract messages from the code and templates, merge them into every catalogue (nb, nn, en),
# and compile them. Usage: bash scripts/update-translations.sh
# New or changed messages come out untranslated (or marked fuzzy): translate them in each
# messages.po, then run the script again. tests/test_i18n.py fails until every catalogue is
# complete.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel=pybabel
[ -x .venv/bin/pybabel ] && pybabel=.venv/bin/pybabel
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
"$pybabel" -q extract -F babel.cfg -k N_ -k _ --no-location --sort-output -o "$pot" . >/dev/null
for po in seminar/translations/*/LC_MESSAGES/messages.po; do
  locale=$(basename "$(dirname "$(dirname "$po")")")
  "$pybabel" -q update -i "$pot" -d seminar/translations -l "$locale" \
    --no-wrap --ignore-obsolete >/dev/null
done
"$pybabel" compile -d seminar/translations --statistics
