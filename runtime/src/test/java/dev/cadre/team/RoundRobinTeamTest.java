package dev.cadre.team;

import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static dev.cadre.team.TeamFixtures.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RoundRobinTeamTest {

  private Team team;

  @AfterEach
  void close() {
    if (team != null) {
      team.close();
    }
  }

  private Team team(TerminationCondition termination, int maxTurns, ChatAgent... participants) {
    team =
        new Team(
            new TeamSpec(
                "writers", "", List.of(participants), new RoundRobin(), termination, maxTurns, null));
    return team;
  }

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).collect(Collectors.toList());
  }

  @Test
  void participantsSpeakInTurnAndSeeEverythingSinceTheirLastTurn() {
    ReplayChatModel writerModel = ReplayChatModel.ofTexts("Draft 1", "Draft 2");
    ReplayChatModel criticModel = ReplayChatModel.ofTexts("Too long", "APPROVE");
    Team team =
        team(
            Terminations.textMention("APPROVE"),
            10,
            agent("writer", writerModel),
            agent("critic", criticModel));

    TaskResult result = team.run("Write a haiku");

    assertThat(speakers(result)).containsExactly("user", "writer", "critic", "writer", "critic");
    assertThat(result.stopReason()).contains("APPROVE");
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(result.usage()).isEqualTo(new Usage(40, 20));
    // The writer's second turn sees only the critic's answer, its own draft is in its memory.
    assertThat(writerModel.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("Write a haiku"),
            new ChatMessage.Assistant("Draft 1", List.of(), "writer"),
            new ChatMessage.User("Too long", "critic"));
    assertThat(criticModel.requests().get(0).messages())
        .containsExactly(ChatMessage.user("Write a haiku"), new ChatMessage.User("Draft 1", "writer"));
  }

  @Test
  void maxTurnsIsAHardBound() {
    Team team =
        team(
            null,
            3,
            agent("a", ReplayChatModel.ofTexts("a1", "a2")),
            agent("b", ReplayChatModel.ofTexts("b1")));

    TaskResult result = team.run("Go");

    assertThat(speakers(result)).containsExactly("user", "a", "b", "a");
    assertThat(result.stopReason()).isEqualTo("Maximum number of turns 3 reached.");
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.MAX_TURNS);
  }

  @Test
  void terminationSeesTheTaskSoARunCanEndBeforeAnyoneSpeaks() {
    ReplayChatModel model = ReplayChatModel.ofTexts();
    Team team = team(Terminations.textMention("STOP"), 5, agent("a", model));

    TaskResult result = team.run("STOP right there");

    assertThat(speakers(result)).containsExactly("user");
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void streamsEventsInOrderEndingWithTheResult() {
    Tool clock =
        Tool.builder("now").description("The time").function((args, ctx) -> "12:00").build();
    ReplayChatModel model =
        ReplayChatModel.builder().toolCall("now", "{}").streamed("It is ", "noon.").build();
    AssistantAgent teller =
        AssistantAgent.builder("teller").model(model).tool(clock).streaming(true).build();
    Team team = team(Terminations.maxMessages(2), 5, teller);

    List<TeamEvent> events;
    try (Stream<TeamEvent> stream = team.stream("Time?")) {
      events = stream.collect(Collectors.toList());
    }

    assertThat(events)
        .map(RoundRobinTeamTest::describe)
        .containsExactly(
            "message user",
            "speakers [teller]",
            "activity ModelUsage",
            "activity ToolCallsRequested",
            "activity ToolCallsExecuted",
            "activity TextChunk",
            "activity TextChunk",
            "activity ModelUsage",
            "message teller",
            "finished");
    TaskResult result = ((TeamEvent.Finished) events.get(events.size() - 1)).result();
    assertThat(result.lastMessage().content()).isEqualTo("It is noon.");
    for (TeamEvent event : events) {
      assertThat(roundTrip(event)).isEqualTo(event);
    }
  }

  @Test
  void aParticipantThatThrowsEndsTheRunWithAnErrorNamingIt() {
    ChatAgent broken =
        new ChatAgent() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public String description() {
            return "always fails";
          }

          @Override
          public dev.cadre.agent.AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              dev.cadre.core.CancellationToken cancellation,
              java.util.function.Consumer<AgentEvent> listener) {
            throw new IllegalStateException("disk full");
          }

          @Override
          public void reset() {}
        };
    Team team = team(null, 10, agent("ok", ReplayChatModel.ofTexts("fine")), broken);

    TeamRunException failed = catchThrowableOfType(() -> team.run("Go"), TeamRunException.class);

    assertThat(failed.participant()).isEqualTo("broken");
    assertThat(failed)
        .hasMessage("team 'writers' failed: 'broken' threw IllegalStateException: disk full")
        .hasCauseInstanceOf(IllegalStateException.class);
    TaskResult partial = failed.partialResult();
    assertThat(partial.stop())
        .isEqualTo(StopReason.failed("broken", "IllegalStateException: disk full"));
    assertThat(speakers(partial)).containsExactly("user", "ok");
  }

  @Test
  void cancelStopsTheRunMidwayAndKeepsTheConversation() throws Exception {
    ReplayChatModel slow =
        ReplayChatModel.builder().text("never").delayed(Duration.ofMinutes(5)).text("later").build();
    ReplayChatModel quick = ReplayChatModel.ofTexts("first", "again", "third");
    Team team = team(Terminations.maxMessages(3), 10, agent("quick", quick), agent("slow", slow));

    CompletableFuture<TaskResult> run = team.runAsync("Go");
    while (slow.requests().isEmpty()) {
      Thread.onSpinWait();
    }
    team.cancel();

    // A cancelled run's future fails as a cancelled future does.
    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThatThrownBy(run::join).isInstanceOf(CancellationException.class);
    // The team runs again, continuing the conversation and the rotation: slow's cancelled turn is
    // spent, so quick speaks next. As in AutoGen, a cancelled run leaves the condition's count as
    // it was (the task and quick's first answer), so quick's answer is the third message.
    TaskResult next = team.run();
    assertThat(speakers(next)).containsExactly("quick");
    assertThat(next.stopReason())
        .isEqualTo("Maximum number of messages 3 reached, current message count: 3");
    // That stop reset the count: a new task is the first of three again.
    TaskResult after = team.run("Continue");
    assertThat(speakers(after)).containsExactly("user", "slow", "quick");
    assertThat(after.messages().get(1).content()).isEqualTo("later");
    assertThat(quick.lastRequest().messages())
        .contains(ChatMessage.user("Go"), ChatMessage.user("Continue"));
  }

  @Test
  void resetForgetsTheConversationAndTheRotation() {
    ReplayChatModel a = ReplayChatModel.ofTexts("a1", "a2");
    ReplayChatModel b = ReplayChatModel.ofTexts("b1");
    Team team = team(null, 1, agent("a", a), agent("b", b));

    team.run("one");
    team.reset();
    TaskResult second = team.run("two");

    assertThat(speakers(second)).containsExactly("user", "a");
    assertThat(a.lastRequest().messages()).containsExactly(ChatMessage.user("two"));
  }

  @Test
  void oneRunAtATime() throws Exception {
    ReplayChatModel slow =
        ReplayChatModel.builder().text("x").delayed(Duration.ofMinutes(5)).build();
    Team team = team(null, 1, agent("slow", slow));
    CompletableFuture<TaskResult> run = team.runAsync("Go");

    assertThatThrownBy(() -> team.run("Again")).hasMessageContaining("already running");
    assertThatThrownBy(team::reset).hasMessageContaining("is running");
    team.cancel();
    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
  }

  @Test
  void aTeamTakesPartInAnotherTeam() {
    Team inner =
        new Team(
            new TeamSpec(
                "editors",
                "Edits drafts",
                List.of(
                    agent("copyeditor", ReplayChatModel.ofTexts("fixed commas")),
                    agent("factchecker", ReplayChatModel.ofTexts("facts ok"))),
                new RoundRobin(),
                null,
                2,
                null));
    List<TeamEvent> seen = new CopyOnWriteArrayList<>();
    Team outer =
        team(
            null,
            2,
            agent("writer", ReplayChatModel.ofTexts("draft")),
            inner);

    TaskResult result = outer.run(List.of(AgentMessage.user("Write")), seen::add);
    inner.close();

    // As in AutoGen, the inner team's messages join the outer conversation one by one.
    assertThat(speakers(result)).containsExactly("user", "writer", "copyeditor", "factchecker");
    assertThat(result.lastMessage().content()).isEqualTo("facts ok");
    assertThat(result.usage()).isEqualTo(new Usage(30, 15));
    assertThat(seen)
        .filteredOn(TeamEvent.Activity.class::isInstance)
        .map(e -> ((TeamEvent.Activity) e).event().source())
        .contains("writer", "copyeditor", "factchecker");
  }

  private static String describe(TeamEvent event) {
    if (event instanceof TeamEvent.Message message) {
      return "message " + message.message().source();
    }
    if (event instanceof TeamEvent.SpeakersSelected selected) {
      return "speakers " + selected.speakers();
    }
    if (event instanceof TeamEvent.Activity activity) {
      return "activity " + activity.event().getClass().getSimpleName();
    }
    return event.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  private static TeamEvent roundTrip(TeamEvent event) {
    try {
      return Json.mapper().readValue(Json.write(event), TeamEvent.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
