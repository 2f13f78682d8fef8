package dev.cadre.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.model.ChatMessage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListMemoryTest {

  private static List<String> texts(List<MemoryResult> results) {
    return results.stream().map(r -> r.content().content()).toList();
  }

  private static ListMemory holding(ListMemory memory, String... texts) {
    for (String text : texts) {
      memory.add(MemoryContent.of(text));
    }
    return memory;
  }

  @Test
  void recallsEverythingInInsertionOrderWhateverTheQuery() {
    ListMemory memory = holding(new ListMemory("notes"), "a", "b", "c");

    assertThat(texts(memory.query("unrelated words", 10))).containsExactly("a", "b", "c");
    assertThat(memory.query("x", 10)).extracting(MemoryResult::score).containsOnly(1.0);
  }

  @Test
  void aQueryLimitKeepsTheMostRecent() {
    ListMemory memory = holding(new ListMemory("notes"), "a", "b", "c", "d");

    assertThat(texts(memory.query("q", 2))).containsExactly("c", "d");
  }

  @Test
  void theConfiguredCountKeepsTheMostRecentEvenUnderAHigherLimit() {
    ListMemory memory = holding(new ListMemory("notes", 3), "a", "b", "c", "d", "e");

    assertThat(texts(memory.query("q", 10))).containsExactly("c", "d", "e");
    assertThat(texts(memory.query("q", 1))).containsExactly("e");
    assertThat(memory.contents()).hasSize(5);
  }

  @Test
  void queriesAConversationByItsLatestText() {
    ListMemory memory = holding(new ListMemory("notes"), "a");

    assertThat(memory.query(List.of(ChatMessage.system("only instructions")), 5)).isEmpty();
    assertThat(texts(memory.query(List.of(ChatMessage.user("hi")), 5))).containsExactly("a");
  }

  @Test
  void theLatestTextSkipsToolTrafficAndInstructions() {
    List<ChatMessage> conversation =
        List.of(
            ChatMessage.user("first"),
            ChatMessage.assistant("reply"),
            new ChatMessage.Assistant(null, List.of(new ToolCall("c1", "t", "{}")), "bot"),
            new ChatMessage.ToolResults(List.of(new ToolResult("c1", "t", "done", false))),
            ChatMessage.system("note"));

    assertThat(Memory.latestText(conversation)).isEqualTo("reply");
    assertThat(Memory.latestText(List.of())).isNull();
  }

  @Test
  void clearForgetsEverything() {
    ListMemory memory = holding(new ListMemory("notes"), "a", "b");

    memory.clear();

    assertThat(memory.query("q", 5)).isEmpty();
    assertThat(memory.contents()).isEmpty();
  }

  @Test
  void keepsMetadata() {
    ListMemory memory = new ListMemory("notes");
    memory.add(new MemoryContent("Likes tea.", Map.of("user", "ann")));

    assertThat(memory.query("q", 1).get(0).content().metadata()).containsEntry("user", "ann");
  }

  @Test
  void badSettingsNameTheMemory() {
    assertThatThrownBy(() -> new ListMemory("notes", 0))
        .hasMessageContaining("memory 'notes': recent must be at least 1, was 0");
    assertThatThrownBy(() -> new ListMemory("notes").query("q", 0))
        .hasMessageContaining("memory 'notes': the query limit must be at least 1, was 0");
    assertThatThrownBy(() -> new ListMemory(" ")).hasMessageContaining("not blank");
    assertThatThrownBy(() -> MemoryContent.of("  ")).hasMessageContaining("must not be blank");
  }
}
