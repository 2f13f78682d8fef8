package dev.cadre.team;

import static dev.cadre.team.MagenticOneTeamTest.done;
import static dev.cadre.team.MagenticOneTeamTest.go;
import static dev.cadre.team.MagenticOneTeamTest.ledger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.DyingStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Magentic-One team's ledger (task, facts, plan, stall and turn counts, where its thread starts)
 * survives a durable run's crash on a real SQLite file, and its saved state.
 */
@Timeout(60)
class MagenticOneDurableTest {

  @TempDir Path dir;

  /** The orchestrator's script up to the researcher's turn, in which the process dies. */
  private static final String[] BEFORE_CRASH = {
    "FACTS 1", "PLAN 1", ledger(false, false, false, "researcher", "Try the table.")
  };

  /** The rest of it: a loop (the second stall, so a re-plan), the writer, done, the answer. */
  private static final String[] AFTER_CRASH = {
    ledger(false, true, true, "researcher", "Try the table again."),
    "FACTS 2: the table is in the appendix",
    "PLAN 2: the writer reads the appendix",
    go("writer", "Read the appendix."),
    done(),
    "It was 42."
  };

  private static String[] whole() {
    List<String> all = new ArrayList<>(List.of(BEFORE_CRASH));
    all.addAll(List.of(AFTER_CRASH));
    return all.toArray(String[]::new);
  }

  private static Team desk(CheckpointStore store, ReplayChatModel orchestrator) {
    return new Team(
        new TeamSpec(
            "desk",
            "",
            List.of(
                TeamFixtures.agent("researcher", ReplayChatModel.ofTexts("I cannot find it.")),
                TeamFixtures.agent("writer", ReplayChatModel.ofTexts("The appendix says 42."))),
            MagenticOne.builder(orchestrator).maxStalls(2).build(),
            null,
            Integer.MAX_VALUE,
            null),
        store);
  }

  private static List<String> transcript(TaskResult result) {
    return result.messages().stream().map(m -> m.source() + ": " + m.content()).toList();
  }

  @Test
  void aRunResumedAfterACrashGoesOnWithTheLedgerStallsAndTurnsItHad() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      TaskResult reference;
      try (Team team = desk(store, ReplayChatModel.ofTexts(whole()))) {
        reference = team.runDurable("reference", "What were the total sales?", event -> {});
      }
      assertThat(reference.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);

      try (Team team =
          desk(
              DyingStore.onPayload(store, "I cannot find it."),
              ReplayChatModel.ofTexts(BEFORE_CRASH))) {
        assertThatThrownBy(
                () -> team.runDurable("crashed", "What were the total sales?", event -> {}))
            .hasMessageContaining("the process died");
      }

      // A new process: its orchestrator's model answers only what was not yet asked. Had the
      // stall been lost, the loop would be the first stall and the researcher would speak again;
      // had the facts or the task been lost, the orchestrator would plan from scratch.
      ReplayChatModel rest = ReplayChatModel.ofTexts(AFTER_CRASH);
      List<TeamEvent> events = new CopyOnWriteArrayList<>();
      TaskResult resumed;
      MagenticOne orchestrator;
      try (Team team = desk(store, rest)) {
        orchestrator = (MagenticOne) team.spec().selector();
        resumed = team.resume("crashed", events::add);
      }

