package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.Usage;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A team shares its transcript with its selector and its speakers rather than copying it for each
 * turn: what they are handed must still be immutable, and stay as it was however long they keep
 * it, across later turns, runs and resets.
 */
@Timeout(60)
class SharedTranscriptTest {

  private Team team;

  @AfterEach
  void close() {
    if (team != null) {
      team.close();
    }
  }

  /** Answers with the last message it was handed; keeps every list it was handed. */
  private static final class Echo implements ChatAgent {
    final String name;
    final List<List<? extends AgentMessage>> handed = new ArrayList<>();
    final List<List<String>> handedThen = new ArrayList<>();

    Echo(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "echoes";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      handed.add(messages);
      handedThen.add(lines(messages));
      String last = messages.isEmpty() ? "nothing" : messages.get(messages.size() - 1).content();
      return new AgentResponse(
          new AgentMessage.Text(name, name + " heard " + last), List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {}
  }

  /** Round robin that keeps every conversation it is shown, with what each held then. */
  private static final class Keeping implements SpeakerSelector {
    final RoundRobin order = new RoundRobin();
    final List<Conversation> kept = new ArrayList<>();
    final List<List<String>> messagesThen = new ArrayList<>();
    final List<List<String>> lastTurnThen = new ArrayList<>();
    final List<List<String>> lastSpeakersThen = new ArrayList<>();

    @Override
    public List<String> next(
        Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
      keep(conversation);
      return order.next(conversation, cancellation, events);
    }

    @Override
    public Optional<String> afterTurn(Conversation conversation) {
      keep(conversation);
      return Optional.empty();
    }

    private void keep(Conversation conversation) {
      kept.add(conversation);
      messagesThen.add(lines(conversation.messages()));
      lastTurnThen.add(lines(conversation.lastTurn()));
      lastSpeakersThen.add(List.copyOf(conversation.lastSpeakers()));
    }

    @Override
    public void reset() {
      order.reset();
    }

    @Override
    public JsonNode saveState() {
      return order.saveState();
    }

    @Override
    public void loadState(JsonNode state) {
      order.loadState(state);
    }
  }

  private static List<String> lines(List<? extends AgentMessage> messages) {
    List<String> lines = new ArrayList<>();
    for (AgentMessage message : messages) {
      lines.add(message.source() + ": " + message.content());
    }
    return lines;
  }

  private Team team(SpeakerSelector selector, int maxTurns, ChatAgent... participants) {
    team =
        new Team(
            new TeamSpec("chat", "", List.of(participants), selector, null, maxTurns, null));
    return team;
  }

  @Test
  void aSelectorThatKeepsEachConversationSeesItAsItWasWhenItChose() {
    Keeping selector = new Keeping();
    team(selector, 3, new Echo("a"), new Echo("b"), new Echo("c"));

    team.run("first");
    team.run(); // continues the conversation
    team.reset(); // forgets it: what was handed out before must not change
    team.run("second");

    // next and afterTurn for each of 9 turns.
    assertThat(selector.kept).hasSize(18);
    for (int i = 0; i < selector.kept.size(); i++) {
      Conversation kept = selector.kept.get(i);
      assertThat(lines(kept.messages()))
          .as("messages of #%d", i)
          .isEqualTo(selector.messagesThen.get(i));
      assertThat(lines(kept.lastTurn()))
          .as("last turn of #%d", i)
          .isEqualTo(selector.lastTurnThen.get(i));
      assertThat(kept.lastSpeakers()).isEqualTo(selector.lastSpeakersThen.get(i));
    }
    // What the selector was shown, turn by turn: the second run goes on from the first, and the
    // third starts from its task alone.
    assertThat(selector.messagesThen.get(0)).containsExactly("user: first");
    assertThat(selector.messagesThen.get(5))
        .containsExactly(
            "user: first",
            "a: a heard first",
            "b: b heard a heard first",
            "c: c heard b heard a heard first");
    assertThat(selector.lastTurnThen.get(5)).containsExactly("c: c heard b heard a heard first");
    assertThat(selector.messagesThen.get(12)).containsExactly("user: second");
    assertThat(selector.lastTurnThen.get(12)).containsExactly("user: second");
    assertThat(selector.messagesThen.get(17)).hasSize(4).first().isEqualTo("user: second");
  }

  @Test
  void whatASelectorIsShownCannotBeChanged() {
    Keeping selector = new Keeping();
    team(selector, 2, new Echo("a"), new Echo("b"));
    team.run("task");

    Conversation kept = selector.kept.get(selector.kept.size() - 1);
    AgentMessage extra = AgentMessage.user("extra");
    for (List<AgentMessage> list : List.of(kept.messages(), kept.lastTurn())) {
      assertThatThrownBy(() -> list.add(extra)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.set(0, extra))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.subList(0, 1).clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(
              () -> {
                var iterator = list.iterator();
                iterator.next();
                iterator.remove();
              })
          .isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(lines(kept.messages()))
        .containsExactly("user: task", "a: a heard task", "b: b heard a heard task");

    // The conversation goes on as if nothing had been tried.
    TaskResult next = team.run();
    assertThat(lines(next.messages()))
        .containsExactly(
            "a: a heard b heard a heard task", "b: b heard a heard b heard a heard task");
  }

  @Test
  void aSpeakerThatKeepsWhatItWasHandedSeesItAsItWas() {
    Echo a = new Echo("a");
    Echo b = new Echo("b");
    team(new RoundRobin(), 4, a, b);

    team.run("first");
    team.reset();
    team.run("second");

    for (Echo echo : List.of(a, b)) {
      for (int i = 0; i < echo.handed.size(); i++) {
        assertThat(lines(echo.handed.get(i))).isEqualTo(echo.handedThen.get(i));
        List<? extends AgentMessage> handed = echo.handed.get(i);
        assertThatThrownBy(() -> handed.remove(0))
            .isInstanceOf(UnsupportedOperationException.class);
      }
    }
    // Each is handed what it has not seen, without what it said itself.
    assertThat(a.handedThen)
        .containsExactly(
            List.of("user: first"),
            List.of("b: b heard a heard first"),
            List.of("user: second"),
            List.of("b: b heard a heard second"));
    assertThat(b.handedThen)
        .containsExactly(
            List.of("user: first", "a: a heard first"),
            List.of("a: a heard b heard a heard first"),
            List.of("user: second", "a: a heard second"),
            List.of("a: a heard b heard a heard second"));
  }

  /**
   * Copying the transcript for the selector made a turn's cost grow with the conversation: at
   * 2,000 turns the copies alone were about 8 KB a turn. Shared, a turn allocates the same at 200
   * turns and at 2,000.
   */
  @Test
  void aTurnAllocatesTheSameHoweverLongTheConversation() {
    long shortTurn = Long.MAX_VALUE;
    long longTurn = Long.MAX_VALUE;
    try (Team shortChat = echoes(200);
        Team longChat = echoes(2_000)) {
      // Warm up, so that both are measured compiled.
      for (int i = 0; i < 5; i++) {
        perTurn(shortChat, 200);
        perTurn(longChat, 2_000);
      }
      for (int i = 0; i < 5; i++) {
        shortTurn = Math.min(shortTurn, perTurn(shortChat, 200));
        longTurn = Math.min(longTurn, perTurn(longChat, 2_000));
      }
    }

    assertThat(longTurn)
        .as("bytes a turn at 2,000 turns (%d at 200 turns)", shortTurn)
        .isLessThan(shortTurn * 3 / 2);
  }

  private static Team echoes(int turns) {
    List<ChatAgent> echoes = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      echoes.add(new ScenarioAgents.Echo(name));
    }
    return new Team(new TeamSpec("chat", "", echoes, new RoundRobin(), null, turns, null));
  }

  /** Bytes this thread allocated a turn, for one chat of {@code turns} turns and its reset. */
  private static long perTurn(Team chat, int turns) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    TaskResult result = chat.run("go");
    chat.reset();
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(result.messages()).hasSize(turns + 1);
    return allocated / turns;
  }
}
