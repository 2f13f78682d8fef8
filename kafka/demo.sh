#!/usr/bin/env bash
# The demo team across three worker processes on a local one-node Kafka broker (KRaft, no
# ZooKeeper, no Docker): builds the kafka module, starts the broker from Kafka's own jars (Maven
# fetches them), starts three KafkaWorker processes that each host one of the team's participants
# (the first also hosts the manager), runs the team from a fourth process that hosts none of its
# agents, prints the transcript, and stops everything. Needs only a JDK 17+ and Maven.
#
#   kafka/demo.sh                 build, then run
#   CADRE_DEMO_BUILD=0 kafka/demo.sh   run what was built
set -euo pipefail
cd "$(dirname "$0")/.."
work="$PWD/kafka/target/demo"
rm -rf "$work"
mkdir -p "$work"

if [ "${CADRE_DEMO_BUILD:-1}" = 1 ]; then
  # The test scope brings Kafka's broker (kafka_2.13), which the test kit uses too.
  mvn -B -q -ntp -pl kafka -am package -DskipTests \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt
fi
cp="$PWD/kafka/target/classes:$(cat kafka/target/classpath.txt)"
# The test class path binds SLF4J's simple provider (info by default): Cadre's own lines at info,
# every other library's (Kafka's client) at warn, as the kafka tests' simplelogger.properties has it.
logging=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.dev.cadre=info)

source kafka/broker.sh

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_kafka_broker "$work" "$cp"
pids+=("$KAFKA_BROKER_PID")

export CADRE_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_BROKER_PORT"
export CADRE_KAFKA_TOPIC_PREFIX=demo
export CADRE_KAFKA_STARTUP_TIMEOUT=60s
types=(demo.v1.manager,demo.v1.participant.planner demo.v1.participant.writer demo.v1.participant.reviewer)
for i in 0 1 2; do
  java "${logging[@]}" -cp "$cp" dev.cadre.kafka.KafkaWorker demo-team --host "${types[$i]}" > "$work/worker-$i.log" 2>&1 &
  pids+=($!)
done
for i in 0 1 2; do
  for _ in $(seq 1 600); do
    grep -q "^cadre worker .* ready$" "$work/worker-$i.log" && break
    kill -0 "${pids[$((i + 1))]}" 2>/dev/null || { cat "$work/worker-$i.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "^cadre worker .* ready$" "$work/worker-$i.log" || { echo "worker $i not ready:" >&2; cat "$work/worker-$i.log" >&2; exit 1; }
  echo "worker $i hosts ${types[$i]}: $(grep "^cadre worker .* ready$" "$work/worker-$i.log")"
done

java "${logging[@]}" -cp "$cp" dev.cadre.kafka.demo.DemoTeam | tee "$work/transcript.txt"
grep -q "reviewer: Review: clear and accurate. APPROVED." "$work/transcript.txt"
