package dev.cadre.memory.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.MemoryEvent;
import dev.cadre.memory.MemoryExtractor;
import dev.cadre.memory.MemoryQuery;
import dev.cadre.memory.Scope;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extractor on a real Lucene store, with a replayed extraction model. */
class MemoryExtractorTest {

  private static final Scope ALICE = Scope.user("alice");
  private static final List<ChatMessage> TURN =
      List.of(
          ChatMessage.user("Please email me, I never pick up the phone. I live in Bergen."),
          ChatMessage.assistant("Understood, email it is."));

  @TempDir Path dir;
  private LuceneMemoryStore store;
  private final List<MemoryEvent> heard = new ArrayList<>();

  @BeforeEach
  void open() {
    store = LuceneMemoryStore.open(dir, new HashingEmbeddingModel(256));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private MemoryExtractor.Builder extractor(ReplayChatModel model) {
    return MemoryExtractor.builder(model, store, ALICE).listener(heard::add);
  }

  @Test
  void writesTheFactsTheModelExtractsEachAsAnEvent() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "{\"facts\": [\"Alice prefers email over phone\", \"Alice lives in Bergen\"]}");

    List<MemoryEvent> events = extractor(model).build().afterTurn(TURN, "s1");

    assertThat(events).hasSize(2).allMatch(e -> e instanceof MemoryEvent.Written);
    assertThat(heard).isEqualTo(events);
    assertThat(store.count(ALICE)).isEqualTo(2);
    var written = ((MemoryEvent.Written) events.get(0)).entry();
    assertThat(store.get(ALICE, written.id()).orElseThrow().source()).isEqualTo("extractor");
    assertThat(store.get(ALICE, written.id()).orElseThrow().session()).isEqualTo("s1");
    List<ChatMessage> sent = model.lastRequest().messages();
    assertThat(((ChatMessage.System) sent.get(0)).content())
        .isEqualTo(MemoryExtractor.DEFAULT_PROMPT);
    assertThat(((ChatMessage.User) sent.get(1)).content())
        .isEqualTo(
            "user: Please email me, I never pick up the phone. I live in Bergen.\n\n"
                + "assistant: Understood, email it is.");
  }

  @Test
  void factsAlreadyStoredAreSkippedAsDuplicates() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "{\"facts\": [\"Alice prefers email over phone\"]}",
            "{\"facts\": [\"ALICE PREFERS EMAIL OVER PHONE\", \"Alice prefers email over phone.\","
                + " \"Alice has a dog named Rex\", \"Alice has a dog named Rex\"]}");
    MemoryExtractor extractor = extractor(model).build();
    extractor.afterTurn(TURN, "s1");

    List<MemoryEvent> second = extractor.afterTurn(TURN, "s2");

    assertThat(second).hasSize(3);
    assertThat(second.get(0)).isInstanceOf(MemoryEvent.Duplicate.class);
    assertThat(((MemoryEvent.Duplicate) second.get(0)).similarity()).isEqualTo(1.0);
    assertThat(second.get(1)).isInstanceOf(MemoryEvent.Duplicate.class);
    assertThat(((MemoryEvent.Duplicate) second.get(1)).similarity()).isGreaterThanOrEqualTo(0.9);
    assertThat(second.get(2)).isInstanceOf(MemoryEvent.Written.class);
    assertThat(store.count(ALICE)).isEqualTo(2);
  }

  @Test
  void aBadAnswerIsAFailedEventAndWritesNothing() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "Sure! Alice likes email.",
            "{\"facts\": \"Alice likes email\"}",
            "{\"facts\": [\"" + "x".repeat(501) + "\"]}");
    MemoryExtractor extractor = extractor(model).build();

    assertThat(extractor.afterTurn(TURN, null))
        .singleElement()
        .isInstanceOfSatisfying(
            MemoryEvent.Failed.class, f -> assertThat(f.reason()).contains("not JSON"));
    assertThat(extractor.afterTurn(TURN, null))
        .singleElement()
        .isInstanceOfSatisfying(
            MemoryEvent.Failed.class, f -> assertThat(f.reason()).contains("no \"facts\" list"));
    assertThat(extractor.afterTurn(TURN, null))
        .singleElement()
        .isInstanceOfSatisfying(
            MemoryEvent.Failed.class, f -> assertThat(f.reason()).contains("501 characters"));
    assertThat(store.count(ALICE)).isZero();
  }

  @Test
  void thePromptCanBeOverridden() {
    ReplayChatModel model = ReplayChatModel.ofTexts("{\"facts\": []}");

    List<MemoryEvent> events =
        extractor(model)
            .prompt("Only keep delivery addresses. JSON {\"facts\": []}.")
            .build()
            .afterTurn(TURN, null);

    assertThat(events).isEmpty();
    assertThat(((ChatMessage.System) model.lastRequest().messages().get(0)).content())
        .isEqualTo("Only keep delivery addresses. JSON {\"facts\": []}.");
    assertThat(store.search(MemoryQuery.of("email", ALICE, 5))).isEmpty();
  }
}
