#!/usr/bin/env bash
# Scenario 7, scale: runs ScaleRun for each contestant and N, one process each, and collects the
# JSON lines in one file. Usage: benchmarks/scale.sh [results.jsonl]
# JAVA17 and JAVA25 name the two JDKs (defaults: java on the PATH, and Temurin 25).
# Build the jar first: mvn -B -o -q package -pl benchmarks -am -DskipTests
set -u
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=${1:-benchmarks/target/scale-results.jsonl}
: > "$OUT"
status=0

run() { # java, then ScaleRun's arguments
  local java=$1
  shift
  echo "== $java $*" >&2
  local out
  out=$("$java" -Xmx4g -cp "$JAR" dev.cadre.benchmarks.scale.ScaleRun "$@") || status=1
  printf '%s\n' "$out" >&2
  grep '^{"scenario":"scale"' <<<"$out" >> "$OUT"
}

for runs in 1000 10000; do
  for contestant in cadre langchain4j floor; do
    run "$JAVA17" --contestant "$contestant" --runs "$runs"
  done
done
for contestant in cadre langchain4j floor; do
  run "$JAVA25" --contestant "$contestant" --runs 100000
done
echo "results: $OUT" >&2
exit $status
