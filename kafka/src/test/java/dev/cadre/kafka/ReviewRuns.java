package dev.cadre.kafka;

import dev.cadre.team.StopReason;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the multi-JVM tests of the review team share: worker JVMs stopped after each test, a
 * directory for the logs, runs, transcripts and reading the logs.
 */
@ExtendWith(SharedKafkaCluster.class)
@Timeout(120)
abstract class ReviewRuns {

  final WorkerProcesses workers = new WorkerProcesses();

  @TempDir Path dir;

  @AfterEach
  void stopWorkers() throws Exception {
    workers.close();
  }

  /**
   * Waits until the tool has run and a model call logs {@code agentAndReply} (its model is still
   * answering: each call takes a while); the pid of the worker making it.
   */
  long awaitCall(java.util.concurrent.CompletableFuture<TaskResult> run, String agentAndReply)
      throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && !run.isDone()) {
      if (!lines(dir.resolve("tool.log")).isEmpty()) {
        for (String line : lines(dir.resolve("turns.log"))) {
          if (line.endsWith(" " + agentAndReply)) {
            return Long.parseLong(line.split(" ", 2)[0]);
          }
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "the run never logged '" + agentAndReply + "' (done: " + run.isDone() + ")\nmodel calls: "
            + lines(dir.resolve("turns.log")) + "\nworkers' output:\n" + workers.outputs());
  }

  /**
   * The state stored on Kafka (committed records only) for the agent of {@code type} with key
   * {@code default}, as the next worker to take it over would restore it; null if none.
   */
  static com.fasterxml.jackson.databind.JsonNode storedState(
      RunningKafka kafka, String prefix, String type) throws Exception {
    KafkaRuntimeConfig config = kafka.config(prefix).build();
    java.util.Properties props = new java.util.Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("isolation.level", "read_committed");
    StoredAgents stored = new StoredAgents();
    try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(
            props,
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions = new java.util.ArrayList<>();
      for (var info : consumer.partitionsFor(config.stateTopic(type))) {
        partitions.add(new org.apache.kafka.common.TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + config.stateTopic(type) + " to its end");
        }
        for (var record : consumer.poll(java.time.Duration.ofMillis(100))) {
          stored.apply(record.key(), record.value());
        }
      }
    }
    StoredAgents.Stored agent = stored.take("default");
    return agent == null ? null : agent.state;
  }

  /** A run's messages as {@code source: content}, what the tests compare. */
  static List<String> transcript(TaskResult result) {
    return result.messages().stream().map(m -> m.source() + ": " + m.content()).toList();
  }

  /** The team run on an in-process runtime, logging to a directory of its own. */
  static TaskResult runInProcess(ReviewTeamSystem system, Path dir) throws Exception {
    Path logDir = Files.createDirectories(dir.resolve("in-process"));
    try (Team team = system.team(null, logDir)) {
      TaskResult result = team.run(ReviewTeamSystem.TASK);
      // A graph that has run its course stops COMPLETE before its condition is asked, as
      // AutoGen's does; the selector team stops on its condition.
      StopReason.Kind stop = result.stop().kind();
      if ((stop != StopReason.Kind.CONDITION && stop != StopReason.Kind.COMPLETE)
          || lines(logDir.resolve("tool.log")).size() != 1) {
        throw new AssertionError("the in-process run is not a good reference: " + result);
      }
      return result;
    }
  }

  /** The environment of workers on {@code kafka} with topic prefix {@code prefix}. */
  static Map<String, String> workerEnv(RunningKafka kafka, String prefix) {
    return Map.of(
        "CADRE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "CADRE_KAFKA_TOPIC_PREFIX", prefix,
        "CADRE_KAFKA_REQUEST_TIMEOUT", "10s",
        "CADRE_KAFKA_STARTUP_TIMEOUT", "30s");
  }

  /**
   * A runtime in this JVM that hosts none of the team's types (only the local collector), so the
   * whole run happens in the workers.
   */
  static KafkaAgentRuntime client(RunningKafka kafka, String prefix) {
    return KafkaAgentRuntime.start(kafka.config(prefix).hostedTypes(List.of()).build());
  }

  /** The file's lines; none if it does not exist yet. */
  static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  /** The pids of the log lines whose agent is {@code agent}, in order. */
  static List<Long> pidsOf(List<String> turns, String agent) {
    return turns.stream()
        .map(line -> line.split(" ", 3))
        .filter(parts -> parts[1].equals(agent))
        .map(parts -> Long.parseLong(parts[0]))
        .toList();
  }

  /** The team's hosted agent types: the manager and the participants' containers. */
  static final List<String> TYPES =
      List.of(
          ReviewTeamSystem.MANAGER,
          ReviewTeamSystem.PLANNER,
          ReviewTeamSystem.CODER,
          ReviewTeamSystem.REVIEWER);

  /**
   * Waits until each of the team's types is hosted by {@code members} workers with settled shares.
   * A worker prints its ready line once it has joined its groups, before the groups settle; a run
   * started before they do can have a handler moved mid-turn by a rebalance, which reruns it (at
   * least once for a handler in flight): these tests make their kill the only disturbance.
   */
  static void awaitGroupsSettled(RunningKafka kafka, String prefix, int members) {
    KafkaRuntimeConfig config =
        kafka.config(prefix).startupTimeout(java.time.Duration.ofSeconds(30)).build();
    try (KafkaCluster cluster = KafkaCluster.open(config)) {
      cluster.awaitHosted(TYPES, members);
    }
  }

  /**
   * Waits until a model call starting {@code agentAndReply} ({@code <agent> <detail>}) is logged in
   * {@code logDir}'s {@code turns.log}; returns its line, pid first.
   */
  String awaitLogged(Path logDir, CompletableFuture<?> run, String agentAndReply)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      for (String line : lines(logDir.resolve("turns.log"))) {
        if (line.split(" ", 2)[1].startsWith(agentAndReply)) {
          return line;
        }
      }
      if (run.isDone() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "the run never logged '" + agentAndReply + "' (done: " + run.isDone()
                + ")\nmodel calls: " + lines(logDir.resolve("turns.log"))
                + "\nworkers' output:\n" + workers.outputs());
      }
      Thread.sleep(10);
    }
  }

  /** Hosted types for {@code count} workers that each host every type. */
  static List<List<String>> everyType(int count) {
    List<List<String>> everyType = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      everyType.add(null);
    }
    return everyType;
  }

  /** The model calls of a {@code turns.log} without the pids: {@code <agent> <detail>}. */
  static List<String> calls(List<String> turns) {
    return turns.stream().map(line -> line.split(" ", 2)[1]).toList();
  }

  static String topicPrefix(String test) {
    return "mjvm-" + test + "-" + System.nanoTime();
  }
}
