package dev.cadre.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The runtime's administrative view of a Kafka cluster: is it reachable, and do the agent-type
 * topics exist with the configured layout. Every call is bounded by the config's startup timeout,
 * so a wrong address fails with {@link KafkaUnavailableException} instead of hanging; what a
 * running runtime asks is bounded by its outage window instead, so a broker restart only delays
 * it.
 *
 * <p>Topics are created explicitly, not by the broker's auto-creation, because auto-created topics
 * take the broker's defaults for partitions and replication, which decide how many workers can
 * share a type and how many brokers may fail.
 */
public final class KafkaCluster implements AutoCloseable {

  /**
   * What the readiness check saw.
   *
   * @param clusterId the cluster's id
   * @param brokers how many brokers the cluster reports
   */
  public record Status(String clusterId, int brokers) {}

  private final KafkaRuntimeConfig config;
  private final Admin admin;

  private KafkaCluster(KafkaRuntimeConfig config, Admin admin) {
    this.config = config;
    this.admin = admin;
  }

  /**
   * Connects and checks that the cluster is ready, as {@link #check(KafkaRuntimeConfig)} does; the
   * returned handle creates topics. Close it to release its connections.
   */
  public static KafkaCluster open(KafkaRuntimeConfig config) {
    Admin admin = newAdmin(config);
    KafkaCluster cluster = new KafkaCluster(config, admin);
    try {
      cluster.status();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Readiness check: the cluster answers within the startup timeout and has enough brokers for the
   * configured replication factor.
   *
   * @throws KafkaUnavailableException naming the bootstrap servers and the timeout when it does not
   *     answer
   * @throws IllegalStateException when it has fewer brokers than the replication factor
   */
  public static Status check(KafkaRuntimeConfig config) {
    try (KafkaCluster cluster = new KafkaCluster(config, newAdmin(config))) {
      return cluster.status();
    }
  }

  /** The readiness check on this handle's connection; see {@link #check(KafkaRuntimeConfig)}. */
  public Status status() {
    long deadline = deadline();
    DescribeClusterResult result =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMillis(deadline)));
    String clusterId = await(result.clusterId(), deadline, "describe the cluster");
    int brokers = await(result.nodes(), deadline, "describe the cluster").size();
    if (brokers < config.replicationFactor()) {
      throw new IllegalStateException(
          "Kafka at "
              + config.bootstrapServers()
              + " has "
              + brokers
              + " broker(s), fewer than replicationFactor "
              + config.replicationFactor()
              + ": lower replicationFactor to at most "
              + brokers
              + " or add brokers");
    }
    return new Status(clusterId, brokers);
  }

  /**
   * Makes sure each agent type's topic ({@link KafkaRuntimeConfig#agentTopic}) exists with the
   * configured partitions and replication factor. Topics that exist already are left as they are
   * when they match, so calling this again, or from several workers at once, is safe.
   *
   * @return the topic names, in the order of the types
   * @throws TopicMismatchException when a topic exists with another partition count or replication
   *     factor
   * @throws KafkaUnavailableException when the cluster does not answer within the startup timeout
   */
  public List<String> ensureAgentTopics(Collection<String> agentTypes) {
    Objects.requireNonNull(agentTypes, "agentTypes");
    Set<String> topics = new LinkedHashSet<>();
    for (String type : agentTypes) {
      topics.add(config.agentTopic(type));
    }
    List<NewTopic> wanted = new ArrayList<>();
    for (String topic : topics) {
      wanted.add(new NewTopic(topic, config.partitions(), config.replicationFactor()));
    }
    ensure(wanted);
    return List.copyOf(topics);
  }

