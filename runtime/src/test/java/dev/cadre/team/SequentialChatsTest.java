package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.cadre.WatchedModel;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SequentialChatsTest {

  private final List<Team> teams = new ArrayList<>();

  @AfterEach
  void close() {
    teams.forEach(Team::close);
  }

  private static AssistantAgent agent(String name, ChatModel model) {
    return AssistantAgent.builder(name)
        .description(name + " agent")
        .systemMessage(null)
        .model(model)
        .build();
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

  private static ChatAgent broken(String name) {
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
        throw new IllegalStateException("disk full");
      }

      @Override
      public void reset() {}
    };
  }

  @Test
  void eachChatGetsTheSummaryOfTheOneBefore() {
    Team research =
        team(
            "research",
            2,
            agent("searcher", ReplayChatModel.ofTexts("Found A and B")),
            agent("analyst", ReplayChatModel.ofTexts("A matters, B does not")));
    ReplayChatModel writerModel = ReplayChatModel.ofTexts("Article about A");
    ReplayChatModel editorModel = ReplayChatModel.ofTexts("Edited article about A");
    SequentialChats chain =
        SequentialChats.builder()
            .chat(research, "Research batteries")
            .chat(agent("writer", writerModel), "Write an article from these notes:\n{summary}")
            .chat(agent("editor", editorModel), "Polish the article.")
            .build();
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    SequentialChats.Result result = chain.run(CancellationToken.none(), events::add);

    assertThat(result.failed()).isFalse();
    assertThat(writerModel.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("Write an article from these notes:\nA matters, B does not"));
    assertThat(editorModel.lastRequest().messages())
        .containsExactly(
            ChatMessage.user(
                "Polish the article.\n\nContext from the previous chat:\nArticle about A"));
    assertThat(result.chats())
        .extracting(SequentialChats.ChatResult::step, SequentialChats.ChatResult::agent)
        .containsExactly(
            tuple(1, "research"),
            tuple(2, "writer"),
            tuple(3, "editor"));
    assertThat(result.chats().get(0).messages())
        .extracting(AgentMessage::source)
        .containsExactly("user", "searcher", "analyst");
    assertThat(result.chats().get(1).messages())
        .containsExactly(
            AgentMessage.user("Write an article from these notes:\nA matters, B does not"),
            new AgentMessage.Text("writer", "Article about A"));
    assertThat(result.chats().get(1).usage()).isEqualTo(new Usage(10, 5));
    assertThat(result.summary()).isEqualTo("Edited article about A");
    assertThat(result.usage()).isEqualTo(new Usage(40, 20));
    assertThat(events)
        .filteredOn(TeamEvent.Message.class::isInstance)
        .map(e -> ((TeamEvent.Message) e).message().source())
        .containsExactly("user", "searcher", "analyst", "user", "writer", "user", "editor");
    assertThat(events).noneMatch(TeamEvent.Finished.class::isInstance);
  }

  @Test
  void aModelWritesTheSummaryThatCarriesOver() {
    ReplayChatModel summaryModel =
        ReplayChatModel.builder().usage(new Usage(7, 3)).text("Key fact: A.").build();
    ReplayChatModel writerModel = ReplayChatModel.ofTexts("Article");
    SequentialChats chain =
        SequentialChats.builder()
            .chat(
                agent("researcher", ReplayChatModel.ofTexts("Long notes about A and more")),
                "Research batteries",
                SummaryMethod.model(summaryModel, "List the key facts."))
            .chat(agent("writer", writerModel), "Write from: {summary}")
            .build();

    SequentialChats.Result result = chain.run();

    assertThat(summaryModel.lastRequest().messages())
        .containsExactly(
            ChatMessage.system("List the key facts."),
            ChatMessage.user(
                "user: Research batteries\n\nresearcher: Long notes about A and more"));
    assertThat(writerModel.lastRequest().messages())
        .containsExactly(ChatMessage.user("Write from: Key fact: A."));
    assertThat(result.chats().get(0).summary()).isEqualTo("Key fact: A.");
    assertThat(result.chats().get(0).usage()).isEqualTo(new Usage(17, 8));
    assertThat(result.usage()).isEqualTo(new Usage(27, 13));
    assertThat(result.summary()).isEqualTo("Article");
  }

  @Test
  void previousPlacesEveryEarlierSummaryInOrder() {
    ReplayChatModel judgeModel = ReplayChatModel.ofTexts("B wins");
    SequentialChats chain =
        SequentialChats.builder()
            .chat(agent("pro", ReplayChatModel.ofTexts("A is best")), "Argue for A")
            .chat(agent("con", ReplayChatModel.ofTexts("B is best")), "Argue against: {summary}")
            .chat(agent("judge", judgeModel), "Decide between:\n{previous}")
            .build();

    chain.run();

    assertThat(judgeModel.lastRequest().messages())
        .containsExactly(ChatMessage.user("Decide between:\npro: A is best\n\ncon: B is best"));
  }

  @Test
  void aFailingChatStopsTheChainAndKeepsEarlierResults() {
    ReplayChatModel publisherModel = ReplayChatModel.ofTexts("never");
    Team drafting =
        team(
            "drafting", 2, agent("drafter", ReplayChatModel.ofTexts("Draft 1")), broken("checker"));
    SequentialChats chain =
        SequentialChats.builder()
            .chat(agent("researcher", ReplayChatModel.ofTexts("Facts")), "Research")
            .chat(drafting, "Draft from {summary}")
            .chat(agent("publisher", publisherModel), "Publish")
            .build();

    SequentialChats.Result result = chain.run();

    assertThat(result.failed()).isTrue();
    assertThat(result.failure().step()).isEqualTo(2);
    assertThat(result.failure().agent()).isEqualTo("drafting");
    assertThat(result.failure().error()).contains("'checker'", "disk full");
    assertThat(result.failure().messages())
        .extracting(AgentMessage::source)
        .containsExactly("user", "drafter");
    assertThat(result.chats()).hasSize(1);
    assertThat(result.chats().get(0).summary()).isEqualTo("Facts");
    assertThat(result.summary()).isNull();
    assertThat(result.usage()).isEqualTo(new Usage(20, 10));
    assertThat(publisherModel.requests()).isEmpty();
  }

  @Test
  void anAgentThatThrowsIsReportedWithItsStep() {
    SequentialChats chain =
        SequentialChats.builder()
            .chat(agent("researcher", ReplayChatModel.ofTexts("Facts")), "Research")
            .chat(broken("writer"), "Write")
            .build();

    SequentialChats.Result result = chain.run();

    assertThat(result.failure())
        .isEqualTo(
            new SequentialChats.Failure(
                2,
                "writer",
                "IllegalStateException: disk full",
                List.of(AgentMessage.user("Write\n\nContext from the previous chat:\nFacts"))));
  }

  @Test
  void cancellingStopsTheRunningChat() throws Exception {
    WatchedModel slow =
        new WatchedModel(
            ReplayChatModel.builder().text("late").delayed(Duration.ofMinutes(5)).build());
    SequentialChats chain =
        SequentialChats.builder()
            .chat(agent("researcher", ReplayChatModel.ofTexts("Facts")), "Research")
            .chat(agent("writer", slow), "Write")
            .build();
    CancellationToken token = new CancellationToken();

    CompletableFuture<SequentialChats.Result> run =
        CompletableFuture.supplyAsync(() -> chain.run(token, event -> {}));
    assertThat(slow.started.await(10, TimeUnit.SECONDS)).isTrue();
    token.cancel();

    assertThat(slow.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(CancelledException.class)
        .hasMessageContaining("chat 2 (writer)");
  }

  @Test
  void theFirstChatCannotPlaceACarryOver() {
    assertThatThrownBy(
            () ->
                SequentialChats.builder()
                    .chat(agent("writer", ReplayChatModel.ofTexts()), "Write from {summary}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat 1 (writer)");
    assertThatThrownBy(() -> SequentialChats.builder().build())
        .hasMessageContaining("at least one chat");
  }
}
