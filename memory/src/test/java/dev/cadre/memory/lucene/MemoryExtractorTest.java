package dev.cadre.memory.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentEvent.MemoryExtracted.Outcome;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.MemoryEvent;
import dev.cadre.memory.MemoryExtractor;
import dev.cadre.memory.MemoryFilter;
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

  @Test
  void anAgentGivenTheExtractorWritesAfterEachTurnAndReportsEveryFact() {
    ReplayChatModel extraction =
        ReplayChatModel.ofTexts(
            "{\"facts\": [\"Alice prefers email over phone\"]}",
            "{\"facts\": [\"Alice prefers email over phone\", \"Alice lives in Bergen\"]}");
    AssistantAgent agent =
        AssistantAgent.builder("support")
            .model(ReplayChatModel.ofTexts("Noted: email.", "Bergen, noted."))
            .memoryExtractor(extractor(extraction).build())
            .build();
    List<AgentEvent> streamed = new ArrayList<>();

    AgentResponse first = agent.run("Email me, never call.", streamed::add);
    AgentResponse second = agent.run("I live in Bergen.", streamed::add);

    assertThat(extracted(first))
        .containsExactly(
            new AgentEvent.MemoryExtracted(
                "support", Outcome.WRITTEN, "Alice prefers email over phone", written(0)));
    assertThat(extracted(second))
        .containsExactly(
            new AgentEvent.MemoryExtracted(
                "support", Outcome.DUPLICATE, "Alice prefers email over phone", written(0)),
            new AgentEvent.MemoryExtracted(
                "support", Outcome.WRITTEN, "Alice lives in Bergen", written(2)));
    // Reported to the run's listener as they happen, before the answer (the last event).
    List<AgentEvent> all = new ArrayList<>(first.events());
    all.addAll(second.events());
    assertThat(streamed).isEqualTo(all);
    assertThat(first.events().get(first.events().size() - 1))
        .isInstanceOf(AgentEvent.Answered.class);
    assertThat(second.events().get(second.events().size() - 1))
        .isInstanceOf(AgentEvent.Answered.class);
    assertThat(store.list(ALICE, MemoryFilter.ANY, 10))
        .extracting(e -> e.text())
        .containsExactlyInAnyOrder("Alice prefers email over phone", "Alice lives in Bergen");
    // The second extraction saw only the second turn: the user's message and the answer.
    assertThat(((ChatMessage.User) extraction.lastRequest().messages().get(1)).content())
        .isEqualTo("user: I live in Bergen.\n\nassistant: Bergen, noted.");
  }

  @Test
  void aBrokenExtractionIsAnEventAndTheTurnStillAnswers() {
    AssistantAgent agent =
        AssistantAgent.builder("support")
            .model(ReplayChatModel.ofTexts("Noted."))
            .memoryExtractor(extractor(ReplayChatModel.ofTexts("no JSON here")).build())
            .build();

    AgentResponse response = agent.run("Email me.");

    assertThat(extracted(response))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
              assertThat(e.text()).contains("not JSON");
            });
    assertThat(response.text()).isEqualTo("Noted.");
    assertThat(store.count(ALICE)).isZero();
  }

  private String written(int index) {
    return heard.get(index) instanceof MemoryEvent.Written w
        ? w.entry().id()
        : ((MemoryEvent.Duplicate) heard.get(index)).existing().id();
  }

  private static List<AgentEvent.MemoryExtracted> extracted(AgentResponse response) {
    return response.events().stream()
        .filter(AgentEvent.MemoryExtracted.class::isInstance)
        .map(AgentEvent.MemoryExtracted.class::cast)
        .toList();
  }
}
