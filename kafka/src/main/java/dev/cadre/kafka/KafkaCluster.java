package dev.cadre.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The runtime's administrative view of a Kafka cluster: is it reachable, and do the agent-type
 * topics exist with the configured layout. Every call is bounded by the config's startup timeout,
 * so a wrong address fails with {@link KafkaUnavailableException} instead of hanging.
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
   * Makes sure the topics of {@code type} exist: its messages, and its agents' state, a compacted
   * topic partitioned alike, so that a partition's state moves with its messages.
   */
  void ensureTypeTopics(String type) {
    ensure(
        List.of(
            new NewTopic(config.agentTopic(type), config.partitions(), config.replicationFactor()),
            new NewTopic(config.stateTopic(type), config.partitions(), config.replicationFactor())
                .configs(Map.of("cleanup.policy", "compact"))));
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

  /** The agent types whose message topics exist under the config's prefix. */
  Set<String> agentTypes() {
    long deadline = deadline();
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
            "list topics")) {
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
    if (!existing.isEmpty()) {
      Map<String, TopicDescription> described = describeExisting(existing, deadline);
      for (String topic : existing) {
        verify(described.get(topic), partitions.get(topic));
      }
    }
  }

  /**
   * Describes topics that exist. A topic another process has just created can be unknown to the
   * broker's metadata for a moment after its creation was refused here as existing: that is
   * retried until the deadline, not reported as a failure.
   */
  private Map<String, TopicDescription> describeExisting(List<String> existing, long deadline) {
    while (true) {
      try {
        return await(
            admin
                .describeTopics(
                    existing, new DescribeTopicsOptions().timeoutMs(remainingMillis(deadline)))
                .allTopicNames(),
            deadline,
            "describe topics " + existing);
      } catch (KafkaException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaUnavailableException(
            "interrupted while waiting for Kafka at "
                + config.bootstrapServers()
                + " to describe topics "
                + existing,
            e);
      }
    }
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
    try {
      return future.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException(
          "interrupted while waiting for Kafka at " + config.bootstrapServers() + " to " + what, e);
    } catch (TimeoutException e) {
      throw unavailable(what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unavailable(what, cause);
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
    return new KafkaUnavailableException(
        "Kafka at "
            + config.bootstrapServers()
            + " did not answer within startupTimeout "
            + config.startupTimeout()
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
