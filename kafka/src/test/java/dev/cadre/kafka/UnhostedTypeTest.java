package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sends to a type that no running worker hosts, and to a type that does not exist at all. */
@ExtendWith(SharedKafkaCluster.class)
class UnhostedTypeTest {

  private static final String TYPE = "ghost";
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

  private final List<String> handled = Collections.synchronizedList(new ArrayList<>());
  private final List<KafkaAgentRuntime> runtimes = new ArrayList<>();
  private KafkaRuntimeConfig config;
  private KafkaAgentRuntime sender;

  @BeforeEach
  void start(RunningKafka kafka) {
    String prefix = "unhosted" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    config = kafka.config(prefix).sendTimeout(SEND_TIMEOUT).build();
    // Registers the type, which creates its topic, but hosts none: nobody reads the topic yet.
    sender = sender(SEND_TIMEOUT);
  }

  /** A process that registers the type to address it, and hosts nothing. */
  private KafkaAgentRuntime sender(Duration sendTimeout) {
    KafkaAgentRuntime runtime =
        start(config.toBuilder().hostedTypes(Set.of()).sendTimeout(sendTimeout).build());
    runtime.register(
        TYPE,
        (id, rt) -> {
          throw new AssertionError("a sender hosts no type, so it never makes an agent");
        });
    return runtime;
  }

  @AfterEach
  void closeRuntimes() {
    for (KafkaAgentRuntime runtime : runtimes) {
      runtime.close();
    }
  }

  private KafkaAgentRuntime start(KafkaRuntimeConfig config) {
    KafkaAgentRuntime runtime = KafkaAgentRuntime.start(config);
    runtimes.add(runtime);
    return runtime;
  }

  @Test
  void aSendNobodyHostsTimesOutNamingAgentTypeAndSetting() {
    AgentId ghost = new AgentId(TYPE, "g1");

    long start = System.nanoTime();
    CompletableFuture<Object> reply = sender.send("boo", ghost);

    assertThatThrownBy(() -> reply.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessageStartingWith(
            "no reply from "
                + ghost
                + " to java.lang.String within sendTimeout PT2S: no worker that hosts agent type"
                + " \"ghost\" answered in time; check that one runs (CADRE_KAFKA_HOSTED_TYPES"
                + " lists \"ghost\", or is unset)")
        .hasMessageContaining("raise sendTimeout (CADRE_KAFKA_SEND_TIMEOUT)")
        .hasCauseInstanceOf(TimeoutException.class);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertThat(waited).isGreaterThanOrEqualTo(SEND_TIMEOUT).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aWorkerThatStartsLaterSkipsTheSendItsSenderGaveUpOn() throws Exception {
    AgentId ghost = new AgentId(TYPE, "g1");
    CompletableFuture<Object> abandoned = sender.send("gave up", ghost);
    assertThatThrownBy(() -> abandoned.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AgentException.class);

    KafkaAgentRuntime late = start(config.toBuilder().hostedTypes(Set.of(TYPE)).build());
    late.register(
        TYPE,
        (id, rt) ->
            (message, context) -> {
              handled.add((String) message);
              return "handled " + message;
            });
    // Same agent, so same partition, after the abandoned send and its cancel record: once this is
    // answered, the late worker has read past both. Sent by a process that waits long enough for
    // the late worker to join.
    KafkaAgentRuntime patient = sender(Duration.ofSeconds(30));
    Object answer = patient.send("still here?", ghost).get(30, TimeUnit.SECONDS);
    assertThat(answer).isEqualTo("handled still here?");
    // The message was not lost, but its sender gave up and a cancel record follows it on the
    // same partition, so the worker that finds both skips its handler.
    assertThat(handled).containsExactly("still here?");
  }

  @Test
  void aSendToATypeWithNoTopicFailsAtOnce() {
    AgentId nobody = new AgentId("nosuch", "n1");

    CompletableFuture<Object> reply = sender.send("hello?", nobody);

    // Failed before send returned: the runtime checked the cluster's types, and waited for none.
    assertThat(reply).isCompletedExceptionally();
    assertThatThrownBy(reply::join)
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "cannot deliver java.lang.String to "
                + nobody
                + ": no agent type \"nosuch\" is registered (registered types: [ghost]); call"
                + " register(\"nosuch\", factory) first");
  }
}
