package dev.cadre.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real one-node KRaft cluster running inside the test JVM. The cluster is started
 * once per JVM, on first use, and shared by every test class: it lives in JUnit's root store, which
 * closes it when the whole run ends. Tests declare a {@link RunningKafka} parameter to get it, and
 * keep apart from each other by using their own topic prefix.
 */
public final class SharedKafkaCluster implements ParameterResolver {

  /** The broker a test talks to. */
  public record RunningKafka(String bootstrapServers) {

    /** A config pointing at this broker, with short timeouts and the given topic prefix. */
    public KafkaRuntimeConfig.Builder config(String topicPrefix) {
      return KafkaRuntimeConfig.builder()
          .bootstrapServers(bootstrapServers)
          .topicPrefix(topicPrefix)
          .requestTimeout(Duration.ofSeconds(10))
          .startupTimeout(Duration.ofSeconds(20));
    }
  }

  /**
   * Broker settings for one node and fast group moves. The offsets and transaction topics default
   * to 3 replicas, which one node cannot host: consumer groups then hang without an error. The
   * group timeouts move a dead worker's partitions in about 3 s instead of 45; shorter, a live
   * worker on a loaded 2-core machine can miss its heartbeats, lose its partitions mid-handler and
   * have another worker run that handler again, which the failover tests would count as a repeat.
   */
  static final Map<String, String> BROKER_SETTINGS =
      Map.ofEntries(
          Map.entry("offsets.topic.replication.factor", "1"),
          Map.entry("offsets.topic.num.partitions", "1"),
          Map.entry("transaction.state.log.replication.factor", "1"),
          Map.entry("transaction.state.log.min.isr", "1"),
          Map.entry("transaction.state.log.num.partitions", "1"),
          Map.entry("group.initial.rebalance.delay.ms", "0"),
          Map.entry("group.min.session.timeout.ms", "1000"),
          Map.entry("group.consumer.min.session.timeout.ms", "1000"),
          Map.entry("group.consumer.session.timeout.ms", "3000"),
          Map.entry("group.consumer.min.heartbeat.interval.ms", "250"),
          Map.entry("group.consumer.heartbeat.interval.ms", "500"),
          // The runtime creates its topics explicitly; auto-creation would hide a missing step.
          Map.entry("auto.create.topics.enable", "false"));

  private static final AtomicInteger STARTS = new AtomicInteger();

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedKafkaCluster.class);

  /** How many clusters this JVM has started; one, once any test has asked for it. */
  static int starts() {
    return STARTS.get();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunningKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Started started =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Started.class, k -> Started.start(), Started.class);
    return new RunningKafka(started.kit.bootstrapServers());
  }

  /**
   * Starts a one-node cluster with {@link #BROKER_SETTINGS} and waits until it is ready. For a test
   * that needs a cluster of its own, to stop it; the caller closes it.
   */
  static KafkaClusterTestKit startOneNode() throws Exception {
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
    BROKER_SETTINGS.forEach(builder::setConfigProp);
    KafkaClusterTestKit kit = builder.build();
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
    } catch (Exception | Error e) {
      kit.close();
      throw e;
    }
    return kit;
  }

  /** The cluster, closed by JUnit when the root store closes at the end of the run. */
  private static final class Started implements AutoCloseable {
    private final KafkaClusterTestKit kit;

    private Started(KafkaClusterTestKit kit) {
      this.kit = kit;
    }

    static Started start() {
      STARTS.incrementAndGet();
      try {
        return new Started(startOneNode());
      } catch (Exception e) {
        throw new ParameterResolutionException("cannot start the in-JVM Kafka test cluster", e);
      }
    }

    @Override
    public void close() throws Exception {
      kit.close();
    }
  }
}