      assertThat(transcript(resumed)).isEqualTo(transcript(reference));
      assertThat(rest.remaining()).isZero();
      assertThat(events)
          .filteredOn(TeamEvent.ProgressLedgerWritten.class::isInstance)
          .map(TeamEvent.ProgressLedgerWritten.class::cast)
          .extracting(e -> e.turn() + "/" + e.stalls())
          .containsExactly("2/2", "2/0", "3/0");
      // The progress ledger after the crash reads the thread from the first task ledger on.
      List<ChatMessage> first = rest.requests().get(0).messages();
      assertThat(((ChatMessage.User) first.get(0)).content())
          .isEqualTo("What were the total sales?");
      assertThat(((ChatMessage.Assistant) first.get(1)).content()).contains("PLAN 1");
      // The facts are revised from the ones the crashed run had written.
      List<ChatMessage> revise = rest.requests().get(1).messages();
      assertThat(((ChatMessage.User) revise.get(revise.size() - 1)).content())
          .contains("FACTS 1")
          .contains("What were the total sales?");
      assertThat(orchestrator.ledger())
          .satisfies(
              l -> {
                assertThat(l.facts()).isEqualTo("FACTS 2: the table is in the appendix");
                assertThat(l.plan()).isEqualTo("PLAN 2: the writer reads the appendix");
                assertThat(l.turns()).isEqualTo(2);
                assertThat(l.replans()).isEqualTo(1);
                assertThat(l.answered()).isTrue();
              });
    }
  }

  /** The desk on {@code runtime}, stopped by the team's own bound after each turn. */
  private static TeamSpec oneTurnAtATime(
      AgentRuntime runtime, ReplayChatModel orchestrator, ReplayChatModel writer) {
    return new TeamSpec(
        "desk",
        "",
        List.of(
            TeamFixtures.agent("researcher", ReplayChatModel.ofTexts("I cannot find it.")),
            TeamFixtures.agent("writer", writer)),
        MagenticOne.builder(orchestrator).build(),
        null,
        1,
        runtime);
  }

  @Test
  void theManagerMovesToAnotherProcessWithTheLedgerAndTheNextRunGoesOnAsItWouldHave()
      throws Exception {
    String[] script = {
      "FACTS", "PLAN", go("researcher", "Try the table."), go("writer", "Write it up.")
    };
    RecordingRuntime first = new RecordingRuntime();
    RecordingRuntime second = null;
    try {
      ReplayChatModel orchestrator = ReplayChatModel.ofTexts(script);
      ReplayChatModel writer = ReplayChatModel.ofTexts("Written.");
      TaskResult expected;
      Map<String, JsonNode> handedOver = new LinkedHashMap<>();
      try (Team original = new Team(oneTurnAtATime(first, orchestrator, writer), null, "t1")) {
        original.run("What were the total sales?");
        // Through JSON text, as a distributed runtime carries it.
        first
            .saveStates()
            .forEach((type, state) -> handedOver.put(type, State.parse(Json.write(state))));
        expected = original.run();
      }

      second = new RecordingRuntime(handedOver);
      ReplayChatModel movedOrchestrator = ReplayChatModel.ofTexts(script[3]);
      TaskResult actual;
      try (Team moved =
          new Team(
              oneTurnAtATime(second, movedOrchestrator, ReplayChatModel.ofTexts("Written.")),
              null,
              "t1")) {
        actual = moved.run();
      }

      assertThat(actual.messages())
          .isEqualTo(expected.messages())
          .extracting(AgentMessage::source)
          .containsExactly("orchestrator", "writer");
      assertThat(movedOrchestrator.requests())
          .containsExactly(orchestrator.requests().get(3));
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  @Test
  void theLedgerIsSavedAndLoadedWithTheTeamsState() {
    ReplayChatModel model = ReplayChatModel.ofTexts(BEFORE_CRASH);
    JsonNode saved;
    MagenticOne.Ledger before;
    try (Team team = desk(null, model)) {
      // The researcher speaks, then the script ends: the run fails, the ledger stays as it was.
      assertThatThrownBy(() -> team.run(AgentMessage.user("What were the total sales?")))
          .isInstanceOf(TeamRunException.class);
      before = ((MagenticOne) team.spec().selector()).ledger();
      saved = team.saveState();
    }
    assertThat(before.stalls()).isEqualTo(1);
    assertThat(before.turns()).isEqualTo(1);
    assertThat(before.plan()).isEqualTo("PLAN 1");

    try (Team team = desk(null, ReplayChatModel.ofTexts())) {
      team.loadState(saved);
      assertThat(((MagenticOne) team.spec().selector()).ledger()).isEqualTo(before);
    }
  }

  @Test
  void aSavedLedgerWithANegativeCountIsRejectedAndNothingChanges() {
    MagenticOne orchestrator = MagenticOne.builder(ReplayChatModel.ofTexts()).build();
    MagenticOne.Ledger fresh = orchestrator.ledger();
    ObjectNode state = (ObjectNode) orchestrator.saveState();
    state.put("stalls", -1);
    assertThatThrownBy(() -> orchestrator.loadState(state))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("cannot be negative");
    assertThat(orchestrator.ledger()).isEqualTo(fresh);

    ObjectNode roundRobin = (ObjectNode) new RoundRobin().saveState();
    assertThatThrownBy(() -> orchestrator.loadState(roundRobin))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("roundRobin");
  }
}
