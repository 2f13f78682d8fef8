package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.AgentId;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Workers sharing one agent type. Each worker is a {@link KafkaAgentRuntime} of its own: two
 * runtimes in this JVM are two consumers in the type's consumer group, exactly as two worker
 * processes would be, so the broker splits the type's partitions between them. A third runtime
 * hosts nothing and only sends. Every handler run is logged with the worker that ran it.
 */
@ExtendWith(SharedKafkaCluster.class)
class ScaleOutTest {

  private static final String TYPE = "counter";
  private static final int PARTITIONS = 4;
  private static final int KEYS = 16;
  private static final Duration REPLIES = Duration.ofSeconds(30);

  /** The message: its place in the order its key's messages were sent. */
  record Tick(int seq) {}

  /** One run of a handler: which worker ran it, for which agent, on which message. */
  record Handled(String worker, String key, int seq) {}

  private final List<Handled> handled = Collections.synchronizedList(new ArrayList<>());
  private final List<KafkaAgentRuntime> runtimes = new ArrayList<>();
  private final int[] nextSeq = new int[KEYS];
  private KafkaRuntimeConfig config;

  @AfterEach
  void closeRuntimes() {
    for (KafkaAgentRuntime runtime : runtimes) {
      runtime.close();
    }
  }

  private void useFreshPrefix(RunningKafka kafka) {
    String prefix = "scale" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    config = kafka.config(prefix).partitions(PARTITIONS).sendTimeout(REPLIES).build();
  }

  /** A worker hosting {@link #TYPE}; its handler logs the run and replies with the worker name. */
  private KafkaAgentRuntime worker(String name) {
    KafkaAgentRuntime runtime = KafkaAgentRuntime.start(config);
    runtimes.add(runtime);
    runtime.register(
        TYPE,
        (id, rt) ->
            (message, context) -> {
              handled.add(new Handled(name, id.key(), ((Tick) message).seq()));
              return name;
            });
    return runtime;
  }

  /** A process that registers the type to address it, and hosts nothing. */
  private KafkaAgentRuntime client() {
    KafkaAgentRuntime runtime =
        KafkaAgentRuntime.start(config.toBuilder().hostedTypes(Set.of()).build());
    runtimes.add(runtime);
    runtime.register(
        TYPE,
        (id, rt) -> {
          throw new AssertionError("the client hosts no type, so it never makes an agent");
        });
    return runtime;
  }

  /** Sends the next message to every key, without waiting; in send order per key. */
  private List<CompletableFuture<String>> wave(KafkaAgentRuntime client) {
    List<CompletableFuture<String>> replies = new ArrayList<>(KEYS);
    for (int k = 0; k < KEYS; k++) {
      replies.add(client.send(new Tick(nextSeq[k]++), new AgentId(TYPE, "k" + k)));
    }
    return replies;
  }

  private static List<String> await(List<CompletableFuture<String>> replies) throws Exception {
    List<String> workers = new ArrayList<>(replies.size());
    for (CompletableFuture<String> reply : replies) {
      workers.add(reply.get(REPLIES.toSeconds(), TimeUnit.SECONDS));
    }
    return workers;
  }

  private Set<String> workersThatHandled() {
    synchronized (handled) {
      Set<String> workers = new LinkedHashSet<>();
      handled.forEach(h -> workers.add(h.worker()));
      return workers;
    }
  }

  /** Per key, the seqs in the order handlers ran them, re-runs included. */
  private Map<String, List<Integer>> runsPerKey() {
    Map<String, List<Integer>> runs = new LinkedHashMap<>();
    synchronized (handled) {
      for (Handled h : handled) {
        runs.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(h.seq());
      }
    }
    return runs;
  }

