package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Termination conditions and the graph pattern carry on from loaded state as they would have. */
class SelectorAndTerminationStateTest {

  private static final List<AgentEvent> NONE = List.of();

  private static List<AgentMessage> says(String... texts) {
    return java.util.Arrays.stream(texts)
        .map(t -> (AgentMessage) new AgentMessage.Text("bot", t))
        .toList();
  }

  private static JsonNode throughText(JsonNode state) {
    return State.parse(Json.write(state));
  }

  @Test
  void maxMessagesKeepsCountingFromTheLoadedCount() {
    TerminationCondition original = Terminations.maxMessages(5);
    original.check(says("a", "b", "c"), NONE);
    TerminationCondition fresh = Terminations.maxMessages(5);

    fresh.loadState(throughText(original.saveState()));

    assertThat(fresh.check(says("d"), NONE)).isEmpty();
    assertThat(fresh.check(says("e"), NONE))
        .contains("Maximum number of messages 5 reached, current message count: 5");
  }

  @Test
  void compositesCarryEveryPartsStateAndWhichPartsFired() {
    TerminationCondition original =
        Terminations.textMention("APPROVE")
            .and(Terminations.maxMessages(4).or(Terminations.tokenUsage(100)));
    original.check(says("APPROVE", "x"), List.of(new AgentEvent.ModelUsage("bot", "m", new Usage(40, 20))));
    TerminationCondition fresh =
        Terminations.textMention("APPROVE")
            .and(Terminations.maxMessages(4).or(Terminations.tokenUsage(100)));

    fresh.loadState(throughText(original.saveState()));

    assertThat(fresh.saveState()).isEqualTo(original.saveState());
    // textMention fired already; 60 tokens + 50 reach 100 before messages reach 4.
    Optional<String> reason =
        fresh.check(says("y"), List.of(new AgentEvent.ModelUsage("bot", "m", new Usage(30, 20))));
    assertThat(reason).isEqualTo(original.check(says("y"), List.of(new AgentEvent.ModelUsage("bot", "m", new Usage(30, 20)))));
    assertThat(reason)
        .hasValueSatisfying(
            r -> assertThat(r).contains("APPROVE").contains("Token usage limit reached"));
  }

  @Test
  void aBadPartLeavesTheWholeCompositeAsItWas() {
    TerminationCondition condition =
        Terminations.maxMessages(10).or(Terminations.tokenUsage(100));
    condition.check(says("a", "b"), NONE);
    JsonNode before = condition.saveState();
    ObjectNode bad = before.deepCopy();
    ((ObjectNode) bad.get("parts").get(0)).put("count", 9);
    ((ObjectNode) bad.get("parts").get(1).get("used")).put("inputTokens", "many");

    assertThatThrownBy(() -> condition.loadState(bad))
        .isInstanceOfSatisfying(
            StateException.class,
            e -> assertThat(e.path()).isEqualTo("parts[1].used.inputTokens"));
    assertThat(condition.saveState()).isEqualTo(before);
  }

