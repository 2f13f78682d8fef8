# A local one-node Kafka broker (KRaft, no ZooKeeper, no Docker) for scripts, started from Kafka's
# own jars on the kafka module's test class path. Sourced, not run:
#
#   source kafka/broker.sh
#   start_kafka_broker <work dir> <class path>   # sets KAFKA_BROKER_PORT and KAFKA_BROKER_PID
#   ... 127.0.0.1:$KAFKA_BROKER_PORT ...
#   kill "$KAFKA_BROKER_PID"
#
# The class path comes from `mvn -pl kafka -am package dependency:build-classpath
# -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt` (see kafka/demo.sh). The broker
# listens on the first free port from 19092 and keeps its data and log in the work dir. Its groups
# move a dead worker's partitions after 3 s (group.consumer.session.timeout.ms) unless a worker sets
# its own (CADRE_KAFKA_SESSION_TIMEOUT), which the minimums below allow down to 500 ms.

free_port() {
  local port=$1
  while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

start_kafka_broker() {
  local work=$1 cp=$2
  mkdir -p "$work"
  KAFKA_BROKER_PORT=$(free_port 19092)
  local controller
  controller=$(free_port $((KAFKA_BROKER_PORT + 1)))
  cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$KAFKA_BROKER_PORT,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_BROKER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
group.consumer.min.session.timeout.ms=500
group.consumer.session.timeout.ms=3000
group.consumer.min.heartbeat.interval.ms=100
group.consumer.heartbeat.interval.ms=500
PROPS
  java -cp "$cp" kafka.tools.StorageTool format -t "$(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" kafka.tools.StorageTool random-uuid)" \
    -c "$work/server.properties" > "$work/format.log" 2>&1
  java -Xmx512m -cp "$cp" kafka.Kafka "$work/server.properties" > "$work/broker.log" 2>&1 &
  KAFKA_BROKER_PID=$!
  echo "broker on 127.0.0.1:$KAFKA_BROKER_PORT (log: $work/broker.log)"
}
