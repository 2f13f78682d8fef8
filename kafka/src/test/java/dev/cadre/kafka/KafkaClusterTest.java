package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaCluster.class)
class KafkaClusterTest {

  /** A prefix no other test uses, so tests share the cluster without seeing each other's topics. */
  private static String freshPrefix() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static Map<String, TopicDescription> describe(RunningKafka kafka, List<String> topics)
      throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin.describeTopics(topics).allTopicNames().get();
    }
  }

  @Test
  void readinessReportsTheRunningCluster(RunningKafka kafka) {
    KafkaCluster.Status status = KafkaCluster.check(kafka.config(freshPrefix()).build());

    assertThat(status.brokers()).isEqualTo(1);
    assertThat(status.clusterId()).isNotBlank();
  }

  @Test
  void readinessRefusesAReplicationFactorAboveTheBrokerCount(RunningKafka kafka) {
    KafkaRuntimeConfig config = kafka.config(freshPrefix()).replicationFactor(2).build();

    assertThatThrownBy(() -> KafkaCluster.check(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Kafka at "
                + kafka.bootstrapServers()
                + " has 1 broker(s), fewer than replicationFactor 2: lower replicationFactor to"
                + " at most 1 or add brokers");
  }

  @Test
  void createsOneTopicPerAgentTypeWithTheConfiguredLayout(RunningKafka kafka) throws Exception {
    String prefix = freshPrefix();
    KafkaRuntimeConfig config = kafka.config(prefix).partitions(4).build();

    List<String> topics;
    try (KafkaCluster cluster = KafkaCluster.open(config)) {
      topics = cluster.ensureAgentTopics(List.of("writer", "critic", "writer"));
    }

    assertThat(topics).containsExactly(prefix + ".agent.writer", prefix + ".agent.critic");
    Map<String, TopicDescription> described = describe(kafka, topics);
    for (String topic : topics) {
      List<TopicPartitionInfo> partitions = described.get(topic).partitions();
      assertThat(partitions).as(topic).hasSize(4);
      assertThat(partitions).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
    }
  }

  @Test
  void aStateTopicIsCompactedAndRollsSoonEnoughToStayCompact(RunningKafka kafka) throws Exception {
    String prefix = freshPrefix();
    KafkaRuntimeConfig config = kafka.config(prefix).partitions(2).build();
    try (KafkaCluster cluster = KafkaCluster.open(config)) {
      cluster.ensureTypeTopics("writer");
    }

    ConfigResource state =
        new ConfigResource(ConfigResource.Type.TOPIC, config.stateTopic("writer"));
    Config described;
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      described = admin.describeConfigs(List.of(state)).all().get().get(state);
    }
    assertThat(
            describe(kafka, List.of(config.stateTopic("writer")))
                .get(config.stateTopic("writer"))
                .partitions())
        .hasSize(2);
    assertThat(described.get("cleanup.policy").value()).isEqualTo("compact");
    assertThat(described.get("segment.ms").value()).isEqualTo("600000");
    assertThat(described.get("min.cleanable.dirty.ratio").value()).isEqualTo("0.1");
    assertThat(described.get("delete.retention.ms").value()).isEqualTo("600000");
  }

  @Test
  void ensuringTopicsAgainChangesNothing(RunningKafka kafka) throws Exception {
    KafkaRuntimeConfig config = kafka.config(freshPrefix()).partitions(2).build();

    try (KafkaCluster cluster = KafkaCluster.open(config)) {
      List<String> first = cluster.ensureAgentTopics(List.of("planner"));
      Map<String, TopicDescription> before = describe(kafka, first);
      // A second worker starting with the same config, and the same worker again.
      try (KafkaCluster other = KafkaCluster.open(config)) {
        assertThat(other.ensureAgentTopics(List.of("planner"))).isEqualTo(first);
      }
      assertThat(cluster.ensureAgentTopics(List.of("planner"))).isEqualTo(first);

      Map<String, TopicDescription> after = describe(kafka, first);
      assertThat(after.get(first.get(0)).topicId()).isEqualTo(before.get(first.get(0)).topicId());
      assertThat(after.get(first.get(0)).partitions()).hasSize(2);
    }
  }

  @Test
  void anExistingTopicWithOtherPartitionsIsReported(RunningKafka kafka) throws Exception {
    String prefix = freshPrefix();
    String topic = prefix + ".agent.writer";
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    KafkaRuntimeConfig config = kafka.config(prefix).partitions(3).build();

    try (KafkaCluster cluster = KafkaCluster.open(config)) {
      assertThatThrownBy(() -> cluster.ensureAgentTopics(List.of("critic", "writer")))
          .isInstanceOfSatisfying(
              TopicMismatchException.class, e -> assertThat(e.topic()).isEqualTo(topic))
          .hasMessage(
              "topic '"
                  + topic
                  + "' exists with 1 partition(s) and replication factor 1, but the config asks"
                  + " for 3 partition(s) and replication factor 1: set partitions and"
                  + " replicationFactor to match the topic, or delete the topic (its messages are"
                  + " lost) so the runtime creates it again");
    }
    // The matching topic in the same call was still created.
    assertThat(describe(kafka, List.of(prefix + ".agent.critic"))).hasSize(1);
  }

  @Test
  void createdTopicsHaveALeaderForEveryPartitionWhenEnsureReturns(RunningKafka kafka)
      throws Exception {
    KafkaRuntimeConfig config = kafka.config(freshPrefix()).partitions(6).build();

    List<String> topics;
    try (KafkaCluster cluster = KafkaCluster.open(config)) {
      topics = cluster.ensureAgentTopics(List.of("a", "b", "c"));
    }

    // A producer writing at once finds every partition led, instead of holding its batch.
    for (TopicDescription topic : describe(kafka, topics).values()) {
      assertThat(topic.partitions())
          .as(topic.name())
          .allSatisfy(p -> assertThat(p.leader()).isNotNull());
    }
  }

  @Test
  void awaitHostedReturnsOnceTheWorkersShareEveryPartitionAndNamesTheGroupsOtherwise(
      RunningKafka kafka) {
    String prefix = freshPrefix();
    // Settling takes a while on a loaded machine (each partition's writer is opened, fencing its
    // last owner): the wait that must succeed has room; the one that must fail is short.
    KafkaRuntimeConfig config =
        kafka.config(prefix).partitions(4).startupTimeout(Duration.ofSeconds(30)).build();
    KafkaRuntimeConfig impatient =
        kafka.config(prefix).partitions(4).startupTimeout(Duration.ofSeconds(3)).build();
    dev.cadre.core.AgentFactory echo = (id, rt) -> (message, context) -> message;
    try (KafkaAgentRuntime first = KafkaAgentRuntime.start(config);
        KafkaAgentRuntime second = KafkaAgentRuntime.start(config);
        KafkaCluster cluster = KafkaCluster.open(config);
        KafkaCluster hurried = KafkaCluster.open(impatient)) {
      first.register("echo", echo);
      second.register("echo", echo);

      cluster.awaitHosted(List.of("echo"), 2);

      assertThatThrownBy(() -> hurried.awaitHosted(List.of("echo"), 3))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "the workers hosting [echo] did not settle within startupTimeout PT3S: ["
                  + prefix
                  + ".type.echo (2 of 3 workers)]");
    }
  }

  @Test
  void anUnreachableBrokerFailsWithinTheTimeoutNamingServersAndTimeout() throws IOException {
    int unused;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      unused = socket.getLocalPort();
    }
    String servers = "127.0.0.1:" + unused;
    KafkaRuntimeConfig config =
        KafkaRuntimeConfig.builder()
            .bootstrapServers(servers)
            .startupTimeout(Duration.ofSeconds(1))
            .build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> KafkaCluster.check(config))
        .isInstanceOf(KafkaUnavailableException.class)
        .hasMessageStartingWith(
            "Kafka at " + servers + " did not answer within startupTimeout PT1S")
        .hasMessageContaining("check that a broker runs there");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    // Bounded, not hanging: the 1 s timeout plus generous slack for a loaded machine.
    assertThat(elapsed).isLessThan(Duration.ofSeconds(15));

    assertThatThrownBy(() -> KafkaCluster.open(config))
        .isInstanceOf(KafkaUnavailableException.class)
        .hasMessageContaining(servers);
  }

  @Test
  void anUnresolvableHostFailsNamingTheServers() {
    KafkaRuntimeConfig config =
        KafkaRuntimeConfig.builder()
            .bootstrapServers("no-such-broker.invalid:9092")
            .startupTimeout(Duration.ofSeconds(2))
            .build();

    assertThatThrownBy(() -> KafkaCluster.check(config))
        .isInstanceOf(KafkaUnavailableException.class)
        .hasMessageStartingWith("cannot connect to Kafka at no-such-broker.invalid:9092: ")
        .hasMessageEndingWith("; check bootstrapServers (CADRE_KAFKA_BOOTSTRAP_SERVERS)");
  }
}
