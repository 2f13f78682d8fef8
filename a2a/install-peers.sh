#!/usr/bin/env bash
# Installs what the cadre-a2a tests run against: the official A2A JavaScript SDK (@a2a-js/sdk,
# which speaks A2A 1.0) and Express, which its server side mounts on. The tests' own Node scripts
# (a2a/src/test/js/*.mjs) import them from here. Versions are pinned in a2a/src/test/js/package.json
# and its package-lock.json; `npm ci` installs exactly those.
#
# Target: $CADRE_A2A_PEERS if set, else a2a/.peers (outside target/, so `mvn clean` keeps it). The
# tests look in the same place (or -Dcadre.a2a.peers=...). Run again after changing the pinned
# versions; when the lock file is unchanged it does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${CADRE_A2A_PEERS:-$here/.peers}"
source="$here/src/test/js"

command -v node >/dev/null || { echo "node is not installed: the A2A tests need node 18 or later" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is not installed: the A2A tests need it to install their peers" >&2; exit 1; }

if [ -f "$dir/.installed-lock.json" ] && cmp -s "$source/package-lock.json" "$dir/.installed-lock.json" \
  && [ -d "$dir/node_modules/@a2a-js/sdk" ]; then
  echo "already installed in $dir"
  exit 0
fi
mkdir -p "$dir"
cp "$source/package.json" "$source/package-lock.json" "$dir/"
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
cp "$source/package-lock.json" "$dir/.installed-lock.json"
echo "installed in $dir"
