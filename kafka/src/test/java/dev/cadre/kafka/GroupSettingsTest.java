package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sessionTimeout} reaches the broker as the settings of the consumer group of each type a
 * worker hosts, and a value the broker refuses fails the registration naming the setting and the
 * broker settings to change.
 */
@ExtendWith(SharedKafkaCluster.class)
class GroupSettingsTest {

  @Test
  void aHostedTypesGroupTakesTheSessionTimeoutAQuarterOfItAsHeartbeatAndNoAssignmentDelay(
      RunningKafka kafka) throws Exception {
    String prefix = "group-settings-" + System.nanoTime();
    KafkaRuntimeConfig config =
        kafka.config(prefix).sessionTimeout(Duration.ofMillis(1200)).hostedTypes(List.of("echo"))
            .build();

    try (KafkaAgentRuntime runtime = KafkaAgentRuntime.start(config)) {
      runtime.register("echo", (id, rt) -> (message, context) -> message);
      runtime.register("elsewhere", (id, rt) -> (message, context) -> message);

      assertThat(groupSettings(kafka, config.consumerGroup("echo")))
          .containsEntry("consumer.session.timeout.ms", "1200")
          .containsEntry("consumer.heartbeat.interval.ms", "300")
          .containsEntry("consumer.assignment.interval.ms", "0");
      // A type this process does not host is left as the broker has it.
      assertThat(groupSettings(kafka, config.consumerGroup("elsewhere"))).isEmpty();
    }
  }

  @Test
  void withoutASessionTimeoutTheGroupKeepsTheBrokersSettings(RunningKafka kafka)
      throws Exception {
    String prefix = "group-defaults-" + System.nanoTime();
    KafkaRuntimeConfig config = kafka.config(prefix).build();

    try (KafkaAgentRuntime runtime = KafkaAgentRuntime.start(config)) {
      runtime.register("echo", (id, rt) -> (message, context) -> message);

      assertThat(groupSettings(kafka, config.consumerGroup("echo"))).isEmpty();
    }
  }

  @Test
  void aSessionTimeoutBelowTheBrokersMinimumFailsNamingBothSettings(RunningKafka kafka) {
    String prefix = "group-refused-" + System.nanoTime();
    // The test broker allows 1000 ms at least (group.consumer.min.session.timeout.ms).
    KafkaRuntimeConfig config = kafka.config(prefix).sessionTimeout(Duration.ofMillis(600)).build();

    try (KafkaAgentRuntime runtime = KafkaAgentRuntime.start(config)) {
      assertThatThrownBy(
              () -> runtime.register("echo", (id, rt) -> (message, context) -> message))
          .hasMessageContaining("consumer group " + config.consumerGroup("echo"))
          .hasMessageContaining("sessionTimeout (CADRE_KAFKA_SESSION_TIMEOUT) PT0.6S")
          .hasMessageContaining("group.consumer.min.session.timeout.ms at most 600")
          .hasMessageContaining("group.consumer.min.heartbeat.interval.ms at most 150");
    }
  }

  /** The settings set on the group itself (not the broker's defaults), by name. */
  private static Map<String, String> groupSettings(RunningKafka kafka, String group)
      throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Config described = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      Map<String, String> set = new HashMap<>();
      for (ConfigEntry entry : described.entries()) {
        if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG) {
          set.put(entry.name(), entry.value());
        }
      }
      return set;
    }
  }
}
