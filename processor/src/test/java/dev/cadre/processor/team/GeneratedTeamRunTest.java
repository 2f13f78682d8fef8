package dev.cadre.processor.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.testing.compile.Compilation;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
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

      assertThat(result.failed()).isFalse();
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
  void aFailedRunFailsAStringEntryMethodNamingTheParticipant() throws Exception {
    Compilation compilation = GroupChatGenerationTest.compileStrict(TeamSystems.roundRobin());
    ClassLoader loader = TeamCompiler.classLoader(compilation);
    ReplayChatModel model = ReplayChatModel.ofTexts("a draft, then the script runs out");

    try (AutoCloseable desk = writingDesk(loader, model)) {
      assertThatThrownBy(() -> call(desk, "write", new Class<?>[] {String.class}, "frogs"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("team 'writing_desk' failed: participant 'critic' ")
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

      assertThat(result.failed()).isFalse();
      assertThat(result.messages())
          .extracting(AgentMessage::source)
          .containsExactly("user", "research", "writer", "critic", "writer", "critic", "publisher");
      assertThat(result.lastMessage().content()).isEqualTo("published");
      assertThat(userTexts(model.requests().get(0))).containsExactly("Write a story about tides");
      assertThat(model.remaining()).isZero();
      assertThat(fast.remaining()).isZero();
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
