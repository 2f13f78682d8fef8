package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.team.StopReason;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.event.SpanTree;
import dev.cadre.event.Telemetry;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A team run on the Kafka runtime, traced by the real OpenTelemetry SDK: every message between the
 * team's manager and its participants crosses the broker, and the spans still form one tree under
 * the caller's, as on the in-process runtime.
 */
@ExtendWith(SharedKafkaCluster.class)
class KafkaTelemetryTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void installSdk() {
    GlobalOpenTelemetry.resetForTest();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    Telemetry.install(Telemetry.of(sdk));
  }

  @AfterEach
  void uninstall() {
    Telemetry.install(null);
    GlobalOpenTelemetry.resetForTest();
    sdk.close();
  }

  @Test
  void aTeamRunAcrossTheBrokerIsOneTraceUnderTheCaller(RunningKafka kafka) {
    String prefix = "otel" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    AssistantAgent teller =
        AssistantAgent.builder("teller")
            .description("tells the time")
            .model(ReplayChatModel.builder().toolCall("now", "{}").text("It is noon.").build())
            .tool(Tool.builder("now").description("The time").function((args, ctx) -> "12:00").build())
            .build();
    Span caller = sdk.getTracer("test").spanBuilder("caller").startSpan();
    TaskResult result;
    try (KafkaAgentRuntime runtime = KafkaAgentRuntime.start(kafka.config(prefix).build());
        Team team =
            new Team(
                new TeamSpec(
                    "clock-team",
                    "",
                    List.of(teller),
                    new RoundRobin(),
                    Terminations.maxMessages(2),
                    5,
                    runtime),
                null,
                "k1");
        Scope ignored = caller.makeCurrent()) {
      result = team.run("Time?");
    } finally {
      caller.end();
    }

    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(SpanTree.of(spans.getFinishedSpanItems()))
        .isEqualTo(
            """
            caller
              invoke_workflow clock-team
                cadre.team.select_speaker clock-team
                invoke_agent teller
                  chat replay
                  execute_tool now
                  chat replay
            """);
    assertThat(spans.getFinishedSpanItems())
        .allSatisfy(
            s -> assertThat(s.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId()));
    // The worker's agent and chat spans belong to the run's conversation, though only the trace
    // context crosses the broker: the participant's turn names its run.
    AttributeKey<String> conversation = AttributeKey.stringKey("gen_ai.conversation.id");
    String runId =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("invoke_workflow clock-team"))
            .findFirst()
            .orElseThrow()
            .getAttributes()
            .get(AttributeKey.stringKey("cadre.run.id"));
    assertThat(
            spans.getFinishedSpanItems().stream()
                .filter(
                    s -> s.getName().startsWith("invoke_agent") || s.getName().startsWith("chat"))
                .toList())
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.getAttributes().get(conversation)).isEqualTo(runId));
  }
}
