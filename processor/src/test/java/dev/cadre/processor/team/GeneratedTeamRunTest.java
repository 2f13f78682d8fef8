package dev.cadre.processor.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.testing.compile.Compilation;
import dev.cadre.team.TeamRunException;
import dev.cadre.team.MagenticOne;
import dev.cadre.team.StopReason;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.processor.team.TeamCompiler.StandIn;
import dev.cadre.processor.team.TeamSystems.Sources;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Generated teams run: each test compiles a team, loads the generated classes, builds the team
 * through its generated builder with the replay model, and calls its entry methods. The test
 * reaches the in-memory classes through reflection, as it cannot name them; the generated code
 * itself uses none.
 */
class GeneratedTeamRunTest {

  @Test
  void roundRobinRendersThePromptAndAnswersWithTheLastMessage() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.roundRobin());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model = ReplayChatModel.ofTexts("An old silent pond", "APPROVE");

    try (AutoCloseable desk = writingDesk(loader, model)) {
      Object answer = call(desk, "write", new Class<?>[] {String.class}, "frogs");

      assertThat(answer).isEqualTo("APPROVE");
      assertThat(userTexts(model.requests().get(0))).containsExactly("Write a haiku about frogs");
      assertThat(model.requests().get(1).messages().toString()).contains("An old silent pond");
    }
  }

  @Test
  void entryMethodsReturnTheTaskResultOrAFuture() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.roundRobin());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model = ReplayChatModel.ofTexts("draft", "APPROVE", "three haiku", "APPROVE");

    try (AutoCloseable desk = writingDesk(loader, model)) {
      TaskResult result =
          (TaskResult) call(desk, "run", new Class<?>[] {String.class}, "Write about rain");
      CompletableFuture<?> many =
          (CompletableFuture<?>)
              call(desk, "writeMany", new Class<?>[] {int.class, String.class}, 3, "snow");

      assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
      assertThat(result.messages())
          .extracting(AgentMessage::source, AgentMessage::content)
          .containsExactly(
              tuple("user", "Write about rain"),
              tuple("writer", "draft"),
              tuple("critic", "APPROVE"));
      assertThat(many.get(10, TimeUnit.SECONDS)).isEqualTo("APPROVE");
      assertThat(userTexts(model.requests().get(2))).contains("Write 3 haiku about snow");
      Team team = (Team) call(desk, "team", new Class<?>[0]);
      assertThat(team.name()).isEqualTo("writing_desk");
      assertThat(team.description()).isEqualTo("Writes and critiques haiku");
    }
  }

  @Test
  void aMethodWithoutPromptOrParametersContinuesTheConversation() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.roundRobin());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model =
        ReplayChatModel.ofTexts("An old silent pond", "APPROVE", "A frog", "APPROVE again");

    try (AutoCloseable desk = writingDesk(loader, model)) {
      call(desk, "write", new Class<?>[] {String.class}, "frogs");
      Object next = call(desk, "carryOn", new Class<?>[0]);

      // The writer's turn is next: it hears the critic, with no new task; then the critic.
      assertThat(next).isEqualTo("APPROVE again");
      assertThat(model.requests().get(2).messages()).hasSize(4);
      assertThat(model.requests().get(2).messages().get(3))
          .isEqualTo(new ChatMessage.User("APPROVE", "critic"));
      assertThat(model.lastRequest().messages().get(model.lastRequest().messages().size() - 1))
          .isEqualTo(new ChatMessage.User("A frog", "writer"));
    }
  }

  @Test
  void aFailedRunFailsAStringEntryMethodNamingTheParticipant() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.roundRobin());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model = ReplayChatModel.ofTexts("a draft, then the script runs out");

    try (AutoCloseable desk = writingDesk(loader, model)) {
      assertThatThrownBy(() -> call(desk, "write", new Class<?>[] {String.class}, "frogs"))
          .isInstanceOf(TeamRunException.class)
          .hasMessageStartingWith("team 'writing_desk' failed: 'critic' threw ")
          .hasMessageContaining("the script has no reply left");
    }
  }

  @Test
  void buildNamesEveryMissingDependency() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.roundRobin());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    Object builder = call(loader.loadClass("test.CadreWritingDesk"), "builder", new Class<?>[0]);

    assertThatThrownBy(() -> call(builder, "build", new Class<?>[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "CadreWritingDesk needs model(ChatModel) for writer, critic; weatherTools(WeatherTools)"
                + " for writer; set them on its builder");
  }

  @Test
  void anUnknownModelKeyFailsAtOnce() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.selector());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    Object builder = call(loader.loadClass("test.CadreHelpDesk"), "builder", new Class<?>[0]);

    assertThatThrownBy(
            () ->
                call(
                    builder,
                    "model",
                    new Class<?>[] {String.class, ChatModel.class},
                    "fats",
                    ReplayChatModel.ofTexts()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("team 'help_desk' names no model key 'fats'; its keys are smart, fast");
  }

  @Test
  void graphFollowsConditionalEdgesThroughABoundedLoopWithANestedTeamAndKeyedModels()
      throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.graph());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model =
        ReplayChatModel.ofTexts("tides follow the moon", "draft 1", "REVISE", "draft 2", "APPROVE");
    ReplayChatModel fast = ReplayChatModel.ofTexts("published");
    Object builder = call(loader.loadClass("test.CadreNewsroom"), "builder", new Class<?>[0]);
    call(builder, "model", new Class<?>[] {ChatModel.class}, model);
    call(builder, "model", new Class<?>[] {String.class, ChatModel.class}, "fast", fast);

    try (AutoCloseable newsroom = (AutoCloseable) call(builder, "build", new Class<?>[0])) {
      TaskResult result =
          (TaskResult) call(newsroom, "story", new Class<?>[] {String.class}, "tides");

      assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);
      // The nested research team's message joins the conversation as its agent's.
      assertThat(result.messages())
          .extracting(AgentMessage::source)
          .containsExactly("user", "web", "writer", "critic", "writer", "critic", "publisher");
      assertThat(result.lastMessage().content()).isEqualTo("published");
      assertThat(userTexts(model.requests().get(0))).containsExactly("Write a story about tides");
      assertThat(model.remaining()).isZero();
      assertThat(fast.remaining()).isZero();
    }
  }

  @Test
  void magenticOneOrchestratesOnItsKeyedModelWithTheAnnotationsBounds() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.magenticOne());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    String ledger =
        "{\"is_request_satisfied\": {\"reason\": \"-\", \"answer\": %s},"
            + " \"is_in_loop\": {\"reason\": \"-\", \"answer\": false},"
            + " \"is_progress_being_made\": {\"reason\": \"-\", \"answer\": true},"
            + " \"next_speaker\": {\"reason\": \"-\", \"answer\": \"coder\"},"
            + " \"instruction_or_question\": {\"reason\": \"-\", \"answer\": \"Sum it.\"}}";
    ReplayChatModel planner =
        ReplayChatModel.ofTexts(
            "Facts.",
            "Plan.",
            String.format(ledger, "false"),
            String.format(ledger, "true"),
            "East sold most.");
    ReplayChatModel model = ReplayChatModel.ofTexts("East: 56118.50");
    Object builder = call(loader.loadClass("test.CadreSalesDesk"), "builder", new Class<?>[0]);
    call(builder, "model", new Class<?>[] {ChatModel.class}, model);
    call(builder, "model", new Class<?>[] {String.class, ChatModel.class}, "planner", planner);

    try (AutoCloseable desk = (AutoCloseable) call(builder, "build", new Class<?>[0])) {
      Object answer = call(desk, "ask", new Class<?>[] {String.class}, "Who sold most?");

      assertThat(answer).isEqualTo("East sold most.");
      assertThat(planner.remaining()).isZero();
      assertThat(model.remaining()).isZero();
      Team team = (Team) call(desk, "team", new Class<?>[0]);
      MagenticOne orchestrator = (MagenticOne) team.spec().selector();
      assertThat(orchestrator.maxStalls()).isEqualTo(2);
      assertThat(orchestrator.maxReplans()).isEqualTo(3);
      assertThat(orchestrator.maxTurns()).isEqualTo(12);
    }
  }

  @Test
  void swarmHandsOffThroughTheAgentsHandoffs() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.swarm());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("transfer_to_refunds", "{}")
            .text("Refund issued. RESOLVED")
            .build();
    Object builder = call(loader.loadClass("test.CadreTriage"), "builder", new Class<?>[0]);
    call(builder, "model", new Class<?>[] {ChatModel.class}, model);

    try (AutoCloseable triage = (AutoCloseable) call(builder, "build", new Class<?>[0])) {
      TaskResult result =
          (TaskResult)
              call(
                  triage,
                  "handle",
                  new Class<?>[] {String.class, String.class},
                  "ada",
                  "Refund my order");

      assertThat(result.lastMessage().source()).isEqualTo("refunds");
      assertThat(result.lastMessage().content()).isEqualTo("Refund issued. RESOLVED");
      assertThat(userTexts(model.requests().get(0)))
          .containsExactly("Customer ada writes: Refund my order");
    }
  }

  @Test
  void aRecordAnswerIsReadFromTheLastMessagesJsonFencedOrNot() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.typed());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "draft 1",
            "{\"verdict\": \"good\", \"score\": 8, \"notes\": [\"tighten\", \"retitle\"]}",
            "draft 2",
            "```json\n{\"verdict\": \"better\", \"score\": 9, \"notes\": []}\n```");

    try (AutoCloseable desk = reviewDesk(loader, model)) {
      Object first = call(desk, "review", new Class<?>[] {String.class}, "tides");
      Object second = call(desk, "review", new Class<?>[] {String.class}, "moons");

      assertThat(first.getClass().getName()).isEqualTo("test.Review");
      assertThat(first).hasToString("Review[verdict=good, score=8, notes=[tighten, retitle]]");
      assertThat(second).hasToString("Review[verdict=better, score=9, notes=[]]");
      assertThat(userTexts(model.requests().get(0))).containsExactly("Review a draft about tides");
      assertThat(model.remaining()).isZero();
    }
  }

  @Test
  void anEnumAnswerIsReadFromAValueObjectAStringOrABareWord() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.typed());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "draft 1", "{\"value\": \"REVISE\"}", "draft 2", "\"APPROVE\"", "draft 3", "APPROVE");

    try (AutoCloseable desk = reviewDesk(loader, model)) {
      Object wrapped = call(desk, "judge", new Class<?>[] {String.class}, "tides");
      Object string = call(desk, "judge", new Class<?>[] {String.class}, "moons");
      CompletableFuture<?> later =
          (CompletableFuture<?>) call(desk, "judgeLater", new Class<?>[] {String.class}, "stars");

      assertThat(wrapped.getClass().getName()).isEqualTo("test.Verdict");
      assertThat(((Enum<?>) wrapped).name()).isEqualTo("REVISE");
      assertThat(((Enum<?>) string).name()).isEqualTo("APPROVE");
      assertThat(((Enum<?>) later.get(10, TimeUnit.SECONDS)).name()).isEqualTo("APPROVE");
      assertThat(userTexts(model.requests().get(4))).contains("Judge a draft about stars, later");
    }
  }

  @Test
  void textThatIsNotJsonOfTheTypeFailsNamingTheTeamTheSpeakerAndQuotingTheText() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.typed());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    String longProse = "Looks good to me. ".repeat(20);
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "draft 1",
            "Looks good to me, ship it.",
            "draft 2",
            "{\"verdict\": \"good\", \"notes\": []}",
            "draft 3",
            "{\"verdict\": \"good\", \"score\": 8, \"notes\": []} Hope that helps!",
            "draft 4",
            "MAYBE",
            "draft 5",
            longProse);

    try (AutoCloseable desk = reviewDesk(loader, model)) {
      assertThatThrownBy(() -> call(desk, "review", new Class<?>[] {String.class}, "a"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "team 'review_desk' cannot read its last message, from 'critic', as Review: it is"
                  + " not JSON (Unrecognized token 'Looks'")
          .hasMessageEndingWith(
              "; the message: \"Looks good to me, ship it.\"; have 'critic' answer with only the"
                  + " JSON of Review, e.g. by saying so in its system message")
          .hasCauseInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> call(desk, "review", new Class<?>[] {String.class}, "b"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "team 'review_desk' cannot read its last message, from 'critic', as Review: missing"
                  + " required argument 'score'; the message: \"{\"verdict\": \"good\","
                  + " \"notes\": []}\"; have 'critic' answer with only the JSON of Review, e.g. by"
                  + " saying so in its system message");
      // Text after the JSON makes the whole message no answer.
      assertThatThrownBy(() -> call(desk, "review", new Class<?>[] {String.class}, "c"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("as Review: it is not JSON (Unrecognized token 'Hope'");
      assertThatThrownBy(() -> call(desk, "judge", new Class<?>[] {String.class}, "d"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "team 'review_desk' cannot read its last message, from 'critic', as Verdict: the"
                  + " value must be one of [APPROVE, REVISE], got \"MAYBE\"; the message:"
                  + " \"MAYBE\"");
      assertThatThrownBy(() -> call(desk, "review", new Class<?>[] {String.class}, "e"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "; the message: \"" + longProse.substring(0, 197) + "...\"; have 'critic'");
    }
  }

  @Test
  void aFailedRunFailsATypedEntryMethodNamingTheParticipant() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.typed());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model = ReplayChatModel.ofTexts("a draft, then the script runs out");

    try (AutoCloseable desk = reviewDesk(loader, model)) {
      CompletableFuture<?> later =
          (CompletableFuture<?>) call(desk, "judgeLater", new Class<?>[] {String.class}, "tides");

      assertThatThrownBy(() -> later.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TeamRunException.class)
          .cause()
          .hasMessageStartingWith("team 'review_desk' failed: 'critic' threw ")
          .hasMessageContaining("the script has no reply left");
    }
  }

  @Test
  void theBuilderTakesKeyedModelsOnlyWhenTheTeamOrANestedTeamNamesKeys() throws Exception {
    Sources system =
        new Sources(
            List.of(
                TeamSystems.type(
                    "Fact",
                    "@Agent(description = \"Checks facts\", model = \"fast\")",
                    "public interface Fact {}"),
                TeamSystems.type(
                    "Writer", "@Agent(description = \"Writes\")", "public interface Writer {}"),
                TeamSystems.type(
                    "Checks",
                    "@GroupChat(description = \"Checks\", participants = Fact.class,"
                        + " maxMessages = 2)",
                    "public interface Checks {}"),
                TeamSystems.type(
                    "Notes",
                    "@GroupChat(description = \"Notes\", participants = Writer.class,"
                        + " maxMessages = 2)",
                    "public interface Notes {}"),
                TeamSystems.type(
                    "Desk",
                    "@GroupChat(participants = {Notes.class, Checks.class}, maxMessages = 3)",
                    "public interface Desk {}")),
            List.of());
    ClassLoader loader = TeamCompiler.classLoader(GroupChatGenerationTest.compileStrict(system));
    Class<?> notes = loader.loadClass("test.CadreNotes$Builder");
    Class<?> desk = loader.loadClass("test.CadreDesk$Builder");
    Object builder = call(loader.loadClass("test.CadreDesk"), "builder", new Class<?>[0]);

    assertThatThrownBy(() -> notes.getMethod("model", String.class, ChatModel.class))
        .isInstanceOf(NoSuchMethodException.class);
    assertThat(notes.getMethod("model", ChatModel.class)).isNotNull();
    assertThat(desk.getMethod("model", String.class, ChatModel.class)).isNotNull();
    assertThatThrownBy(
            () ->
                call(
                    builder,
                    "model",
                    new Class<?>[] {String.class, ChatModel.class},
                    "smart",
                    ReplayChatModel.ofTexts()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("team 'desk' names no model key 'smart'; its keys are fast");
  }

  @Test
  void emitTeamEventsPutsEachChoiceOfSpeakersInTheResultsTimeline() throws Exception {
    Sources system =
        new Sources(
            List.of(
                TeamSystems.type(
                    "Drafter", "@Agent(description = \"Drafts\")", "public interface Drafter {}"),
                TeamSystems.type(
                    "Checker", "@Agent(description = \"Checks\")", "public interface Checker {}"),
                TeamSystems.type(
                    "Loud",
                    "@GroupChat(participants = {Drafter.class, Checker.class}, maxMessages = 3,"
                        + " emitTeamEvents = true)",
                    "public interface Loud {",
                    "  TaskResult run(String task);",
                    "}"),
                TeamSystems.type(
                    "Quiet",
                    "@GroupChat(participants = {Drafter.class, Checker.class}, maxMessages = 3)",
                    "public interface Quiet {",
                    "  TaskResult run(String task);",
                    "}")),
            List.of(
                StandIn.agent("test.Drafter", "drafter").description("Drafts"),
                StandIn.agent("test.Checker", "checker").description("Checks")));
    Compilation compilation = GroupChatGenerationTest.compileStrict(system);
    ClassLoader loader = TeamCompiler.classLoader(compilation);

    assertThat(TeamCompiler.text(compilation.generatedSourceFile("test.CadreLoud").orElseThrow()))
        .contains(".termination(Terminations.maxMessages(3))\n                .emitTeamEvents(true);");
    assertThat(TeamCompiler.text(compilation.generatedSourceFile("test.CadreQuiet").orElseThrow()))
        .doesNotContain("emitTeamEvents");
    assertThat(timelineOf(loader, "test.CadreLoud"))
        .containsExactly(
            "message user: rain",
            "speakers [drafter]",
            "message drafter: a draft",
            "speakers [checker]",
            "message checker: fine");
    assertThat(timelineOf(loader, "test.CadreQuiet"))
        .containsExactly("message user: rain", "message drafter: a draft", "message checker: fine");
  }

  /**
   * Given a runtime, a generated team makes its agents from a factory of its spec (as a
   * distributed runtime needs): the team runs there as it runs on a runtime of its own.
   */
  @Test
  void aGeneratedTeamGivenARuntimeRunsFromAFactoryOfItsSpecAsOnItsOwn() throws Exception {
    Sources system =
        new Sources(
            List.of(
                TeamSystems.type(
                    "Drafter", "@Agent(description = \"Drafts\")", "public interface Drafter {}"),
                TeamSystems.type(
                    "Checker", "@Agent(description = \"Checks\")", "public interface Checker {}"),
                TeamSystems.type(
                    "Pair",
                    "@GroupChat(participants = {Drafter.class, Checker.class}, maxMessages = 3)",
                    "public interface Pair {",
                    "  TaskResult run(String task);",
                    "}")),
            List.of(
                StandIn.agent("test.Drafter", "drafter").description("Drafts"),
                StandIn.agent("test.Checker", "checker").description("Checks")));
    Compilation compilation = GroupChatGenerationTest.compileStrict(system);
    ClassLoader loader = TeamCompiler.classLoader(compilation);

    assertThat(TeamCompiler.text(compilation.generatedSourceFile("test.CadrePair").orElseThrow()))
        .contains("runtime == null ? team.get().build() : Cadre.distributed(team)");
    try (dev.cadre.core.InProcessRuntime runtime = new dev.cadre.core.InProcessRuntime()) {
      assertThat(timelineOf(loader, "test.CadrePair", runtime))
          .containsExactly(
              "message user: rain", "message drafter: a draft", "message checker: fine");
    }
    assertThat(timelineOf(loader, "test.CadrePair"))
        .containsExactly("message user: rain", "message drafter: a draft", "message checker: fine");
  }

  /** The timeline of a run of the team {@code generated}, its agents on a two-reply script. */
  private static List<String> timelineOf(ClassLoader loader, String generated) throws Exception {
    return timelineOf(loader, generated, null);
  }

  /** As above, on {@code runtime} (null: the team's own). */
  private static List<String> timelineOf(
      ClassLoader loader, String generated, dev.cadre.core.AgentRuntime runtime) throws Exception {
    Object builder = call(loader.loadClass(generated), "builder", new Class<?>[0]);
    ChatModel model = ReplayChatModel.ofTexts("a draft", "fine");
    call(builder, "model", new Class<?>[] {ChatModel.class}, model);
    if (runtime != null) {
      call(builder, "runtime", new Class<?>[] {dev.cadre.core.AgentRuntime.class}, runtime);
    }
    try (AutoCloseable team = (AutoCloseable) call(builder, "build", new Class<?>[0])) {
      TaskResult result = (TaskResult) call(team, "run", new Class<?>[] {String.class}, "rain");
      return result.timeline().stream()
          .map(
              event ->
                  event instanceof TeamEvent.Message m
                      ? "message " + m.message().source() + ": " + m.message().content()
                      : event instanceof TeamEvent.SpeakersSelected s
                          ? "speakers " + s.speakers()
                          : event.toString())
          .toList();
    }
  }

  private static AutoCloseable reviewDesk(ClassLoader loader, ChatModel model) throws Exception {
    Object builder = call(loader.loadClass("test.CadreReviewDesk"), "builder", new Class<?>[0]);
    call(builder, "model", new Class<?>[] {ChatModel.class}, model);
    return (AutoCloseable) call(builder, "build", new Class<?>[0]);
  }

  private static AutoCloseable writingDesk(ClassLoader loader, ChatModel model) throws Exception {
    Class<?> tools = loader.loadClass("test.WeatherTools");
    Object builder = call(loader.loadClass("test.CadreWritingDesk"), "builder", new Class<?>[0]);
    call(builder, "model", new Class<?>[] {ChatModel.class}, model);
    call(builder, "weatherTools", new Class<?>[] {tools}, tools.getConstructor().newInstance());
    return (AutoCloseable) call(builder, "build", new Class<?>[0]);
  }

  private static List<String> userTexts(ChatRequest request) {
    return request.messages().stream()
        .filter(ChatMessage.User.class::isInstance)
        .map(message -> ((ChatMessage.User) message).content())
        .toList();
  }

  /** Calls a public method of a generated class (a static one when {@code target} is a class). */
  private static Object call(Object target, String name, Class<?>[] types, Object... arguments)
      throws Exception {
    Class<?> type = target instanceof Class<?> c ? c : target.getClass();
    Method method = type.getMethod(name, types);
    try {
      return method.invoke(target instanceof Class<?> ? null : target, arguments);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
