package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.Question;
import dev.cadre.agent.ToolApprover;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.dsl.Cadre;
import dev.cadre.team.EventLog;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ModelException;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamRunException;
import dev.cadre.team.Terminations;
import dev.cadre.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fakes: a clock and ids that repeat, a scripted person, a model with injected faults. */
class FakesTest {

  @TempDir Path dir;

  private static final ChatRequest HI =
      ChatRequest.builder().message(ChatMessage.user("hi")).build();

  private static Team pair(ReplayChatModel a, ReplayChatModel b) {
    return Cadre.roundRobin("pair")
        .participant(Cadre.assistant("first").model(a))
        .participant(Cadre.assistant("second").model(b))
        .termination(Terminations.maxMessages(3))
        .build();
  }

  private String loggedRun(TestClock clock) throws Exception {
    Path file = dir.resolve("run-" + System.nanoTime() + ".jsonl");
    try (EventLog log = EventLog.open(file, clock)) {
      pair(ReplayChatModel.ofTexts("one"), ReplayChatModel.ofTexts("two"))
          .run(List.of(AgentMessage.user("count")), log);
    }
    return Files.readString(file);
  }

  @Test
  void anEventLogTimedByATestClockIsTheSameOnEveryRun() throws Exception {
    String first = loggedRun(TestClock.create());
    String second = loggedRun(TestClock.create());

    assertThat(first).isEqualTo(second);
    assertThat(first).contains("\"at\":" + TestClock.START.toEpochMilli() + ",");
  }

  @Test
  void aTestClockMovesByItsStepAndWhenAdvanced() {
    TestClock clock = TestClock.at(Instant.parse("2026-05-01T10:00:00Z"), Duration.ofSeconds(1));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-01T10:00:01Z"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(clock.peek()).isEqualTo(Instant.parse("2026-05-01T10:05:02Z"));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .hasMessageContaining("time does not go back");
  }

  @Test
  void durableRunsKeyedByTestIdsAreFoundByThoseIds() {
    TestIds ids = TestIds.sequence("run");
    Team team =
        Cadre.roundRobin("pair")
            .participant(Cadre.assistant("first").model(ReplayChatModel.ofTexts("one", "three")))
            .participant(Cadre.assistant("second").model(ReplayChatModel.ofTexts("two", "four")))
            .termination(Terminations.maxMessages(3))
            .checkpoints(SqliteCheckpointStore.open(dir.resolve("runs.db"), TestClock.create()))
            .build();

    team.runDurable(ids.get(), "count", event -> {});
    team.reset();
    team.runDurable(ids.get(), "count again", event -> {});

    assertThat(team.finished("run-1")).isPresent();
    assertThat(team.finished("run-2").orElseThrow().messages().get(0).content())
        .isEqualTo("count again");
  }

  @Test
  void aScriptedPersonAnswersInOrderAndSaysWhenItRunsOut() {
    ScriptedHuman person = ScriptedHuman.answering("Lyon", "two days");
    Team team =
        Cadre.roundRobin("ask")
            .participant(
                Cadre.assistant("guide")
                    .model(ReplayChatModel.ofTexts("Where?", "How long?", "Where else?")))
            .participant(UserProxyAgent.of("traveller", person))
            .maxTurns(6)
            .build();

    TeamRunException failed = null;
    try {
      team.run("Plan my trip");
    } catch (TeamRunException e) {
      failed = e;
    }

    assertThat(person.questions()).hasSize(3);
    assertThat(person.remaining()).isZero();
    assertThat(failed).isNotNull();
    TaskResult partial = failed.partialResult();
    assertThat(partial.messages())
        .extracting(AgentMessage::content)
        .containsSubsequence("Where?", "Lyon", "How long?", "two days", "Where else?");
    assertThat(failed)
        .hasStackTraceContaining(
            "the scripted person has 2 answer(s) and was asked question 3 by traveller");
  }

  @Test
  void aScriptedPersonApprovesAndRefusesToolCalls() {
    ScriptedHuman person = ScriptedHuman.answering("yes", "no, too expensive");
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("get_weather", "{\"city\":\"Paris\"}")
            .toolCall("get_weather", "{\"city\":\"Tokyo\"}")
            .text("Done.")
            .build();

    Cadre.assistant("bot")
        .model(model)
        .tool(Weather.weatherTool())
        .toolApproval(ToolApprover.askPerson(person))
        .build()
        .run("Weather in Paris and Tokyo?");

    List<ToolResult> results = new ArrayList<>();
    for (ChatRequest request : model.requests()) {
      for (ChatMessage message : request.messages()) {
        if (message instanceof ChatMessage.ToolResults r) {
          results.addAll(r.results());
        }
      }
    }
    assertThat(results).extracting(ToolResult::content).first().asString().contains("Sunny");
    assertThat(results.get(results.size() - 1).content()).contains("too expensive");
    assertThat(person.questions())
        .extracting(Question::prompt)
        .allMatch(prompt -> prompt.contains("get_weather"));
  }

  @Test
  void theNthCallFailsWithTheInjectedStatus() {
    FaultyModel model =
        FaultyModel.wrap(ReplayChatModel.ofTexts("one", "two")).failCall(2, 429).build();

    assertThat(model.chat(HI).text()).isEqualTo("one");
    assertThatThrownBy(() -> model.chat(HI))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("HTTP 429 on call 2");
            });
    assertThat(model.chat(HI).text()).isEqualTo("two");
  }

  @Test
  void aFailedCallInATeamNamesTheAgentAndTheStatus() {
    Team team =
        Cadre.roundRobin("flaky")
            .participant(
                Cadre.assistant("bot")
                    .model(
                        FaultyModel.wrap(ReplayChatModel.ofTexts("one")).failCall(1, 503).build()))
            .maxTurns(1)
            .build();

    assertThatThrownBy(() -> team.run("hi"))
        .isInstanceOf(TeamRunException.class)
        .hasMessageContaining("'bot'")
        .hasMessageContaining("HTTP 503 on call 1");
  }

  @Test
  void aDelayedCallWaitsAndACancelStopsTheWait() throws Exception {
    FaultyModel model =
        FaultyModel.wrap(ReplayChatModel.ofTexts("late", "never"))
            .delayCall(1, Duration.ofMillis(300))
            .delayCall(2, Duration.ofMinutes(10))
            .build();

    long started = System.nanoTime();
    assertThat(model.chat(HI).text()).isEqualTo("late");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));

    CancellationToken token = new CancellationToken();
    var call = java.util.concurrent.CompletableFuture.supplyAsync(() -> model.chat(HI, token));
    Thread.sleep(100);
    token.cancel();
    assertThatThrownBy(() -> call.get(60, java.util.concurrent.TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("cancelled during an injected delay");
  }

  @Test
  void aCutStreamDeliversSomeChunksThenFails() {
    FaultyModel model =
        FaultyModel.wrap(ReplayChatModel.builder().streamed("a ", "b ", "c").text("whole").build())
            .cutStream(1, 2)
            .cutStream(2, 0)
            .build();
    List<String> chunks = new ArrayList<>();

    assertThatThrownBy(() -> model.stream(HI, chunks::add, CancellationToken.none()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("the stream of call 1 was cut after 2 chunk(s)");
    assertThat(chunks).containsExactly("a ", "b ");
    assertThatThrownBy(() -> model.chat(HI))
        .hasMessageContaining("the stream of call 2 was cut after 0 chunk(s)");
  }
}
