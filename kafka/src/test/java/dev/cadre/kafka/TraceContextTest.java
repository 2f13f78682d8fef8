package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.AgentId;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trace context of whoever sends or publishes reaches the handler through Kafka, and on from
 * there through the handler's own sends: a trace that starts in one process continues in the
 * workers that handle its messages.
 */
@ExtendWith(SharedKafkaCluster.class)
class TraceContextTest {

  private static final SpanContext CALLER =
      SpanContext.create(
          "4bf92f3577b34da6a3ce929d0e0e4736",
          "00f067aa0ba902b7",
          TraceFlags.getSampled(),
          TraceState.getDefault());

  @Test
  void handlersRunInTheTraceOfTheirSenderAcrossHops(RunningKafka kafka) throws Exception {
    String prefix = "trace" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, SpanContext> seen = new ConcurrentHashMap<>();
    CountDownLatch published = new CountDownLatch(1);
    try (KafkaAgentRuntime runtime = KafkaAgentRuntime.start(kafka.config(prefix).build())) {
      runtime.register(
          "second",
          (id, rt) ->
              (message, context) -> {
                seen.put("second " + message, Span.current().getSpanContext());
                return "done";
              });
      runtime.register(
          "first",
          (id, rt) ->
              (message, context) -> {
                seen.put("first " + message, Span.current().getSpanContext());
                return rt.send(message, new AgentId("second", "b"), id, context.cancellation())
                    .get(10, TimeUnit.SECONDS);
              });
      runtime.register(
          "listener",
          (id, rt) ->
              (message, context) -> {
                seen.put("listener " + message, Span.current().getSpanContext());
                published.countDown();
                return null;
              });
      runtime.addSubscription(new TypeSubscription("news", "listener"));

      try (Scope traced = Span.wrap(CALLER).makeCurrent()) {
        runtime.send("traced", new AgentId("first", "a")).get(20, TimeUnit.SECONDS);
        runtime.publish("traced", new TopicId("news", "n")).get(20, TimeUnit.SECONDS);
      }
      runtime.send("untraced", new AgentId("first", "a")).get(20, TimeUnit.SECONDS);
      assertThat(published.await(20, TimeUnit.SECONDS)).isTrue();
    }

    for (String handler : new String[] {"first traced", "second traced", "listener traced"}) {
      SpanContext context = seen.get(handler);
      assertThat(context).as(handler).isNotNull();
      assertThat(context.getTraceId()).as(handler).isEqualTo(CALLER.getTraceId());
      assertThat(context.getSpanId()).as(handler).isEqualTo(CALLER.getSpanId());
      assertThat(context.isRemote()).as(handler).isTrue();
      assertThat(context.isSampled()).as(handler).isTrue();
    }
    // Nothing current when sent: the handlers start no trace of their own.
    assertThat(seen.get("first untraced").isValid()).isFalse();
    assertThat(seen.get("second untraced").isValid()).isFalse();
  }
}