  /**
   * Every message of every key was handled, and each for the first time only after every message
   * sent before it to the same key. A partition that moves may have its unacknowledged messages
   * handled again by the new owner (at least once on the wire), which this allows.
   */
  private void assertEveryKeyHandledInSendOrder() {
    Map<String, List<Integer>> runs = runsPerKey();
    assertThat(runs).hasSize(KEYS);
    for (int k = 0; k < KEYS; k++) {
      List<Integer> firstRuns = new ArrayList<>(new LinkedHashSet<>(runs.get("k" + k)));
      assertThat(firstRuns)
          .as("first runs of k%d", k)
          .containsExactlyElementsOf(IntStream.range(0, nextSeq[k]).boxed().toList());
    }
  }

  /** Waits until the group has {@code members} members, each owning at least one partition. */
  private void awaitSpreadOver(int members) throws Exception {
    String group = config.topicPrefix() + ".type." + TYPE;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      while (true) {
        ConsumerGroupDescription description =
            admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        List<Integer> owned =
            description.members().stream()
                .map(MemberDescription::assignment)
                .map(a -> a.topicPartitions().size())
                .toList();
        if (owned.size() == members
            && owned.stream().allMatch(n -> n > 0)
            && owned.stream().mapToInt(Integer::intValue).sum() == PARTITIONS) {
          return;
        }
        assertThat(System.nanoTime())
            .as("group %s spread over %d: %s", group, members, owned)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  @Test
  void twoWorkersShareTheKeysAndEachKeyIsHandledInSendOrder(RunningKafka kafka) throws Exception {
    useFreshPrefix(kafka);
    worker("a");
    worker("b");
    KafkaAgentRuntime client = client();
    awaitSpreadOver(2);

    List<CompletableFuture<String>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.addAll(wave(client));
    }
    List<String> answeredBy = await(replies);

    assertThat(workersThatHandled()).containsExactlyInAnyOrder("a", "b");
    assertThat(answeredBy).containsOnly("a", "b");
    // No partition moved while the messages ran, so each ran once, in send order.
    Map<String, List<Integer>> runs = runsPerKey();
    for (int k = 0; k < KEYS; k++) {
      assertThat(runs.get("k" + k)).as("k%d", k).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
    // One agent lives on one worker at a time.
    synchronized (handled) {
      for (int k = 0; k < KEYS; k++) {
        String key = "k" + k;
        List<String> workers =
            handled.stream().filter(h -> h.key().equals(key)).map(Handled::worker).toList();
        assertThat(workers).as(key).containsOnly(workers.get(0));
      }
    }
  }

  @Test
  void aWorkerThatJoinsLaterTakesAShare(RunningKafka kafka) throws Exception {
    useFreshPrefix(kafka);
    worker("a");
    KafkaAgentRuntime client = client();
    List<String> answeredBy = new ArrayList<>(await(wave(client)));
    assertThat(workersThatHandled()).containsExactly("a");

    worker("late");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int waves = 0;
    // Keep sending while the group rebalances, until the late worker has handled some.
    while (!workersThatHandled().contains("late") || waves < 3) {
      assertThat(System.nanoTime()).as("the late worker got no message").isLessThan(deadline);
      answeredBy.addAll(await(wave(client)));
      waves++;
      Thread.sleep(100);
    }

    assertThat(answeredBy).contains("a", "late").doesNotContainNull();
    assertEveryKeyHandledInSendOrder();
  }

  /**
   * A worker that takes partitions over starts where their last owner stopped, and its first
   * commit there is past what it handled: committing before it had handled anything there would
   * move the group's offsets back to the start, and the next owner would read every message again
   * (answering from stored outcomes at best, handling those past the outcome window anew).
   */
  @Test
  void aWorkerThatTakesPartitionsOverNeverMovesTheirCommittedOffsetsBack(RunningKafka kafka)
      throws Exception {
    useFreshPrefix(kafka);
    KafkaAgentRuntime first = worker("first");
    KafkaAgentRuntime client = client();
    for (int i = 0; i < 2; i++) {
      await(wave(client));
    }
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      Map<TopicPartition, Long> handledUpTo = awaitCommitted(admin, ends(admin));

      worker("next");
      awaitSpreadOver(2);
      first.close();
      runtimes.remove(first);
      awaitSpreadOver(1);
      // Time for a few rounds of the new owner's commit loop.
      Thread.sleep(1_000);

      assertThat(committed(admin)).isEqualTo(handledUpTo);
    }
    assertThat(handled).hasSize(2 * KEYS);
    await(wave(client));
    assertThat(handled).hasSize(3 * KEYS);
    assertEveryKeyHandledInSendOrder();
  }

  private Map<TopicPartition, Long> ends(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      latest.put(new TopicPartition(config.agentTopic(TYPE), p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  private Map<TopicPartition, Long> committed(Admin admin) throws Exception {
    Map<TopicPartition, Long> committed = new HashMap<>();
    admin
        .listConsumerGroupOffsets(config.topicPrefix() + ".type." + TYPE)
        .partitionsToOffsetAndMetadata()
        .get()
        .forEach((tp, offset) -> committed.put(tp, offset.offset()));
    return committed;
  }

  /** Waits until the group has committed {@code ends}; returns them. */
  private Map<TopicPartition, Long> awaitCommitted(Admin admin, Map<TopicPartition, Long> ends)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!committed(admin).equals(ends)) {
      assertThat(System.nanoTime())
          .as("committed %s, not %s", committed(admin), ends)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
    return ends;
  }

  @Test
  void aWorkerThatLeavesHandsItsAgentsOverAndNoSendIsLost(RunningKafka kafka) throws Exception {
    leaveWhileMessagesRun(kafka, KafkaAgentRuntime::close);
  }

  /**
   * Unregistering a type in one process stops only that process hosting it: the type's other host
   * takes its partitions over with their unfinished messages, and the process itself stays up and
   * can still address the type.
   */
  @Test
  void aWorkerThatUnregistersTheTypeHandsItsAgentsOverAndCanStillSendToThem(RunningKafka kafka)
      throws Exception {
    KafkaAgentRuntime leaving = leaveWhileMessagesRun(kafka, worker -> worker.unregister(TYPE));

    CompletableFuture<String> fromLeaver =
        leaving.send(new Tick(nextSeq[0]++), new AgentId(TYPE, "k0"));

    assertThat(fromLeaver.get(REPLIES.toSeconds(), TimeUnit.SECONDS)).isEqualTo("stays");
  }

  /**
   * Two workers share the type; once each has handled some, {@code leave} takes one of them away
   * while messages are on their way. No send is lost, the one that stays handles everything after,
   * and every key is handled in send order. Returns the runtime of the worker that left.
   */
  private KafkaAgentRuntime leaveWhileMessagesRun(
      RunningKafka kafka, Consumer<KafkaAgentRuntime> leave) throws Exception {
    useFreshPrefix(kafka);
    worker("stays");
    KafkaAgentRuntime leaving = worker("leaves");
    KafkaAgentRuntime client = client();
    awaitSpreadOver(2);
    List<CompletableFuture<String>> replies = new ArrayList<>(wave(client));
    await(replies);
    assertThat(workersThatHandled()).containsExactlyInAnyOrder("stays", "leaves");

    // Some messages are on their way while the worker leaves: its unfinished ones move too.
    for (int i = 0; i < 3; i++) {
      replies.addAll(wave(client));
    }
    leave.accept(leaving);
    int handledBeforeLeft = handled.size();
    List<CompletableFuture<String>> afterLeaving = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      afterLeaving.addAll(wave(client));
    }
    replies.addAll(afterLeaving);

    assertThat(await(replies)).doesNotContainNull();
    assertThat(await(afterLeaving)).containsOnly("stays");
    synchronized (handled) {
      assertThat(handled.subList(handledBeforeLeft, handled.size()))
          .extracting(Handled::worker)
          .containsOnly("stays");
    }
    assertEveryKeyHandledInSendOrder();
    return leaving;
  }
}
