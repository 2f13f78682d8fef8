package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.team.TeamRunException;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.event.TerminalEscapes;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.StateException;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UserProxyAgentTest {

  private static final List<AgentMessage> DRAFT =
      List.of(new AgentMessage.Text("writer", "Draft 1"));

  @Test
  void answersWithWhatThePersonTypedOnTheConsole() {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    HumanInput console =
        HumanInput.console(
            new ByteArrayInputStream("Shorter, please\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(shown, true, StandardCharsets.UTF_8));
    UserProxyAgent ann = UserProxyAgent.builder("ann").input(console).prompt("Feedback?").build();

    AgentResponse response = ann.onMessages(DRAFT, CancellationToken.none(), e -> {});

    assertThat(response.message()).isEqualTo(new AgentMessage.Text("ann", "Shorter, please"));
    assertThat(shown.toString(StandardCharsets.UTF_8)).isEqualTo("[writer] Draft 1\nFeedback? ");
  }

  @Test
  void theConsoleShowsAQuestionWithoutTheTerminalControlsOfItsMessages() {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    HumanInput console =
        HumanInput.console(
            new ByteArrayInputStream("ok\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(shown, true, StandardCharsets.UTF_8));
    UserProxyAgent ann =
        UserProxyAgent.builder("ann").input(console).prompt("Approve?\u001b]0;x\u0007").build();

    ann.onMessages(
        // The name leaves its title sequence open: it must hide nothing of the message.
        List.of(new AgentMessage.Text("writer\u001b]0;", TerminalEscapes.hostile())),
        CancellationToken.none(),
        e -> {});

    String text = shown.toString(StandardCharsets.UTF_8);
    assertThat(text).isEqualTo("[writer] " + TerminalEscapes.visible() + "\nApprove? ");
    assertThat(TerminalEscapes.forbidden(text)).isNull();
  }

  @Test
  void endOfConsoleInputIsAnErrorNamingTheProxy() {
    UserProxyAgent ann =
        UserProxyAgent.of(
            "ann",
            HumanInput.console(
                new BufferedReader(new StringReader("")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> ann.onMessages(DRAFT, CancellationToken.none(), e -> {}))
        .isInstanceOf(HumanInputException.class)
        .hasMessageContaining("user proxy 'ann' got no answer")
        .satisfies(e -> assertThat(((HumanInputException) e).agent()).isEqualTo("ann"));
  }

  @Test
  void callbackSeesTheQuestionAndTheProxyReportsWaitingThenItsAnswer() {
    List<Question> asked = new CopyOnWriteArrayList<>();
    UserProxyAgent ann =
        UserProxyAgent.builder("ann")
            .prompt("Feedback?")
            .input(
                HumanInput.callback(
                    q -> {
                      asked.add(q);
                      return "Looks good";
                    }))
            .build();
    List<AgentEvent> events = new CopyOnWriteArrayList<>();

    AgentResponse response = ann.onMessages(DRAFT, CancellationToken.none(), events::add);

    assertThat(asked).hasSize(1);
    Question question = asked.get(0);
    assertThat(question.agent()).isEqualTo("ann");
    assertThat(question.prompt()).isEqualTo("Feedback?");
    assertThat(question.context()).isEqualTo(DRAFT);
    AgentMessage answer = new AgentMessage.Text("ann", "Looks good");
    assertThat(events)
        .containsExactly(
            new AgentEvent.InputRequested("ann", question.id(), "Feedback?"),
            new AgentEvent.Answered("ann", answer, dev.cadre.model.Usage.ZERO));
    assertThat(response.events()).isEqualTo(events);
    assertThat(response.message()).isEqualTo(answer);
  }

  @Test
  void aBlankAnswerBecomesTheEmptyAnswerAndAFailingInputNamesTheProxy() {
    UserProxyAgent quiet = UserProxyAgent.of("quiet", HumanInput.callback(q -> "  "));
    UserProxyAgent broken =
        UserProxyAgent.of(
            "broken",
            HumanInput.callback(
                q -> {
                  throw new IllegalStateException("keyboard unplugged");
                }));

    assertThat(quiet.onMessages(DRAFT, CancellationToken.none(), e -> {}).text())
        .isEqualTo("(no input)");
    assertThatThrownBy(() -> broken.onMessages(DRAFT, CancellationToken.none(), e -> {}))
        .isInstanceOf(HumanInputException.class)
        .hasMessageContaining("'broken' could not get a person's answer")
        .hasMessageContaining("IllegalStateException: keyboard unplugged");
    assertThatThrownBy(() -> UserProxyAgent.builder("x").build())
        .hasMessageContaining("user proxy 'x' needs a HumanInput");
  }

  @Test
  void inboxHoldsTheQuestionUntilAnotherThreadAnswersIt() throws Exception {
    BlockingQueue<Question> arrived = new ArrayBlockingQueue<>(1);
    HumanInbox inbox = new HumanInbox(arrived::add);
    UserProxyAgent ann = UserProxyAgent.of("ann", inbox);
    List<AgentEvent> events = new CopyOnWriteArrayList<>();

    CompletableFuture<AgentResponse> turn =
        CompletableFuture.supplyAsync(
            () -> ann.onMessages(DRAFT, CancellationToken.none(), events::add));
    Question question = arrived.poll(10, TimeUnit.SECONDS);

    assertThat(question).isNotNull();
    assertThat(inbox.pending()).containsExactly(question);
    assertThat(events)
        .containsExactly(new AgentEvent.InputRequested("ann", question.id(), "Your answer:"));
    assertThat(turn).isNotDone();
    inbox.answer(question.id(), "Ship it");
    assertThat(turn.get(10, TimeUnit.SECONDS).message())
        .isEqualTo(new AgentMessage.Text("ann", "Ship it"));
    assertThat(inbox.pending()).isEmpty();
    assertThatThrownBy(() -> inbox.answer(question.id(), "again"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no question '" + question.id() + "' is waiting");
  }

  @Test
  void cancellingTheTurnStopsTheWaitAndTakesTheQuestionOutOfTheInbox() throws Exception {
    BlockingQueue<Question> arrived = new ArrayBlockingQueue<>(1);
    HumanInbox inbox = new HumanInbox(arrived::add);
    UserProxyAgent ann = UserProxyAgent.of("ann", inbox);
    CancellationToken token = new CancellationToken();

    CompletableFuture<AgentResponse> turn =
        CompletableFuture.supplyAsync(() -> ann.onMessages(DRAFT, token, e -> {}));
    Question question = arrived.poll(10, TimeUnit.SECONDS);
    assertThat(inbox.pending()).containsExactly(question);
    token.cancel();

    assertThatThrownBy(() -> turn.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CancelledException.class);
    assertThat(inbox.pending()).isEmpty();
    assertThatThrownBy(() -> inbox.answer(question.id(), "late"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stateHoldsOnlyTheNameAndLoadsOnlyIntoTheSameProxy() {
    UserProxyAgent ann = UserProxyAgent.of("ann", HumanInput.callback(q -> "x"));
    JsonNode state = ann.saveState();

    assertThat(state.get("kind").asText()).isEqualTo("user_proxy");
    UserProxyAgent.of("ann", HumanInput.callback(q -> "y")).loadState(state);
    UserProxyAgent bob = UserProxyAgent.of("bob", HumanInput.callback(q -> "y"));
    assertThatThrownBy(() -> bob.loadState(state))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("user proxy 'ann'");
  }

  private static Team team(ChatAgent... participants) {
    return new Team(
        new TeamSpec(
            "review",
            "",
            List.of(participants),
            new RoundRobin(),
            Terminations.textMention("APPROVE"),
            10,
            null));
  }

  private static AssistantAgent writer(ReplayChatModel model) {
    return AssistantAgent.builder("writer").systemMessage(null).model(model).build();
  }

  @Test
  void inATeamThePersonTakesTurnsWithTheAssistant() {
    ReplayChatModel model = ReplayChatModel.ofTexts("Draft 1", "Draft 2");
    List<String> answers = new CopyOnWriteArrayList<>(List.of("Too long", "APPROVE"));
    UserProxyAgent ann = UserProxyAgent.of("ann", HumanInput.callback(q -> answers.remove(0)));

    try (Team team = team(writer(model), ann)) {
      TaskResult result = team.run("Write a haiku");

      assertThat(result.messages().stream().map(m -> m.source() + ": " + m.content()))
          .containsExactly(
              "user: Write a haiku",
              "writer: Draft 1",
              "ann: Too long",
              "writer: Draft 2",
              "ann: APPROVE");
      assertThat(result.stopReason()).contains("APPROVE");
      assertThat(model.lastRequest().messages()).contains(new ChatMessage.User("Too long", "ann"));
    }
  }

  @Test
  void inATeamThePersonAnswersThroughTheInboxFromAnotherThread() throws Exception {
    BlockingQueue<Question> arrived = new ArrayBlockingQueue<>(1);
    HumanInbox inbox = new HumanInbox(arrived::add);
    ReplayChatModel model = ReplayChatModel.ofTexts("Draft 1");

    try (Team team = team(writer(model), UserProxyAgent.of("ann", inbox))) {
      CompletableFuture<TaskResult> run = team.runAsync("Write a haiku");
      Question question = arrived.poll(10, TimeUnit.SECONDS);
      // Its first turn: the person sees the task and everything said since.
      assertThat(question.context())
          .containsExactly(
              AgentMessage.user("Write a haiku"), new AgentMessage.Text("writer", "Draft 1"));
      Thread answering = new Thread(() -> inbox.answer(question.id(), "APPROVE"));
      answering.start();

      TaskResult result = run.get(10, TimeUnit.SECONDS);
      answering.join(10_000);

      assertThat(result.messages().stream().map(AgentMessage::source))
          .containsExactly("user", "writer", "ann");
      assertThat(result.stopReason()).contains("APPROVE");
    }
  }

  @Test
  void aPausingProxyOutsideADurableRunFailsTheRunSayingWhatPausingNeeds() {
    ReplayChatModel model = ReplayChatModel.ofTexts("Draft 1");
    UserProxyAgent ann = UserProxyAgent.of("ann", HumanInput.pause());

    try (Team team = team(writer(model), ann)) {
      TeamRunException failed =
          catchThrowableOfType(() -> team.run("Write a haiku"), TeamRunException.class);

      assertThat(failed.partialResult().paused()).isFalse();
      assertThat(failed.participant()).isEqualTo("ann");
      assertThat(failed.partialResult().stopReason())
          .contains("HumanInputPending", "only works in a durable team run", "Team.resume");
    }
  }

  @Test
  void answerWithAnswersAsTheProxyWithoutAsking() {
    UserProxyAgent ann =
        UserProxyAgent.builder("ann")
            .input(
                (question, cancellation) -> {
                  throw new AssertionError("asked");
                })
            .emptyAnswer("(nothing)")
            .build();
    List<AgentEvent> events = new CopyOnWriteArrayList<>();

    assertThat(ann.answerWith("Lisbon", events::add).message())
        .isEqualTo(new AgentMessage.Text("ann", "Lisbon"));
    assertThat(ann.answerWith("  ", e -> {}).message())
        .isEqualTo(new AgentMessage.Text("ann", "(nothing)"));
    assertThat(events).singleElement().isInstanceOf(AgentEvent.Answered.class);
  }

  @Test // AutoGen test_handoff_handling
  void aHandoffToTheProxyIsAnsweredWithAHandoffBackToWhoeverHandedOff() {
    List<Question> asked = new CopyOnWriteArrayList<>();
    UserProxyAgent client =
        UserProxyAgent.of(
            "client",
            HumanInput.callback(
                question -> {
                  asked.add(question);
                  return "handoff response";
                }));
    List<AgentEvent> events = new CopyOnWriteArrayList<>();
    AgentMessage.Handoff toClient =
        new AgentMessage.Handoff("assistant", "client", "Handing off to client", List.of());

    AgentResponse handedBack =
        client.onMessages(
            List.of(new AgentMessage.Text("assistant", "Initial message"), toClient),
            CancellationToken.none(),
            events::add);

    assertThat(handedBack.message())
        .isEqualTo(new AgentMessage.Handoff("client", "assistant", "handoff response", List.of()));
    assertThat(asked)
        .singleElement()
        .extracting(Question::prompt)
        .isEqualTo("Handoff received from assistant. Your answer:");
    assertThat(events.get(0))
        .isEqualTo(
            new AgentEvent.InputRequested(
                "client", asked.get(0).id(), "Handoff received from assistant. Your answer:"));

    // A handoff followed by text, or a handoff to someone else, is answered with text. (AutoGen
    // raises on the latter; here a team that ignores handoffs goes on.)
    AgentMessage.Handoff toOther =
        new AgentMessage.Handoff("assistant", "other_agent", "Handing off", List.of());
    assertThat(
            client
                .onMessages(
                    List.of(toClient, new AgentMessage.Text("assistant", "More")),
                    CancellationToken.none(),
                    e -> {})
                .message())
        .isEqualTo(new AgentMessage.Text("client", "handoff response"));
    assertThat(client.onMessages(List.of(toOther), CancellationToken.none(), e -> {}).message())
        .isEqualTo(new AgentMessage.Text("client", "handoff response"));
    assertThat(asked.get(2).prompt()).isEqualTo("Your answer:");
  }

  @Test
  void answerWithHandsBackWhenTheTurnWasAHandoffToTheProxy() {
    UserProxyAgent ann =
        UserProxyAgent.builder("ann")
            .input(
                (question, cancellation) -> {
                  throw new AssertionError("asked");
                })
            .build();
    List<AgentMessage> handedOver =
        List.of(new AgentMessage.Handoff("desk", "ann", "Which city?", List.of()));

    assertThat(ann.answerWith(handedOver, "Lisbon", e -> {}).message())
        .isEqualTo(new AgentMessage.Handoff("ann", "desk", "Lisbon", List.of()));
    assertThat(ann.answerWith(DRAFT, "Lisbon", e -> {}).message())
        .isEqualTo(new AgentMessage.Text("ann", "Lisbon"));
  }
}
