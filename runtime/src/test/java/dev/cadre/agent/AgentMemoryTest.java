package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.ListMemory;
import dev.cadre.memory.Memory;
import dev.cadre.memory.MemoryContent;
import dev.cadre.memory.MemoryException;
import dev.cadre.memory.MemoryResult;
import dev.cadre.memory.VectorMemory;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AgentMemoryTest {

  private static final String MEMORY_HEADING = AssistantAgent.MEMORY_HEADING;
  private static final String REFUNDS = "Refunds are paid within five working days.";
  private static final String PARCELS = "Parcels ship from the Hamburg warehouse.";
  private static final ChatMessage SYSTEM = ChatMessage.system("Be brief.");

  private static AssistantAgent agent(ReplayChatModel model, Memory... memories) {
    return AssistantAgent.builder("helper")
        .systemMessage("Be brief.")
        .model(model)
        .memory(memories)
        .build();
  }

  private static ListMemory prefs() {
    ListMemory prefs = new ListMemory("prefs");
    prefs.add(MemoryContent.of("The user prefers metric units."));
    return prefs;
  }

  private static long memoryMessages(List<ChatMessage> messages) {
    return messages.stream()
        .filter(
            m -> m instanceof ChatMessage.System s && s.content().startsWith(MEMORY_HEADING))
        .count();
  }

  @Test
  void recalledMemoryReachesTheModelAsASystemMessageAfterTheAgentsOwn() {
    ReplayChatModel model = ReplayChatModel.ofTexts("21C.");
    AssistantAgent agent = agent(model, prefs());

    agent.run("How warm is Oslo?");

    assertThat(model.lastRequest().messages())
        .containsExactly(
            SYSTEM,
            ChatMessage.system("Relevant memory:\n- The user prefers metric units."),
            ChatMessage.user("How warm is Oslo?"));
  }

  @Test
  void recalledMemoryIsNotKeptInTheConversationSoTheNextTurnCarriesItOnce() {
    ReplayChatModel model = ReplayChatModel.ofTexts("21C.", "18C.");
    AssistantAgent agent = agent(model, prefs());

    agent.run("How warm is Oslo?");
    agent.run("And Bergen?");

    assertThat(agent.context().history()).noneMatch(m -> m instanceof ChatMessage.System);
    assertThat(model.lastRequest().messages())
        .containsExactly(
            SYSTEM,
            ChatMessage.system("Relevant memory:\n- The user prefers metric units."),
            ChatMessage.user("How warm is Oslo?"),
            new ChatMessage.Assistant("21C.", List.of(), "helper"),
            ChatMessage.user("And Bergen?"));
  }

  @Test
  void eachModelCallRecallsForTheLatestMessage() {
    VectorMemory docs = VectorMemory.builder("docs", new HashingEmbeddingModel()).topK(1).build();
    docs.add(MemoryContent.of(REFUNDS));
    docs.add(MemoryContent.of(PARCELS));
    ReplayChatModel model = ReplayChatModel.ofTexts("Five days.", "Hamburg.");
    AssistantAgent agent = agent(model, docs);

    agent.run("When are refunds paid?");
    agent.run("Where do parcels ship from?");

    assertThat(model.requests().get(0).messages())
        .contains(ChatMessage.system("Relevant memory:\n- " + REFUNDS));
    assertThat(model.requests().get(1).messages())
        .contains(ChatMessage.system("Relevant memory:\n- " + PARCELS))
        .doesNotContain(ChatMessage.system("Relevant memory:\n- " + REFUNDS));
  }

  @Test
  void everyModelCallOfAToolLoopSeesTheMemoryOnce() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(new ToolCall("c1", "lookup", "{}"))
            .text("Done.")
            .build();
    AssistantAgent agent =
        AssistantAgent.builder("helper")
            .model(model)
            .tool(
                Tool.of(
                    new ToolSpec("lookup", "Looks up", JsonSchemas.object().build()),
                    (args, ctx) -> "ok"))
            .memory(prefs())
            .build();

    agent.run("Look it up.");

    assertThat(model.requests()).hasSize(2);
    assertThat(model.requests()).allSatisfy(r -> assertThat(memoryMessages(r.messages())).isOne());
  }

  @Test
  void severalMemoriesShareOneMessageAndEachReportsAnEvent() {
    ListMemory notes = new ListMemory("notes");
    notes.add(MemoryContent.of("Meeting moved to Friday.\nBring the slides."));
    ReplayChatModel model = ReplayChatModel.ofTexts("Noted.");
    AssistantAgent agent = agent(model, prefs(), notes);
    List<AgentEvent> seen = new ArrayList<>();

    AgentResponse response = agent.run("Anything I should know?", seen::add);

    assertThat(model.lastRequest().messages().get(1))
        .isEqualTo(
            ChatMessage.system(
                "Relevant memory:\n- The user prefers metric units.\n"
                    + "- Meeting moved to Friday.\n  Bring the slides."));
    List<AgentEvent> memoryEvents =
        response.events().stream().filter(e -> e instanceof AgentEvent.MemoryQueried).toList();
    assertThat(memoryEvents)
        .containsExactly(
            new AgentEvent.MemoryQueried(
                "helper",
                "prefs",
                List.of(new MemoryResult(MemoryContent.of("The user prefers metric units."), 1.0))),
            new AgentEvent.MemoryQueried(
                "helper",
                "notes",
                List.of(
                    new MemoryResult(
                        MemoryContent.of("Meeting moved to Friday.\nBring the slides."), 1.0))));
    assertThat(seen).startsWith(memoryEvents.get(0), memoryEvents.get(1));
  }

  @Test
  void aMemoryThatRecallsNothingAddsNoMessageAndNoEvent() {
    ReplayChatModel model = ReplayChatModel.ofTexts("Hello.");
    AssistantAgent agent = agent(model, new ListMemory("empty"));

    AgentResponse response = agent.run("Hi!");

    assertThat(model.lastRequest().messages()).containsExactly(SYSTEM, ChatMessage.user("Hi!"));
    assertThat(response.events()).noneMatch(e -> e instanceof AgentEvent.MemoryQueried);
  }

  @Test
  void theMemoryLimitCapsWhatEachMemoryRecalls() {
    ListMemory notes = new ListMemory("notes");
    notes.add(MemoryContent.of("one"));
    notes.add(MemoryContent.of("two"));
    notes.add(MemoryContent.of("three"));
    ReplayChatModel model = ReplayChatModel.ofTexts("ok");
    AssistantAgent agent =
        AssistantAgent.builder("helper")
            .systemMessage(null)
            .model(model)
            .memory(notes)
            .memoryLimit(2)
            .build();

    agent.run("go");

    assertThat(model.lastRequest().messages().get(0))
        .isEqualTo(ChatMessage.system("Relevant memory:\n- two\n- three"));
  }

  @Test
  void resetForgetsTheConversationButNotTheMemory() {
    ReplayChatModel model = ReplayChatModel.ofTexts("a", "b");
    AssistantAgent agent = agent(model, prefs());
    agent.run("first");

    agent.reset();
    agent.run("second");

    assertThat(model.lastRequest().messages())
        .containsExactly(
            SYSTEM,
            ChatMessage.system("Relevant memory:\n- The user prefers metric units."),
            ChatMessage.user("second"));
  }

  @Test
  void aFailingMemoryNamesTheAgentAndTheMemory() {
    Memory broken =
        new Memory() {
          @Override
          public String name() {
            return "crm";
          }

          @Override
          public void add(MemoryContent content) {}

          @Override
          public List<MemoryResult> query(String query, int limit) {
            throw new IllegalStateException("connection refused");
          }

          @Override
          public void clear() {}
        };
    ReplayChatModel model = ReplayChatModel.ofTexts("never");
    AssistantAgent agent = agent(model, broken);

    assertThatThrownBy(() -> agent.run("Hi"))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("agent 'helper'")
        .hasMessageContaining("memory 'crm'")
        .hasMessageContaining("connection refused")
        .hasRootCauseMessage("connection refused");
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void twoMemoriesWithOneNameAreRejected() {
    assertThatThrownBy(
            () ->
                AssistantAgent.builder("helper")
                    .model(ReplayChatModel.ofTexts())
                    .memory(new ListMemory("notes"), new ListMemory("notes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent 'helper' has two memories named 'notes'");
  }
}
