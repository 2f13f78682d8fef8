package dev.cadre.memory.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.ApprovalDecision;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryTools;
import dev.cadre.memory.Scope;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remember and recall tools, used by a real agent on a real Lucene store. */
class MemoryToolsTest {

  private static final Scope ALICE = Scope.user("alice");
  private static final Scope BOB = Scope.user("bob");

  @TempDir Path dir;
  private LuceneMemoryStore store;
  private MemoryTools tools;

  @BeforeEach
  void open() {
    store = LuceneMemoryStore.open(dir, new HashingEmbeddingModel(256));
    tools = MemoryTools.of(store, ALICE, Set.of(ALICE, Scope.team("support")));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ToolCall call(String id, String tool, String arguments) {
    return new ToolCall(id, tool, arguments);
  }

  private AssistantAgent.Builder agent(ReplayChatModel model) {
    return AssistantAgent.builder("support")
        .systemMessage(null)
        .model(model)
        .tools(tools.remember(), tools.recall());
  }

  private static ToolResult lastResult(ReplayChatModel model, int index) {
    List<ChatMessage> sent = model.lastRequest().messages();
    return ((ChatMessage.ToolResults) sent.get(sent.size() - 1)).results().get(index);
  }

  @Test
  void rememberWritesToTheGivenScopeAndRecallReadsOnlyTheGivenScopes() {
    store.put(MemoryEntry.builder(BOB, "Bob prefers email").id("bob").build());
    store.put(MemoryEntry.builder(Scope.team("support"), "Refunds need a receipt").build());
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(
                call(
                    "c1",
                    "remember",
                    "{\"text\": \"Alice prefers email\", \"tags\": [\"contact\"]}"))
            .toolCalls(call("c2", "recall", "{\"query\": \"prefers email refunds\"}"))
            .text("Noted.")
            .build();

    agent(model).build().run("Please use email from now on.");

    List<MemoryEntry> stored =
        store.search(dev.cadre.memory.MemoryQuery.of("email", ALICE, 5)).stream()
            .map(hit -> hit.entry())
            .toList();
    assertThat(stored).extracting(MemoryEntry::text).containsExactly("Alice prefers email");
    assertThat(stored.get(0).source()).isEqualTo("remember");
    assertThat(stored.get(0).tags()).containsExactly("contact");
    ToolResult recalled = lastResult(model, 0);
    assertThat(recalled.error()).isFalse();
    assertThat(recalled.content())
        .contains("Alice prefers email")
        .contains("Refunds need a receipt")
        .doesNotContain("Bob");
  }

  @Test
  void aWriteRefusedByThePersonIsNotStored() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(call("c1", "remember", "{\"text\": \"Alice is 42\"}"))
            .toolCalls(call("c2", "recall", "{\"query\": \"age\"}"))
            .text("Done.")
            .build();

    agent(model)
        .toolApproval(
            (request, token) -> ApprovalDecision.refuse("not something to keep"),
            MemoryTools.REMEMBER)
        .build()
        .run("I am 42.");

    assertThat(store.count(ALICE)).isZero();
    List<ChatMessage> sent = model.lastRequest().messages();
    ToolResult refused = ((ChatMessage.ToolResults) sent.get(sent.size() - 3)).results().get(0);
    assertThat(refused.error()).isTrue();
    assertThat(refused.content()).contains("refused").contains("not something to keep");
    // recall is not gated: it ran without asking
    assertThat(lastResult(model, 0).content()).isEqualTo("nothing stored matches");
  }

  @Test
  void badArgumentsAreErrorsTheModelReads() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(
                call("c1", "remember", "{\"text\": \"   \"}"),
                call("c2", "remember", "{\"text\": \"" + "x".repeat(2001) + "\"}"),
                call("c3", "recall", "{\"query\": \"x\", \"limit\": 500}"))
            .text("Sorry.")
            .build();

    agent(model).build().run("Hi");

    assertThat(store.count(ALICE)).isZero();
    assertThat(lastResult(model, 0).error()).isTrue();
    assertThat(lastResult(model, 0).content()).contains("text is empty");
    assertThat(lastResult(model, 1).content()).contains("2001 characters");
    assertThat(lastResult(model, 2).content()).contains("limit is 500");
  }
}
