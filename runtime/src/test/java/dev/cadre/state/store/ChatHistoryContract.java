package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ModelContext;
import dev.cadre.memory.ChatHistory;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.StateException;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent chat history against one kind of store: each "restart" is a new store connection and
 * a new agent (or a new JVM), and the conversation must carry on from what the store holds.
 */
@Timeout(120)
abstract class ChatHistoryContract {

  static final String INTRODUCTION = "My name is Ada.";
  static final String GREETING = "Hello Ada.";
  private static final String QUESTION = "What is my name?";
  private static final ChatMessage SYSTEM = ChatMessage.system("Be brief.");

  @TempDir Path dir;

  /** A new connection to this test's store (each call another connection, as a process would). */
  abstract CheckpointStore open();

  /** Arguments that make {@link ChatHistoryChild} open this test's store. */
  abstract List<String> childArguments();

  static AssistantAgent.Builder agent(ReplayChatModel model) {
    return AssistantAgent.builder("helper").systemMessage("Be brief.").model(model);
  }

  private void introduce(String session) {
    try (CheckpointStore store = open()) {
      agent(ReplayChatModel.ofTexts(GREETING)).history(store, session).build().run(INTRODUCTION);
    }
  }

  @Test
  void aNewAgentOnANewConnectionContinuesTheSessionsConversation() {
    introduce("s1");

    ReplayChatModel model = ReplayChatModel.ofTexts("You are Ada.");
    try (CheckpointStore store = open()) {
      AssistantAgent agent = agent(model).history(store, "s1").build();
      agent.run(QUESTION);

      assertThat(model.lastRequest().messages())
          .containsExactly(
              SYSTEM,
              ChatMessage.user(INTRODUCTION),
              new ChatMessage.Assistant(GREETING, List.of(), "helper"),
              ChatMessage.user(QUESTION));
    }
    try (CheckpointStore store = open()) {
      assertThat(ChatHistory.open(store, "helper", "s1").messages())
          .hasSize(4)
          .last()
          .isEqualTo(new ChatMessage.Assistant("You are Ada.", List.of(), "helper"));
      assertThat(ChatHistory.sessions(store, "helper")).containsExactly("s1");
    }
  }

  @Test
  void anotherSessionOrAnotherAgentStartsEmpty() {
    introduce("s1");

    ReplayChatModel model = ReplayChatModel.ofTexts("I do not know.", "No idea.");
    try (CheckpointStore store = open()) {
      agent(model).history(store, "s2").build().run(QUESTION);
      assertThat(model.lastRequest().messages())
          .containsExactly(SYSTEM, ChatMessage.user(QUESTION));

      AssistantAgent.builder("other")
          .systemMessage("Be brief.")
          .model(model)
          .history(store, "s1")
          .build()
          .run(QUESTION);
      assertThat(model.lastRequest().messages())
          .containsExactly(SYSTEM, ChatMessage.user(QUESTION));
    }
  }

  @Test
  void theModelContextStillDecidesWhatTheModelSeesOfTheStoredConversation() {
    introduce("s1");

    ReplayChatModel model = ReplayChatModel.ofTexts("You are Ada.");
    try (CheckpointStore store = open()) {
      AssistantAgent agent =
          agent(model).modelContext(ModelContext.lastMessages(2)).history(store, "s1").build();
      agent.run(QUESTION);

      assertThat(model.lastRequest().messages())
          .containsExactly(
              SYSTEM,
              new ChatMessage.Assistant(GREETING, List.of(), "helper"),
              ChatMessage.user(QUESTION));
      assertThat(agent.context().history()).hasSize(4);
    }
  }

  @Test
  void theConversationSurvivesARestartOfTheProcess() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChatHistoryChild.class.getName());
    command.addAll(childArguments());
    command.add("s1");
    Path out = dir.resolve("child.out");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("child finished").isTrue();
    assertThat(child.exitValue()).as(Files.readString(out)).isZero();

    ReplayChatModel model = ReplayChatModel.ofTexts("You are Ada.");
    try (CheckpointStore store = open()) {
      agent(model).history(store, "s1").build().run(QUESTION);
    }
    assertThat(model.lastRequest().messages())
        .containsExactly(
            SYSTEM,
            ChatMessage.user(INTRODUCTION),
            new ChatMessage.Assistant(GREETING, List.of(), "helper"),
            ChatMessage.user(QUESTION));
  }

  @Test
  void resetClearsTheStoredConversation() {
    introduce("s1");
    try (CheckpointStore store = open()) {
      agent(ReplayChatModel.ofTexts()).history(store, "s1").build().reset();
    }

    ReplayChatModel model = ReplayChatModel.ofTexts("I do not know.");
    try (CheckpointStore store = open()) {
      agent(model).history(store, "s1").build().run(QUESTION);
    }
    assertThat(model.lastRequest().messages()).containsExactly(SYSTEM, ChatMessage.user(QUESTION));
  }

  @Test
  void twoAgentsWritingOneSessionAtOnceTheSecondFailsAndWritesNothing() {
    try (CheckpointStore store = open()) {
      AssistantAgent first = agent(ReplayChatModel.ofTexts(GREETING)).history(store, "s1").build();
      AssistantAgent second = agent(ReplayChatModel.ofTexts("Hi.")).history(store, "s1").build();
      first.run(INTRODUCTION);

      assertThatThrownBy(() -> second.run("Hello?"))
          .isInstanceOf(ChatHistory.ConcurrentHistoryException.class)
          .hasMessageContaining("agent 'helper' in session 's1'")
          .hasMessageContaining("nothing was written");
      assertThat(second.context().history()).isEmpty();
      assertThat(ChatHistory.open(store, "helper", "s1").messages())
          .containsExactly(
              ChatMessage.user(INTRODUCTION),
              new ChatMessage.Assistant(GREETING, List.of(), "helper"));
    }
  }

  @Test
  void toolCallsCutOffByACrashAreAnsweredWithAnErrorOnLoad() {
    ToolCall call = new ToolCall("call-1", "lookup", "{}");
    try (CheckpointStore store = open()) {
      ChatHistory.open(store, "helper", "s1")
          .append(
              List.of(
                  ChatMessage.user("Look it up."),
                  new ChatMessage.Assistant(null, List.of(call), "helper")));
    }

    ReplayChatModel model = ReplayChatModel.ofTexts("The lookup was interrupted.");
    try (CheckpointStore store = open()) {
      agent(model).history(store, "s1").build().run("Well?");
    }
    List<ChatMessage> sent = model.lastRequest().messages();
    assertThat(sent).hasSize(5);
    ToolResult result = ((ChatMessage.ToolResults) sent.get(3)).results().get(0);
    assertThat(result.callId()).isEqualTo("call-1");
    assertThat(result.error()).isTrue();
    assertThat(result.content()).contains("the process stopped before this tool call finished");
  }

  @Test
  void anUnreadableStoredCheckpointFailsClearlyAndChangesNothing() {
    String runId = ChatHistory.runId("helper", "s1");
    introduce("s1");
    try (CheckpointStore store = open()) {
      store.append(runId, 2, CheckpointKind.MESSAGE, "{\"format\": 1, \"kind\": \"chat-hist");

      assertThatThrownBy(() -> agent(ReplayChatModel.ofTexts()).history(store, "s1").build())
          .isInstanceOf(StateException.class)
          .hasMessageContaining(runId + "@3");
      assertThat(store.load(runId).orElseThrow().version()).isEqualTo(3);
    }
  }
}
