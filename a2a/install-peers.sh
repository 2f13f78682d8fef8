#!/usr/bin/env bash
# Installs what the cadre-a2a tests run against: the official A2A JavaScript SDK (@a2a-js/sdk,
# which speaks A2A 1.0) and Express, which its server side mounts on, and, in the adk/ folder of
# the target, Google's ADK for JavaScript (@google/adk, which speaks A2A 0.3 through @a2a-js/sdk
# 0.3). The tests' own Node scripts (a2a/src/test/js/*.mjs, a2a/src/test/js-adk/*.mjs) import them
# from there. Versions are pinned in each folder's package.json and package-lock.json; `npm ci`
# installs exactly those.
#
# Target: $CADRE_A2A_PEERS if set, else a2a/.peers (outside target/, so `mvn clean` keeps it). The
# tests look in the same place (or -Dcadre.a2a.peers=...). Run again after changing the pinned
# versions; when a lock file is unchanged its folder is left as it is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${CADRE_A2A_PEERS:-$here/.peers}"
source="$here/src/test/js"

command -v node >/dev/null || { echo "node is not installed: the A2A tests need node 18 or later" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is not installed: the A2A tests need it to install their peers" >&2; exit 1; }

# install FOLDER SOURCE PACKAGE: npm ci of SOURCE's pinned packages into FOLDER, unless done already.
install() {
  local target="$1" from="$2" package="$3"
  if [ -f "$target/.installed-lock.json" ] && cmp -s "$from/package-lock.json" "$target/.installed-lock.json" \
    && [ -d "$target/node_modules/$package" ]; then
    echo "already installed in $target"
    return
  fi
  mkdir -p "$target"
  cp "$from/package.json" "$from/package-lock.json" "$target/"
  npm ci --prefix "$target" --no-audit --no-fund --loglevel=error
  cp "$from/package-lock.json" "$target/.installed-lock.json"
  echo "installed in $target"
}

install "$dir" "$source" "@a2a-js/sdk"
install "$dir/adk" "$here/src/test/js-adk" "@google/adk"
