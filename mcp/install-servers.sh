#!/usr/bin/env bash
# Installs what the cadre-mcp tests run against: the MCP reference servers
# (@modelcontextprotocol/server-everything, server-filesystem) and the MCP TypeScript SDK, whose
# client drives Cadre's own MCP server. Versions are pinned in mcp/src/test/node/package.json and
# its package-lock.json; `npm ci` installs exactly those.
#
# Target: $CADRE_MCP_SERVERS if set, else mcp/.servers (outside target/, so `mvn clean` keeps it).
# The tests look in the same place (or -Dcadre.mcp.servers=...). Run again after changing the
# pinned versions; when the lock file is unchanged it does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${CADRE_MCP_SERVERS:-$here/.servers}"
lock="$here/src/test/node/package-lock.json"

command -v node >/dev/null || { echo "node is not installed: the MCP tests need node 18 or later" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is not installed: the MCP tests need it to install their servers" >&2; exit 1; }

if [ -f "$dir/package-lock.json" ] && cmp -s "$lock" "$dir/.installed-lock.json" \
  && [ -d "$dir/node_modules/@modelcontextprotocol/server-everything" ]; then
  echo "MCP test servers already installed in $dir"
  exit 0
fi
mkdir -p "$dir"
cp "$here/src/test/node/package.json" "$lock" "$dir/"
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
cp "$lock" "$dir/.installed-lock.json"
echo "MCP test servers installed in $dir"
