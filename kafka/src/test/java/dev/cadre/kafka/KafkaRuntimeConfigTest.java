package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaRuntimeConfigTest {

  @Test
  void defaultsSuitOneLocalBroker() {
    KafkaRuntimeConfig config = KafkaRuntimeConfig.builder().build();

    assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(config.topicPrefix()).isEqualTo("cadre");
    assertThat(config.partitions()).isEqualTo(3);
    assertThat(config.replicationFactor()).isEqualTo((short) 1);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.brokerOutageWindow()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void builderKeepsEverySetting() {
    KafkaRuntimeConfig config =
        KafkaRuntimeConfig.builder()
            .bootstrapServers(" a:1, b.example:9093 ")
            .topicPrefix("team-1")
            .partitions(12)
            .replicationFactor(3)
            .requestTimeout(Duration.ofMillis(1500))
            .startupTimeout(Duration.ofMinutes(2))
            .brokerOutageWindow(Duration.ofSeconds(45))
            .build();

    assertThat(config.bootstrapServers()).isEqualTo("a:1, b.example:9093");
    assertThat(config.topicPrefix()).isEqualTo("team-1");
    assertThat(config.partitions()).isEqualTo(12);
    assertThat(config.replicationFactor()).isEqualTo((short) 3);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.startupTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.brokerOutageWindow()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.toBuilder().build().toString()).isEqualTo(config.toString());
    assertThat(config.toString()).contains("brokerOutageWindow=PT45S");
  }

  @Test
  void badBootstrapServersNameTheSettingValueAndForm() {
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().bootstrapServers("localhost").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrapServers is 'localhost'")
        .hasMessageContaining("expected host:port[,host:port...]");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.builder().bootstrapServers("a:9092,b:99999").build())
        .hasMessageContaining("entry 'b:99999' is not host:port")
        .hasMessageContaining("port from 1 to 65535");
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().bootstrapServers("a:9092,").build())
        .hasMessageContaining("entry '' is not host:port");
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().bootstrapServers(" ").build())
        .hasMessageContaining("bootstrapServers is ' '");
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().bootstrapServers(null).build())
        .hasMessageContaining("bootstrapServers is null");
  }

  @Test
  void badTopicPrefixNamesTheSettingValueAndForm() {
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().topicPrefix("my prefix").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topicPrefix is 'my prefix'")
        .hasMessageContaining("letters a-z or A-Z, digits, '.', '_' or '-'");
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().topicPrefix("").build())
        .hasMessageContaining("topicPrefix is ''");
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().topicPrefix("x".repeat(242)).build())
        .hasMessageContaining("expected 1 to 241");
  }

  @Test
  void badCountsNameTheSettingValueAndForm() {
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().partitions(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitions is 0; expected a whole number of at least 1");
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().replicationFactor(0).build())
        .hasMessageStartingWith("replicationFactor is 0; expected a whole number from 1 to 32767");
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().replicationFactor(40_000).build())
        .hasMessageStartingWith("replicationFactor is 40000");
  }

  @Test
  void badTimeoutsNameTheSettingValueAndForm() {
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().requestTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestTimeout is PT0S; expected a positive duration, e.g. 30s or 500ms");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.builder().startupTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageStartingWith("startupTimeout is PT-1S");
    assertThatThrownBy(() -> KafkaRuntimeConfig.builder().startupTimeout(null).build())
        .hasMessageStartingWith("startupTimeout is null");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.builder().brokerOutageWindow(Duration.ZERO).build())
        .hasMessage("brokerOutageWindow is PT0S; expected a positive duration, e.g. 30s or 500ms");
  }

  @Test
  void environmentSetsEverySettingAndBlankMeansDefault() {
    KafkaRuntimeConfig config =
        KafkaRuntimeConfig.fromEnvironment(
            Map.of(
                "CADRE_KAFKA_BOOTSTRAP_SERVERS", "broker1:9092,broker2:9092",
                "CADRE_KAFKA_TOPIC_PREFIX", "prod",
                "CADRE_KAFKA_PARTITIONS", " 8 ",
                "CADRE_KAFKA_REPLICATION_FACTOR", "3",
                "CADRE_KAFKA_REQUEST_TIMEOUT", "500ms",
                "CADRE_KAFKA_STARTUP_TIMEOUT", "PT1M",
                "CADRE_KAFKA_OUTAGE_WINDOW", "90s"));

    assertThat(config.bootstrapServers()).isEqualTo("broker1:9092,broker2:9092");
    assertThat(config.topicPrefix()).isEqualTo("prod");
    assertThat(config.partitions()).isEqualTo(8);
    assertThat(config.replicationFactor()).isEqualTo((short) 3);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.startupTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.brokerOutageWindow()).isEqualTo(Duration.ofSeconds(90));

    KafkaRuntimeConfig defaults =
        KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_PARTITIONS", "  "));
    assertThat(defaults.toString()).isEqualTo(KafkaRuntimeConfig.builder().build().toString());
    assertThat(
            KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_STARTUP_TIMEOUT", "2m"))
                .startupTimeout())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void sessionTimeoutIsTheBrokersUnlessSetAndItsHeartbeatAQuarterOfIt() {
    assertThat(KafkaRuntimeConfig.builder().build().sessionTimeout()).isNull();
    assertThat(KafkaRuntimeConfig.builder().build().toString()).contains("sessionTimeout=broker's");

    KafkaRuntimeConfig config =
        KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_SESSION_TIMEOUT", "1500ms"));
    assertThat(config.sessionTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(375));
    assertThat(config.toBuilder().build().sessionTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.toString()).contains("sessionTimeout=PT1.5S");

    assertThatThrownBy(
            () -> KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_SESSION_TIMEOUT", "50ms")))
        .hasMessage(
            "CADRE_KAFKA_SESSION_TIMEOUT is PT0.05S; expected a duration of at least 100ms, e.g."
                + " 1500ms");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.builder().sessionTimeout(Duration.ofMillis(-1)).build())
        .hasMessageStartingWith("sessionTimeout is PT-0.001S");
  }

  @Test
  void badEnvironmentValuesNameTheVariable() {
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_PARTITIONS", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CADRE_KAFKA_PARTITIONS is 'many'; expected a whole number of at least 1");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_PARTITIONS", "0")))
        .hasMessage("CADRE_KAFKA_PARTITIONS is 0; expected a whole number of at least 1");
    assertThatThrownBy(
            () ->
                KafkaRuntimeConfig.fromEnvironment(
                    Map.of("CADRE_KAFKA_REQUEST_TIMEOUT", "30 seconds")))
        .hasMessage(
            "CADRE_KAFKA_REQUEST_TIMEOUT is '30 seconds'; expected a duration such as 500ms, 30s,"
                + " 2m or PT30S");
    assertThatThrownBy(
            () ->
                KafkaRuntimeConfig.fromEnvironment(
                    Map.of("CADRE_KAFKA_BOOTSTRAP_SERVERS", "kafka")))
        .hasMessageStartingWith("CADRE_KAFKA_BOOTSTRAP_SERVERS is 'kafka'");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_TOPIC_PREFIX", "a/b")))
        .hasMessageStartingWith("CADRE_KAFKA_TOPIC_PREFIX is 'a/b'");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_REPLICATION_FACTOR", "0")))
        .hasMessageStartingWith("CADRE_KAFKA_REPLICATION_FACTOR is 0");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_STARTUP_TIMEOUT", "0s")))
        .hasMessageStartingWith("CADRE_KAFKA_STARTUP_TIMEOUT is PT0S");
    assertThatThrownBy(
            () -> KafkaRuntimeConfig.fromEnvironment(Map.of("CADRE_KAFKA_OUTAGE_WINDOW", "soon")))
        .hasMessage(
            "CADRE_KAFKA_OUTAGE_WINDOW is 'soon'; expected a duration such as 500ms, 30s, 2m or"
                + " PT30S");
  }

  @Test
  void agentTopicIsPrefixAgentType() {
    KafkaRuntimeConfig config = KafkaRuntimeConfig.builder().topicPrefix("acme").build();

    assertThat(config.agentTopic("writer")).isEqualTo("acme.agent.writer");
    assertThat(config.agentTopic("Review_2.x-b")).isEqualTo("acme.agent.Review_2.x-b");
  }

  @Test
  void agentTopicRefusesTypesKafkaCannotName() {
    KafkaRuntimeConfig config = KafkaRuntimeConfig.builder().topicPrefix("acme").build();

    assertThatThrownBy(() -> config.agentTopic("réviseur"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent type 'réviseur' cannot name a Kafka topic");
    assertThatThrownBy(() -> config.agentTopic(""))
        .hasMessageContaining("agent type '' cannot name a Kafka topic");
    String longType = "t".repeat(240);
    assertThatThrownBy(() -> config.agentTopic(longType))
        .hasMessageContaining("of 251 characters; Kafka allows at most 249");
  }
}