  /**
   * Waits until each of {@code agentTypes} is hosted by {@code workers} workers that have settled
   * their shares: every member of the type's consumer group holds its target assignment, and
   * together they hold every partition. A worker is ready once it has joined its groups; the group
   * settles a moment later, after the members that were there hand partitions over. Scripts,
   * tests and benchmarks that want no partition to move once they start wait with this.
   *
   * @throws IllegalStateException naming the unsettled groups when they do not settle within the
   *     startup timeout
   * @throws KafkaUnavailableException when the cluster does not answer
   */
  public void awaitHosted(Collection<String> agentTypes, int workers) {
    Objects.requireNonNull(agentTypes, "agentTypes");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, not " + workers);
    }
    List<String> groups = agentTypes.stream().map(config::consumerGroup).distinct().toList();
    long deadline = deadline();
    List<String> unsettled;
    while (true) {
      Map<String, KafkaFuture<ConsumerGroupDescription>> described =
          admin
              .describeConsumerGroups(
                  groups,
                  new DescribeConsumerGroupsOptions()
                      .timeoutMs((int) config.requestTimeout().toMillis()))
              .describedGroups();
      unsettled = new ArrayList<>();
      for (String group : groups) {
        String state;
        try {
          // Each look may take a request's time even when the deadline is near: the groups'
          // state, not a late answer, is what to report when they do not settle.
          long answerBy = Math.max(deadline, System.nanoTime() + config.requestTimeout().toNanos());
          ConsumerGroupDescription description =
              await(described.get(group), answerBy, "describe consumer group " + group);
          state = settlement(description, workers);
        } catch (KafkaException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw e;
          }
          state = "no worker has joined";
        }
        if (state != null) {
          unsettled.add(group + " (" + state + ")");
        }
      }
      if (unsettled.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the workers hosting "
                + agentTypes
                + " did not settle within startupTimeout "
                + config.startupTimeout()
                + ": "
                + unsettled);
      }
      sleep("settle consumer groups " + groups);
    }
  }

  /**
   * What keeps a group from being settled with {@code workers} members; null when settled. Settled
   * is the coordinator's stable state: the target assignment is computed for the group's latest
   * membership (its epoch is the group's), and every member has reconciled to it (its epoch is the
   * group's too), holding exactly its target; together the members hold every partition.
   */
  private String settlement(ConsumerGroupDescription group, int workers) {
    if (group.members().size() != workers) {
      return group.members().size() + " of " + workers + " workers";
    }
    Optional<Integer> epoch = group.groupEpoch();
    if (group.groupState() != GroupState.STABLE
        || epoch.isEmpty()
        || !epoch.equals(group.targetAssignmentEpoch())) {
      return "assigning partitions";
    }
    int held = 0;
    for (MemberDescription member : group.members()) {
      if (!member.memberEpoch().equals(epoch)
          || !member.targetAssignment().equals(Optional.of(member.assignment()))) {
        return "moving partitions";
      }
      held += member.assignment().topicPartitions().size();
    }
    return held == config.partitions()
        ? null
        : held + " of " + config.partitions() + " partitions held";
  }

  /**
   * How a state topic is kept compact. A worker taking a partition over reads its state from the
   * start before it handles anything, so what it reads must stay near one outcome window per agent:
   * Kafka compacts only closed segments, and by default a segment closes after a week or a
   * gigabyte. Rolled every 10 minutes and cleaned once a tenth is stale, with deleted outcomes
   * forgotten 10 minutes later, the topic holds at most about 10 minutes of history beyond that.
   */
  static final Map<String, String> STATE_TOPIC_SETTINGS =
      Map.of(
          "cleanup.policy", "compact",
          "segment.ms", "600000",
          "min.cleanable.dirty.ratio", "0.1",
          "delete.retention.ms", "600000");

  /**
   * Makes sure the topics of {@code type} exist: its messages, and its agents' state, a compacted
   * topic partitioned alike, so that a partition's state moves with its messages.
   */
  void ensureTypeTopics(String type) {
    ensure(
        List.of(
            new NewTopic(config.agentTopic(type), config.partitions(), config.replicationFactor()),
            new NewTopic(config.stateTopic(type), config.partitions(), config.replicationFactor())
                .configs(STATE_TOPIC_SETTINGS)));
  }

  /**
   * Sets the consumer group of the workers that host {@code type} to {@link
   * KafkaRuntimeConfig#sessionTimeout}, with its heartbeat and assignments computed at once (the
   * broker batches them a second apart by default), when the config sets one: the group then moves
   * a dead worker's agents within that time. Group settings live on the broker, so every process
   * that hosts the type sets the same ones; none is set when the config leaves it to the broker.
   *
   * @throws KafkaException naming the setting and the broker settings to change when the broker
   *     refuses the values
   */
  void configureGroup(String type) {
    if (config.sessionTimeout() == null) {
      return;
    }
    String group = config.consumerGroup(type);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
    Map<String, String> settings = groupSettings(config);
    List<AlterConfigOp> ops = new ArrayList<>();
    settings.forEach(
        (name, value) ->
            ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)));
    long deadline = deadline();
    String what = "set " + settings + " on consumer group " + group;
    try {
      await(
          admin
              .incrementalAlterConfigs(
                  Map.of(resource, ops),
                  new AlterConfigsOptions().timeoutMs(remainingMillis(deadline)))
              .all(),
          deadline,
          what);
    } catch (KafkaUnavailableException e) {
      throw e;
    } catch (KafkaException e) {
      throw new KafkaException(
          e.getMessage()
              + "; sessionTimeout (CADRE_KAFKA_SESSION_TIMEOUT) "
              + config.sessionTimeout()
              + " needs the broker's group.consumer.min.session.timeout.ms at most "
              + config.sessionTimeout().toMillis()
              + " and group.consumer.min.heartbeat.interval.ms at most "
              + config.heartbeatInterval().toMillis()
              + ", or leave sessionTimeout unset to keep the broker's",
          e.getCause());
    }
  }

  /** The group settings {@link #configureGroup} sets, by Kafka's names. */
  static Map<String, String> groupSettings(KafkaRuntimeConfig config) {
    return new java.util.TreeMap<>(
        Map.of(
            "consumer.session.timeout.ms", String.valueOf(config.sessionTimeout().toMillis()),
            "consumer.heartbeat.interval.ms",
                String.valueOf(config.heartbeatInterval().toMillis()),
            "consumer.assignment.interval.ms", "0"));
  }

  /**
   * Makes sure the runtime's own topics exist: the replies to sends (kept an hour: a reply nobody
   * read by then has no caller left), and the subscriptions, compacted, in one partition so that
   * every worker reads them in one order.
   */
  void ensureRuntimeTopics() {
    ensure(
        List.of(
            new NewTopic(config.repliesTopic(), config.partitions(), config.replicationFactor())
                .configs(Map.of("retention.ms", "3600000")),
            new NewTopic(config.subscriptionsTopic(), 1, config.replicationFactor())
                .configs(Map.of("cleanup.policy", "compact"))));
  }

  /**
   * Completes once the cluster describes itself, or fails after {@code timeout}: whether a broker
   * answers at all.
   */
  java.util.concurrent.CompletionStage<?> probe(Duration timeout) {
    return admin
        .describeCluster(new DescribeClusterOptions().timeoutMs(millis(timeout)))
        .nodes()
        .toCompletionStage();
  }

  /**
   * The agent types whose message topics exist under the config's prefix. Asked while the runtime
   * runs (a send to a type this process has not seen), so it waits out an outage up to {@link
   * KafkaRuntimeConfig#brokerOutageWindow}.
   */
  Set<String> agentTypes() {
    long deadline = System.nanoTime() + config.brokerOutageWindow().toNanos();
    String prefix = config.topicPrefix() + ".agent.";
    Set<String> types = new java.util.TreeSet<>();
    for (String topic :
        await(
            admin
                .listTopics(
                    new org.apache.kafka.clients.admin.ListTopicsOptions()
                        .timeoutMs(remainingMillis(deadline)))
                .names(),
            deadline,
            "list topics",
            "brokerOutageWindow " + config.brokerOutageWindow() + " (CADRE_KAFKA_OUTAGE_WINDOW)")) {
      if (topic.startsWith(prefix)) {
        types.add(topic.substring(prefix.length()));
      }
    }
    return types;
  }

  private void ensure(List<NewTopic> wanted) {
    if (wanted.isEmpty()) {
      return;
    }
    long deadline = deadline();
    Map<String, Integer> partitions = new java.util.HashMap<>();
    for (NewTopic topic : wanted) {
      partitions.put(topic.name(), topic.numPartitions());
    }
    Map<String, KafkaFuture<Void>> created =
        admin
            .createTopics(wanted, new CreateTopicsOptions().timeoutMs(remainingMillis(deadline)))
            .values();
    List<String> existing = new ArrayList<>();
    for (Map.Entry<String, KafkaFuture<Void>> e : created.entrySet()) {
      if (!created(e.getValue(), deadline, e.getKey())) {
        existing.add(e.getKey());
      }
    }
    Map<String, TopicDescription> described = describeWhenLed(partitions.keySet(), deadline);
    for (String topic : existing) {
      verify(described.get(topic), partitions.get(topic));
    }
    awaitServed(described.values(), deadline);
  }

  /**
   * Describes topics once every partition of each has a leader. A topic just created (here or by
   * another process starting at the same time) can be unknown to the broker's metadata for a
   * moment, or have partitions still without a leader.
   */
  private Map<String, TopicDescription> describeWhenLed(Collection<String> topics, long deadline) {
    return poll(
        "describe topics " + topics + " with a leader for every partition",
        deadline,
        () -> {
          Map<String, TopicDescription> described =
              await(
                  admin
                      .describeTopics(
                          topics, new DescribeTopicsOptions().timeoutMs(remainingMillis(deadline)))
                      .allTopicNames(),
                  deadline,
                  "describe topics " + topics);
          return leaderless(described.values()).isEmpty() ? described : null;
        });
  }

  /**
   * Asks the cluster until {@code look} answers (not null), up to the deadline. A refusal that only
   * says the cluster's metadata is not there yet ({@link InvalidMetadataException}: a topic or a
   * leader still being created, here or by another process) is asked again after a pause.
   */
  private <T> T poll(String what, long deadline, Supplier<T> look) {
    while (true) {
      try {
        T answer = look.get();
        if (answer != null) {
          return answer;
        }
      } catch (KafkaException e) {
        if (!(e.getCause() instanceof InvalidMetadataException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw unavailable(what, null);
      }
      sleep(what);
    }
  }

  /** A short pause between two looks at the cluster while waiting for it to {@code what}. */
  private void sleep(String what) {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException(
          "interrupted while waiting for Kafka at " + config.bootstrapServers() + " to " + what, e);
    }
  }

  /**
   * Waits until each partition's leader serves it. The metadata names a leader a moment before
   * that broker has opened the partition's log, and a producer's first write in that moment is
   * refused; the idempotent producer retries it while its next batches, sent meanwhile, are
   * accepted, and then refuses the retried first batch as out of sequence until the delivery
   * timeout fails it. Asking each leader for the partition's end offset succeeds only once the
   * partition is open.
   */
  private void awaitServed(Collection<TopicDescription> topics, long deadline) {
    Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
    for (TopicDescription topic : topics) {
      for (TopicPartitionInfo partition : topic.partitions()) {
        ends.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
      }
    }
    String what = "open the partitions of " + topics.stream().map(TopicDescription::name).toList();
    poll(
        what,
        deadline,
        () ->
            await(
                admin
                    .listOffsets(ends, new ListOffsetsOptions().timeoutMs(remainingMillis(deadline)))
                    .all(),
                deadline,
                what));
  }

  private static List<String> leaderless(Collection<TopicDescription> descriptions) {
    List<String> leaderless = new ArrayList<>();
    for (TopicDescription description : descriptions) {
      for (TopicPartitionInfo partition : description.partitions()) {
        if (partition.leader() == null || partition.leader().isEmpty()) {
          leaderless.add(description.name() + "-" + partition.partition());
        }
      }
    }
    return leaderless;
  }

  private void verify(TopicDescription description, int wantedPartitions) {
    int partitions = description.partitions().size();
    int replication =
        description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    boolean uniform =
        description.partitions().stream()
            .map(TopicPartitionInfo::replicas)
            .allMatch(r -> r.size() == replication);
    if (partitions != wantedPartitions
        || replication != config.replicationFactor()
        || !uniform) {
      throw new TopicMismatchException(
          description.name(),
          "topic '"
              + description.name()
              + "' exists with "
              + partitions
              + " partition(s) and replication factor "
              + (uniform ? String.valueOf(replication) : "varying from " + replication)
              + ", but the config asks for "
              + wantedPartitions
              + " partition(s) and replication factor "
              + config.replicationFactor()
              + ": set partitions and replicationFactor to match the topic, or delete the topic"
              + " (its messages are lost) so the runtime creates it again");
    }
  }

  /** Closes the admin client without waiting on a broker that may be gone. */
  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }

  private static Admin newAdmin(KafkaRuntimeConfig config) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    long startup = config.startupTimeout().toMillis();
    long request = Math.min(config.requestTimeout().toMillis(), startup);
    props.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(request, Integer.MAX_VALUE));
    props.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) Math.min(startup, Integer.MAX_VALUE));
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "cadre-admin");
    props.put(
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
        KafkaAgentRuntime.RECONNECT_BACKOFF_MAX_MS);
    props.put(
        AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, KafkaAgentRuntime.RECONNECT_BACKOFF_MAX_MS);
    try {
      return Admin.create(props);
    } catch (KafkaException e) {
      // An unresolvable host fails here, before any connection is tried.
      throw new KafkaUnavailableException(
          "cannot connect to Kafka at "
              + config.bootstrapServers()
              + ": "
              + rootMessage(e)
              + "; check bootstrapServers (CADRE_KAFKA_BOOTSTRAP_SERVERS)",
          e);
    }
  }

  private long deadline() {
    return System.nanoTime() + config.startupTimeout().toNanos();
  }

  private static int millis(Duration duration) {
    return (int) Math.max(1, Math.min(duration.toMillis(), Integer.MAX_VALUE));
  }

  private static int remainingMillis(long deadline) {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1, Math.min(ms, Integer.MAX_VALUE));
  }

  /** Whether the topic was created now; false when it existed already. */
  private boolean created(KafkaFuture<Void> future, long deadline, String topic) {
    try {
      await(future, deadline, "create topic " + topic);
      return true;
    } catch (KafkaException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }

  private <T> T await(KafkaFuture<T> future, long deadline, String what) {
    return await(future, deadline, what, "startupTimeout " + config.startupTimeout());
  }

  /** Waits for {@code future} until the deadline, which {@code bound} names in the error. */
  private <T> T await(KafkaFuture<T> future, long deadline, String what, String bound) {
    try {
      return future.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException(
          "interrupted while waiting for Kafka at " + config.bootstrapServers() + " to " + what, e);
    } catch (TimeoutException e) {
      throw unavailable(what, bound, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unavailable(what, bound, cause);
      }
      throw new KafkaException(
          "Kafka at "
              + config.bootstrapServers()
              + " refused to "
              + what
              + ": "
              + rootMessage(cause),
          cause);
    }
  }

  private KafkaUnavailableException unavailable(String what, Throwable cause) {
    return unavailable(what, "startupTimeout " + config.startupTimeout(), cause);
  }

  private KafkaUnavailableException unavailable(String what, String bound, Throwable cause) {
    return new KafkaUnavailableException(
        "Kafka at "
            + config.bootstrapServers()
            + " did not answer within "
            + bound
            + " (trying to "
            + what
            + "): check that a broker runs there and bootstrapServers is right",
        cause);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
