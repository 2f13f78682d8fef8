#!/usr/bin/env bash
# Builds the benchmarks module and runs every scenario of BENCHMARKS.md.
#
#   benchmarks/run.sh smoke   each scenario once, one short iteration: proves none has rotted (CI)
#   benchmarks/run.sh quick   indicative figures in about 3 minutes
#   benchmarks/run.sh full    the figures BENCHMARKS.md reports (about 20 minutes on 2 cores)
#   benchmarks/run.sh distributed   scenario 8 alone, as full runs it (a local broker, two workers)
#
# JAVA picks the JVM for JMH and scale runs at 1,000 and 10,000 (default: java on the PATH);
# JAVA25 a JDK 21+ for the scale run at 100,000 with virtual threads (default: the first
# /usr/lib/jvm/*25* found; skipped when there is none). CADRE_BENCH_BUILD=0 skips the Maven build.
# Results, with a Markdown table of them, go to benchmarks/target/results/<mode>-<time>/.
set -euo pipefail

mode=${1:-quick}
case $mode in smoke|quick|full|distributed) ;; *) echo "usage: $0 [smoke|quick|full|distributed]" >&2; exit 2 ;; esac

cd "$(dirname "$0")/.."
if [[ ${CADRE_BENCH_BUILD:-1} == 1 ]]; then
  # The kafka module's test class path (target/classpath.txt) brings the broker scenario 8 runs.
  mvn -B -q -ntp -pl benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt
fi

JAVA=${JAVA:-java}
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results/$mode-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"

feature() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }

# JMH reaches sun.misc.Unsafe, which JDK 23+ warns about unless allowed; JDK 17 rejects the flag.
jvm_flags=()
if (( $(feature "$JAVA") >= 23 )); then jvm_flags=(--sun-misc-unsafe-memory-access=allow); fi

jmh() {
  local name=$1; shift
  local fork_flags=()
  if (( ${#jvm_flags[@]} )); then fork_flags=(-jvmArgsAppend "${jvm_flags[*]}"); fi
  "$JAVA" "${jvm_flags[@]}" -jar "$jar" -foe true -rf json -rff "$out/$name.json" "${fork_flags[@]}" "$@" \
    | tee "$out/$name.txt"
}

# One process per contestant and N, so that heap, RSS and thread peaks are its own; the JSON lines
# go to scale.jsonl.
# A failed scale run is reported and the others still run; the script then exits with 1.
scale_failed=0
scale() {
  local java=$1
  if ! "$java" -Xmx4g -cp "$jar" dev.cadre.benchmarks.scale.ScaleRun "${scale_args[@]}" \
    | tee -a "$out/scale.txt"; then
    echo "scale run FAILED: $java ${scale_args[*]}" | tee -a "$out/scale.txt"
    scale_failed=1
  fi
  grep -h '^{"scenario":"scale"' "$out/scale.txt" > "$out/scale.jsonl" || true
}

# Scenario 8: the same sends and publishes on the in-process runtime; the sequential send written
# with Kafka's own clients alone (kafka-clients, the floor under Cadre's figure); then across two
# worker processes through a local broker, then a worker stopped and one killed; the JSON lines go
# to distributed.jsonl. A failed run is reported like a failed scale run.
distributed() {
  local work="$out/kafka"
  source kafka/broker.sh
  start_kafka_broker "$work" "$PWD/kafka/target/classes:$(cat kafka/target/classpath.txt)"
  trap 'kill "$KAFKA_BROKER_PID" 2>/dev/null || true' EXIT
  for runtime in in-process kafka-clients kafka; do
    if ! "$JAVA" -cp "$jar" dev.cadre.benchmarks.distributed.DistributedRun --runtime "$runtime" \
      --bootstrap "127.0.0.1:$KAFKA_BROKER_PORT" --log-dir "$work/workers" "$@" \
      | tee -a "$out/distributed.txt"; then
      echo "distributed run FAILED: $runtime $*" | tee -a "$out/distributed.txt"
      scale_failed=1
    fi
  done
  kill "$KAFKA_BROKER_PID" 2>/dev/null || true
  grep -h '^{"scenario":"distributed"' "$out/distributed.txt" > "$out/distributed.jsonl" || true
}

# Scenario 9: the Lucene memory's HNSW index against exact search and LangChain4j's in-memory
# embedding store (recall@10, query p50/p99, ingestion rate); the JSON lines go to memory.jsonl.
memory() {
  if ! "$JAVA" -cp "$jar" dev.cadre.benchmarks.scenarios.MemoryScenario "$@" | tee -a "$out/memory.txt"; then
    echo "memory run FAILED: $*" | tee -a "$out/memory.txt"
    scale_failed=1
  fi
  grep -h '^{"scenario":"memory"' "$out/memory.txt" > "$out/memory.jsonl" || true
}

java25=${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1 || true)}

case $mode in
  smoke)
    jmh jmh -f 1 -wi 0 -i 1 -r 100ms
    for contestant in cadre langchain4j floor; do
      scale_args=(--contestant "$contestant" --runs 20); scale "$JAVA"
    done
    distributed --sends 500 --publishes 100
    memory --vectors 2000 --queries 50
    ;;
  quick)
    jmh jmh -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc -e ColdStart
    jmh coldstart -f 3 ColdStart
    for contestant in cadre langchain4j floor; do
      scale_args=(--contestant "$contestant" --runs 1000); scale "$JAVA"
    done
    distributed
    memory --vectors 20000 --queries 200
    ;;
  full)
    jmh jmh -prof gc -e ColdStart
    jmh coldstart ColdStart
    for runs in 1000 10000; do
      for contestant in cadre langchain4j floor; do
        scale_args=(--contestant "$contestant" --runs "$runs"); scale "$JAVA"
      done
    done
    if [[ -n $java25 ]]; then
      for contestant in cadre langchain4j floor; do
        scale_args=(--contestant "$contestant" --runs 100000); scale "$java25"
      done
    else
      echo "no JDK 25 found (set JAVA25): skipping the scale runs at 100,000" | tee -a "$out/scale.txt"
    fi
    distributed --sends 50000 --publishes 5000
    memory --vectors 100000 --queries 500
    ;;
  distributed)
    distributed --sends 50000 --publishes 5000
    ;;
esac

if compgen -G "$out/*.json" > /dev/null; then
  "$JAVA" -cp "$jar" dev.cadre.benchmarks.report.ResultsTable "$out"/*.json > "$out/table.md"
  echo
  cat "$out/table.md"
fi
echo "results: $out"
exit $scale_failed
