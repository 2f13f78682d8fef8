package dev.cadre.memory.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.Memory;
import dev.cadre.memory.MemoryContent;
import dev.cadre.memory.Scope;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store seen through the {@link Memory} SPI, as an agent's memory. */
class StoreViewTest {

  @TempDir Path dir;

  @Test
  void anAgentIsRemindedFromTheStoreAndOnlyFromItsScopes() {
    try (LuceneMemoryStore store = LuceneMemoryStore.open(dir, new HashingEmbeddingModel(256))) {
      Memory alice = store.view("alice", Scope.user("alice"), Set.of(Scope.user("alice")));
      Memory bob = store.view("bob", Scope.user("bob"), Set.of(Scope.user("bob")));
      alice.add(
          new MemoryContent(
              "Alice's parcel goes to the Bergen office",
              Map.of("source", "crm", "tags", "address, parcel")));
      bob.add(MemoryContent.of("Bob's parcel goes to the Oslo office"));
      ReplayChatModel model = ReplayChatModel.ofTexts("It goes to Bergen.");

      AssistantAgent.builder("support")
          .systemMessage(null)
          .model(model)
          .memory(alice)
          .build()
          .run("Where does my parcel go?");

      String reminder =
          model.lastRequest().messages().stream()
              .filter(m -> m instanceof ChatMessage.System)
              .map(m -> ((ChatMessage.System) m).content())
              .reduce("", String::concat);
      assertThat(reminder).contains("Bergen office").doesNotContain("Oslo");
      assertThat(alice.query("parcel office", 5).get(0).content().metadata())
          .containsEntry("source", "crm")
          .containsEntry("tags", "address,parcel")
          .containsEntry("scope", "user:alice");
      alice.clear();
      assertThat(store.count(Scope.user("alice"))).isZero();
      assertThat(store.count(Scope.user("bob"))).isEqualTo(1);
    }
  }
}