  @Test
  void stateLoadsOnlyIntoAnEqualCondition() {
    JsonNode five = Terminations.maxMessages(5).saveState();

    assertThatThrownBy(() -> Terminations.maxMessages(6).loadState(five))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("condition"))
        .hasMessageContaining("maxMessages(5)")
        .hasMessageContaining("maxMessages(6)");
  }

  @Test
  void timeoutKeepsItsStartAndExternalItsReason() {
    Clock start = Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC);
    TerminationCondition original = Terminations.timeout(Duration.ofMinutes(5), start);
    original.check(says("task"), NONE);
    Clock later = Clock.fixed(Instant.parse("2025-01-01T10:06:00Z"), ZoneOffset.UTC);
    TerminationCondition fresh = Terminations.timeout(Duration.ofMinutes(5), later);

    fresh.loadState(throughText(original.saveState()));

    assertThat(fresh.check(says("x"), NONE)).contains("Timeout of 300 seconds reached");

    Terminations.ExternalTermination stop = Terminations.external();
    stop.set("operator said so");
    Terminations.ExternalTermination freshStop = Terminations.external();
    freshStop.loadState(throughText(stop.saveState()));
    assertThat(freshStop.check(says("x"), NONE)).contains("operator said so");
  }

  @Test
  void aHandWrittenConditionWithoutStateIsNamed() {
    TerminationCondition custom =
        new TerminationCondition() {
          @Override
          public Optional<String> check(List<AgentMessage> messages, List<AgentEvent> events) {
            return Optional.empty();
          }

          @Override
          public void reset() {}

          @Override
          public String toString() {
            return "myCondition";
          }
        };

    assertThatThrownBy(() -> Terminations.maxMessages(3).or(custom).saveState())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("termination condition myCondition");
  }

  // ---- the graph pattern within a run

  /** a fans out to b and c; d joins b and e (after c), so it waits for both. */
  private static ChatGraph diamond() {
    return ChatGraph.builder()
        .node("a")
        .node("b")
        .node("c")
        .node("e")
        .node("d")
        .entry("a")
        .edge("a", "b")
        .edge("a", "c")
        .edge("b", "d")
        .edge("c", "e")
        .edge("e", "d")
        .build();
  }

  private static final List<Conversation.Participant> PARTICIPANTS =
      java.util.stream.Stream.of("a", "b", "c", "d", "e")
          .map(n -> new Conversation.Participant(n, n))
          .toList();

  @Test
  void aGraphLoadedMidRunContinuesWithItsReadyNodesAndPartialJoins() {
    GraphFlow original = new GraphFlow(diamond());
    List<AgentMessage> transcript = new java.util.ArrayList<>(says("task"));
    // Two turns: [a], then [b, c]; d has b's edge but waits for e's, and e is ready.
    for (int turn = 0; turn < 2; turn++) {
      List<String> speakers =
          original.next(
              new Conversation(PARTICIPANTS, transcript, List.of(), List.of()),
              CancellationToken.none(),
              event -> {});
      List<AgentMessage> said =
          speakers.stream().map(s -> (AgentMessage) new AgentMessage.Text(s, s)).toList();
      transcript.addAll(said);
      assertThat(original.afterTurn(new Conversation(PARTICIPANTS, transcript, speakers, said)))
          .isEmpty();
    }
    JsonNode saved = original.saveState();
    assertThat(saved.get("ready")).containsExactly(Json.mapper().valueToTree("e"));
    assertThat(saved.get("delivered").get("d").get("d"))
        .containsExactly(Json.mapper().valueToTree("b"));

    GraphFlow fresh = new GraphFlow(diamond());
    fresh.loadState(throughText(saved));

    Conversation before = new Conversation(PARTICIPANTS, transcript, List.of(), List.of());
    assertThat(fresh.next(before, CancellationToken.none(), event -> {})).containsExactly("e");
    Conversation afterE =
        new Conversation(PARTICIPANTS, transcript, List.of("e"), says("e"));
    assertThat(fresh.afterTurn(afterE)).isEmpty();
    assertThat(original.afterTurn(afterE)).isEmpty();
    assertThat(fresh.next(before, CancellationToken.none(), event -> {}))
        .isEqualTo(original.next(before, CancellationToken.none(), event -> {}))
        .containsExactly("d");
    // Without the state, the graph would have started over at its entry.
    assertThat(new GraphFlow(diamond()).next(before, CancellationToken.none(), event -> {}))
        .containsExactly("a");
  }

  @Test
  void graphStateNamingAGroupTheNodeLacksIsRejected() {
    GraphFlow flow = new GraphFlow(diamond());
    JsonNode before = flow.saveState();
    ObjectNode bad = before.deepCopy();
    bad.putObject("delivered").putObject("d").putArray("loop").add("b");

    assertThatThrownBy(() -> flow.loadState(bad))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("delivered.d.loop"))
        .hasMessageContaining("'d' has no activation group 'loop'");
    ObjectNode stranger = before.deepCopy();
    stranger.putObject("delivered").putObject("d").putArray("d").add("a");
    assertThatThrownBy(() -> flow.loadState(stranger))
        .hasMessageContaining("[a] are not all parents in group 'd' [b, e]");
    ObjectNode idle = before.deepCopy();
    idle.putArray("ready");
    assertThatThrownBy(() -> flow.loadState(idle))
        .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.path()).isEqualTo("ready"));
    assertThat(flow.saveState()).isEqualTo(before);
  }

  @Test
  void graphStateNamingAnEdgeTheGraphLacksIsRejected() {
    GraphFlow flow = new GraphFlow(diamond());
    JsonNode before = flow.saveState();
    ObjectNode bad = before.deepCopy();
    ObjectNode traversal = bad.putArray("traversals").addObject();
    traversal.put("source", "d").put("target", "a").put("count", 1);

    assertThatThrownBy(() -> flow.loadState(bad))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("traversals[0]"))
        .hasMessageContaining("no edge 'd' -> 'a'");
    assertThat(flow.saveState()).isEqualTo(before);
  }

  @Test
  void aLoopingGraphSavesAndLoadsWhereItIsInTheLoop() {
    ChatGraph loop =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .node("c")
            .entry("a")
            .edge("a", "b")
            .edge("b", "c")
            .edge(ChatGraph.Edge.of("c", "b").whenContains("again").maxTraversals(3))
            .build();
    GraphFlow original = new GraphFlow(loop);
    List<Conversation.Participant> abc = PARTICIPANTS.subList(0, 3);
    for (String speaker : List.of("a", "b", "c")) {
      List<AgentMessage> said = List.of(new AgentMessage.Text(speaker, "again"));
      original.afterTurn(new Conversation(abc, said, List.of(speaker), said));
    }

    JsonNode saved = original.saveState();
    GraphFlow fresh = new GraphFlow(loop);
    fresh.loadState(throughText(saved));

    assertThat(saved.get("ready")).containsExactly(Json.mapper().valueToTree("b"));
    assertThat(fresh.saveState()).isEqualTo(saved);
    Conversation any = new Conversation(abc, List.of(), List.of(), List.of());
    assertThat(fresh.next(any, CancellationToken.none(), event -> {})).containsExactly("b");
  }
}
