package dev.cadre.team;

import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static dev.cadre.team.TeamFixtures.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.WatchedModel;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class NestedChatAgentTest {

  private final List<Team> teams = new ArrayList<>();

  @AfterEach
  void close() {
    teams.forEach(Team::close);
  }

  private Team team(String name, int maxTurns, ChatAgent... participants) {
    Team team =
        new Team(
            new TeamSpec(
                name,
                name + " team",
                List.of(participants),
                new RoundRobin(),
                null,
                maxTurns,
                null));
    teams.add(team);
    return team;
  }

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).collect(Collectors.toList());
  }

  private static ChatAgent broken(String name, String error) {
    return new ChatAgent() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "always fails";
      }

      @Override
      public AgentResponse onMessages(
          List<? extends AgentMessage> messages,
          CancellationToken cancellation,
          Consumer<AgentEvent> listener) {
        throw new IllegalStateException(error);
      }

      @Override
      public void reset() {}
    };
  }

  @Test
  void inAnOuterTeamTheInnerChatShowsAsOneMessageFromTheNestedAgent() {
    ReplayChatModel criticModel = ReplayChatModel.ofTexts("Too long");
    Team reviewers =
        team(
            "reviewers",
            2,
            agent("critic", criticModel),
            agent("factchecker", ReplayChatModel.ofTexts("Facts ok")));
    NestedChatAgent review =
        NestedChatAgent.builder("review").description("Reviews drafts").team(reviewers).build();
    Team outer = team("writers", 2, agent("writer", ReplayChatModel.ofTexts("Draft")), review);
    List<TeamEvent> seen = new CopyOnWriteArrayList<>();

    TaskResult result = outer.run(List.of(AgentMessage.user("Write")), seen::add);

    assertThat(speakers(result)).containsExactly("user", "writer", "review");
    assertThat(result.lastMessage()).isEqualTo(new AgentMessage.Text("review", "Facts ok"));
    assertThat(result.usage()).isEqualTo(new Usage(30, 15));
    // The inner team works on what the nested agent heard.
    assertThat(criticModel.lastRequest().messages())
        .containsExactly(ChatMessage.user("Write"), new ChatMessage.User("Draft", "writer"));
    assertThat(seen)
        .filteredOn(TeamEvent.Activity.class::isInstance)
        .map(e -> ((TeamEvent.Activity) e).event().source())
        .contains("critic", "factchecker");
    assertThat(seen)
        .filteredOn(TeamEvent.Message.class::isInstance)
        .map(e -> ((TeamEvent.Message) e).message().source())
        .containsExactly("user", "writer", "review");
  }

  @Test
  void aModelSummarisesTheInnerTranscriptAndItsUsageCounts() {
    Team reviewers =
        team(
            "reviewers",
            2,
            agent("critic", ReplayChatModel.ofTexts("Too long")),
            agent("factchecker", ReplayChatModel.ofTexts("Facts ok")));
    ReplayChatModel summaryModel =
        ReplayChatModel.builder().usage(new Usage(7, 3)).text("Shorten it; facts hold.").build();
    NestedChatAgent review =
        NestedChatAgent.builder("review")
            .team(reviewers)
            .summary(SummaryMethod.model(summaryModel, "Sum up the review."))
            .build();
    List<AgentEvent> events = new ArrayList<>();

    AgentResponse response =
        review.onMessages(
            List.of(AgentMessage.user("Write"), new AgentMessage.Text("writer", "Draft")),
            CancellationToken.none(),
            events::add);

    assertThat(response.message())
        .isEqualTo(new AgentMessage.Text("review", "Shorten it; facts hold."));
    assertThat(summaryModel.lastRequest().messages())
        .containsExactly(
            ChatMessage.system("Sum up the review."),
            ChatMessage.user(
                "user: Write\n\nwriter: Draft\n\ncritic: Too long\n\nfactchecker: Facts ok"));
    assertThat(response.usage()).isEqualTo(new Usage(27, 13));
    assertThat(events).last().isInstanceOf(AgentEvent.Answered.class);
    assertThat(events)
        .filteredOn(AgentEvent.ModelUsage.class::isInstance)
        .map(AgentEvent::source)
        .containsExactly("critic", "factchecker", "review");
    assertThat(review.description()).isEqualTo("reviewers team");
  }

  @Test
  void aModelSummaryInAnOuterTeamCountsTowardsTheOuterUsage() {
    Team reviewers = team("reviewers", 1, agent("critic", ReplayChatModel.ofTexts("Too long")));
    ReplayChatModel summaryModel =
        ReplayChatModel.builder().usage(new Usage(7, 3)).text("Cut it down.").build();
    NestedChatAgent review =
        NestedChatAgent.builder("review")
            .team(reviewers)
            .summary(SummaryMethod.model(summaryModel))
            .build();
    Team outer = team("writers", 2, agent("writer", ReplayChatModel.ofTexts("Draft")), review);

    TaskResult result = outer.run("Write");

    assertThat(result.lastMessage()).isEqualTo(new AgentMessage.Text("review", "Cut it down."));
    assertThat(result.usage()).isEqualTo(new Usage(27, 13));
    assertThat(summaryModel.lastRequest().messages().get(0))
        .isEqualTo(ChatMessage.system(SummaryMethod.DEFAULT_PROMPT));
  }

  @Test
  void anInnerFailureFailsTheNestedAgentNamingBoth() {
    Team reviewers =
        team(
            "reviewers",
            2,
            agent("critic", ReplayChatModel.ofTexts("Too long")),
            broken("factchecker", "source unreachable"));
    NestedChatAgent review = NestedChatAgent.builder("review").team(reviewers).build();
    Team outer = team("writers", 2, agent("writer", ReplayChatModel.ofTexts("Draft")), review);

    TeamRunException failed =
        catchThrowableOfType(() -> outer.run("Write"), TeamRunException.class);

    // The nested chat failed with its team's failure, which names the inner participant.
    assertThat(failed.participant()).isEqualTo("review");
    assertThat(failed.partialResult().stopReason())
        .contains("TeamRunException", "'reviewers'", "'factchecker'", "source unreachable");
    assertThat(failed.getCause()).isInstanceOf(TeamRunException.class);
    assertThat(speakers(failed.partialResult())).containsExactly("user", "writer");
  }

  @Test
  void calledDirectlyAnInnerFailureThrowsNamingBoth() {
    Team reviewers = team("reviewers", 1, broken("factchecker", "source unreachable"));
    NestedChatAgent review = NestedChatAgent.builder("review").team(reviewers).build();

    assertThatThrownBy(
            () ->
                review.onMessages(
                    List.of(AgentMessage.user("Check")), CancellationToken.none(), e -> {}))
        .isInstanceOf(TeamRunException.class)
        .hasMessage(
            "team 'reviewers' failed: 'factchecker' threw IllegalStateException: source"
                + " unreachable");
  }

  @Test
  void cancellationReachesTheInnerTeam() throws Exception {
    WatchedModel slow =
        new WatchedModel(
            ReplayChatModel.builder().text("late").delayed(Duration.ofMinutes(5)).build());
    Team reviewers =
        new Team(
            new TeamSpec(
                "reviewers",
                "",
                List.of(
                    AssistantAgent.builder("critic").systemMessage(null).model(slow).build()),
                new RoundRobin(),
                null,
                1,
                null));
    teams.add(reviewers);
    NestedChatAgent review = NestedChatAgent.builder("review").team(reviewers).build();
    CancellationToken token = new CancellationToken();

    CompletableFuture<AgentResponse> run =
        CompletableFuture.supplyAsync(
            () -> review.onMessages(List.of(AgentMessage.user("Check")), token, e -> {}));
    assertThat(slow.started.await(10, TimeUnit.SECONDS)).isTrue();
    token.cancel();

    assertThat(slow.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CancelledException.class);
  }

  @Test
  void theBuilderRejectsBadNamesAndAMissingTeam() {
    assertThatThrownBy(() -> NestedChatAgent.builder("two words"))
        .hasMessageContaining("'two words'");
    assertThatThrownBy(() -> NestedChatAgent.builder("review").build())
        .hasMessageContaining("nested chat 'review' needs a team");
    assertThatThrownBy(() -> SummaryMethod.model(ReplayChatModel.ofTexts(), " "))
        .hasMessageContaining("summary prompt is blank");
  }

  @Test
  void itsStateIsTheInnerTeamsConversationAndCarriesOnInAFreshOne() {
    ReplayChatModel criticModel = ReplayChatModel.ofTexts("Too long", "Better");
    NestedChatAgent original =
        NestedChatAgent.builder("review")
            .team(team("reviewers", 1, agent("critic", criticModel)))
            .build();
    original.onMessages(
        List.of(AgentMessage.user("Draft 1")), CancellationToken.none(), e -> {});
    JsonNode saved = State.parse(Json.write(original.saveState()));

    ReplayChatModel freshModel = ReplayChatModel.ofTexts("Better");
    NestedChatAgent fresh =
        NestedChatAgent.builder("review")
            .team(team("reviewers", 1, agent("critic", freshModel)))
            .build();
    fresh.loadState(saved);
    original.onMessages(
        List.of(AgentMessage.user("Draft 2")), CancellationToken.none(), e -> {});
    fresh.onMessages(
        List.of(AgentMessage.user("Draft 2")), CancellationToken.none(), e -> {});

    assertThat(freshModel.lastRequest()).isEqualTo(criticModel.lastRequest());
    NestedChatAgent other =
        NestedChatAgent.builder("other")
            .team(team("reviewers", 1, agent("critic", ReplayChatModel.ofTexts())))
            .build();
    assertThatThrownBy(() -> other.loadState(saved))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("nested chat 'review'");
  }
}
