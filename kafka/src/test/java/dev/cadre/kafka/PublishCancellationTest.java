package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A publisher's token reaches the handlers of its publish for {@code sendTimeout} after it: long
 * enough for a handler that runs as part of the publisher's work, and no longer, so a token that
 * lives for a whole run does not keep one callback per publish.
 */
@ExtendWith(SharedKafkaCluster.class)
class PublishCancellationTest {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void cancellingThePublishersTokenStopsHandlersOnlyWithinTheSendTimeout(RunningKafka kafka)
      throws Exception {
    String prefix = "pubcancel" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    CountDownLatch release = new CountDownLatch(1);
    try (KafkaAgentRuntime runtime =
        KafkaAgentRuntime.start(kafka.config(prefix).sendTimeout(SEND_TIMEOUT).build())) {
      runtime.register(
          "listener",
          (id, rt) ->
              (message, context) -> {
                events.add("started " + message);
                context.cancellation().onCancel(() -> events.add("cancelled " + message));
                release.await(30, TimeUnit.SECONDS);
                return null;
              });
      runtime.addSubscription(new TypeSubscription("news", "listener"));
      try {
        CancellationToken early = new CancellationToken();
        runtime.publish("first", new TopicId("news", "a"), null, early).get(10, TimeUnit.SECONDS);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("started first");
        early.cancel();
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("cancelled first");

        CancellationToken late = new CancellationToken();
        runtime.publish("second", new TopicId("news", "b"), null, late).get(10, TimeUnit.SECONDS);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("started second");
        Thread.sleep(SEND_TIMEOUT.toMillis() + 1_000);
        late.cancel();
        // Untied: the handler of "second" is not stopped; it ends when released.
        assertThat(events.poll(2, TimeUnit.SECONDS)).isNull();
      } finally {
        release.countDown();
      }
    }
  }
}
