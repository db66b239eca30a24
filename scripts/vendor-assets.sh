#!/usr/bin/env bash
# Copy the browser assets from npm into the repository, so that nothing is fetched at run time.
# Usage: bash scripts/vendor-assets.sh   (needs npm; the copied files are committed)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json "$work/"
(cd "$work" && npm install --no-audit --no-fund --silent)
mkdir -p static/vendor/socket.io tests/vendor/axe-core
cp "$work/node_modules/socket.io-client/dist/socket.io.min.js" static/vendor/socket.io/
cp "$work/node_modules/socket.io-client/LICENSE" static/vendor/socket.io/LICENSE
cp "$work/node_modules/axe-core/axe.min.js" tests/vendor/axe-core/
cp "$work/node_modules/axe-core/LICENSE" tests/vendor/axe-core/LICENSE
echo "vendored socket.io-client $(node -p "require('$work/node_modules/socket.io-client/package.json').version")," \
     "axe-core $(node -p "require('$work/node_modules/axe-core/package.json').version")"
