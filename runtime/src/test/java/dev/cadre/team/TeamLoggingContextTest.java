package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.Threads;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The SLF4J MDC a team's handlers set: run id, agent and turn, visible to the agent's work. */
class TeamLoggingContextTest {

  private Team team;

  @AfterEach
  void close() {
    if (team != null) {
      team.close();
    }
    MDC.clear();
  }

  @Test
  void participantsWorkWithTheRunAgentAndTurnInTheMdc() {
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    Tool probe =
        Tool.builder("probe")
            .description("Notes the logging context")
            .function(
                (args, ctx) -> {
                  seen.add(MDC.getCopyOfContextMap());
                  return "ok";
                })
            .build();
    AssistantAgent first =
        AssistantAgent.builder("first")
            .model(ReplayChatModel.builder().toolCall("probe", "{}").text("one").build())
            .tool(probe)
            .build();
    AssistantAgent second =
        AssistantAgent.builder("second")
            .model(ReplayChatModel.builder().toolCall("probe", "{}").text("two").build())
            .tool(probe)
            .build();
    team =
        new Team(
            new TeamSpec(
                "pair",
                "",
                List.of(first, second),
                new RoundRobin(),
                Terminations.maxMessages(3),
                5,
                null));
    MDC.put("caller", "kept");

    TaskResult result = team.run("go");

    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(seen).hasSize(2);
    String runId = seen.get(0).get(LogContext.RUN_ID);
    assertThat(runId).isNotBlank();
    assertThat(seen.get(0))
        .containsEntry(LogContext.AGENT, "first")
        .containsEntry(LogContext.TURN, "1");
    assertThat(seen.get(1))
        .containsEntry(LogContext.RUN_ID, runId)
        .containsEntry(LogContext.AGENT, "second")
        .containsEntry(LogContext.TURN, "2");
    // The caller's own context is its own: untouched by the run.
    assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("caller", "kept"));
  }

  @Test
  void parallelToolsLogWithTheirAgentsContextAndPooledThreadsKeepNoneOfIt() throws Exception {
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch bothRunning = new CountDownLatch(2);
    Tool probe =
        Tool.builder("probe")
            .description("Notes the logging context")
            .function(
                (args, ctx) -> {
                  seen.add(MDC.getCopyOfContextMap());
                  threads.add(Thread.currentThread().getName());
                  bothRunning.countDown();
                  bothRunning.await(10, TimeUnit.SECONDS); // so the two run at once
                  return "ok";
                })
            .build();
    AssistantAgent solo =
        AssistantAgent.builder("solo")
            .model(
                ReplayChatModel.builder()
                    .toolCalls(new ToolCall("c1", "probe", "{}"), new ToolCall("c2", "probe", "{}"))
                    .text("done")
                    .build())
            .tool(probe)
            .build();
    team =
        new Team(
            new TeamSpec(
                "one", "", List.of(solo), new RoundRobin(), Terminations.maxMessages(2), 5, null));

    TaskResult result = team.run("go");

    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(threads).as("the two calls ran on two threads").hasSize(2);
    assertThat(seen)
        .hasSize(2)
        .allSatisfy(
            mdc ->
                assertThat(mdc)
                    .containsEntry(LogContext.AGENT, "solo")
                    .containsEntry(LogContext.TURN, "1")
                    .containsKey(LogContext.RUN_ID));

    // Every idle pooled thread takes one of these tasks (they wait for each other): none may still
    // carry the finished run's context.
    int tasks = 16;
    CountDownLatch allRunning = new CountDownLatch(tasks);
    List<Future<Map<String, String>>> leftovers = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      leftovers.add(
          Threads.shared()
              .submit(
                  () -> {
                    Map<String, String> mdc = MDC.getCopyOfContextMap();
                    allRunning.countDown();
                    allRunning.await(10, TimeUnit.SECONDS);
                    return mdc;
                  }));
    }
    for (Future<Map<String, String>> leftover : leftovers) {
      assertThat(leftover.get(10, TimeUnit.SECONDS)).isNullOrEmpty();
    }
  }

  @Test
  void aNestedContextPutsTheOuterOneBack() {
    try (LogContext outer = LogContext.of("outer-run", "team", 3)) {
      try (LogContext inner = LogContext.of("inner-run", "nested", 1)) {
        assertThat(MDC.get(LogContext.RUN_ID)).isEqualTo("inner-run");
      }
      assertThat(MDC.getCopyOfContextMap())
          .containsEntry(LogContext.RUN_ID, "outer-run")
          .containsEntry(LogContext.AGENT, "team")
          .containsEntry(LogContext.TURN, "3");
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
