package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.Question;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.Stateful;
import dev.cadre.state.store.Checkpoint;
import dev.cadre.state.store.CheckpointKind;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where a durable run goes on from, read from its checkpoints: the latest snapshot, and after it
 * the speaker choice, the tool results and the pause the run had reached. Everything is read and
 * checked before anything changes, so a run that cannot be resumed leaves the store, and the
 * team, as they were. A turn that the snapshot does not cover is run again from its start, with
 * the speakers chosen for it if that choice was committed, and with the tool results committed
 * for it.
 */
final class DurableResume {

  private final String runId;
  private final String team;
  private final long version;
  private final DurableRun.Snapshot snapshot;
  // The speakers chosen after the snapshot, and the selector's state after choosing them; null
  // when no choice was committed.
  private final List<String> chosen;
  private final JsonNode selectorAfterChoice;
  // What the team keeps with its runs, and the run's usage, as of the step the run goes on from.
  private final Checkpoint keptAt;
  private final Map<String, JsonNode> keptThen;
  private final Usage usageThen;
  private final List<DurableRun.Recorded> results;
  private final DurableRun.Pause pause;
  private final String answer;
  private final Map<String, String> answered; // question id -> answer, of earlier pauses

  private DurableResume(
      String runId,
      String team,
      long version,
      DurableRun.Snapshot snapshot,
      List<String> chosen,
      JsonNode selectorAfterChoice,
      Checkpoint keptAt,
      Map<String, JsonNode> keptThen,
      Usage usageThen,
      List<DurableRun.Recorded> results,
      DurableRun.Pause pause,
      String answer,
      Map<String, String> answered) {
    this.runId = runId;
    this.team = team;
    this.version = version;
    this.snapshot = snapshot;
    this.chosen = chosen;
    this.selectorAfterChoice = selectorAfterChoice;
    this.keptAt = keptAt;
    this.keptThen = keptThen;
    this.usageThen = usageThen;
    this.results = results;
    this.pause = pause;
    this.answer = answer;
    this.answered = answered;
  }

  /**
   * Reads run {@code runId} from {@code store} for team {@code team} to resume, with a person's
   * {@code answer} when it is paused for one (else null).
   *
   * @throws IllegalStateException when there is no store, or the answer does not fit the run (it
   *     waits for one and none was given, or the reverse)
   * @throws IllegalArgumentException when the store has no such run
   * @throws StateException when a checkpoint cannot be read
   */
  static DurableResume read(CheckpointStore store, String team, String runId, String answer) {
    if (store == null) {
      throw new IllegalStateException(
          "team '" + team + "' has no checkpoint store; build it with one to resume runs");
    }
    RunState state =
        store
            .load(runId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "there is no run '"
                            + runId
                            + "' in "
                            + store
                            + "; check the run id, and that team '"
                            + team
                            + "' uses the store the run was started with"));
    Checkpoint snapshotStep =
        state
            .snapshot()
            .orElseThrow(
                () ->
                    new StateException(
                        "",
                        "run '"
                            + runId
                            + "' has no snapshot checkpoint, so it was not written by a team and"
                            + " cannot be resumed by one"));
    DurableRun.Snapshot snapshot = DurableRun.snapshotOf(runId, snapshotStep);
    List<String> chosen = null;
    JsonNode selectorAfterChoice = null;
    Checkpoint keptAt = snapshotStep;
    Map<String, JsonNode> keptThen = snapshot.kept();
    Usage usageThen = snapshot.usage();
    List<DurableRun.Recorded> results = new ArrayList<>();
    List<Checkpoint> sinceSnapshot = DurableRun.stepsSinceSnapshot(state);
    for (Checkpoint step : sinceSnapshot) {
      if (step.kind() == CheckpointKind.SPEAKER_CHOICE) {
        DurableRun.Choice choice =
            readStep(runId, step, DurableRun.SPEAKERS, DurableRun.Choice.class);
        chosen = choice.speakers();
        selectorAfterChoice = choice.selector();
        keptAt = step;
        keptThen = choice.kept();
        usageThen = choice.usage() != null ? choice.usage() : snapshot.usage();
      } else if (step.kind() == CheckpointKind.PAUSED || step.kind() == CheckpointKind.RESUMED) {
        // Read below, by DurableRun.pauseOf.
      } else if (step.kind() == CheckpointKind.TOOL_RESULT) {
        results.add(readStep(runId, step, DurableRun.TOOL_RESULT, DurableRun.Recorded.class));
      } else {
        // Messages, tool calls without a result and resumptions: the turn is run again.
        readStep(runId, step, kindOf(step.kind()), JsonNode.class);
      }
    }
    DurableRun.Pause pause = DurableRun.pauseOf(runId, sinceSnapshot);
    boolean waiting = pause != null && pause.answer() == null;
    if (answer != null && !waiting) {
      throw new IllegalStateException(
          "run '"
              + runId
              + "' is not waiting for a person's answer ("
              + (snapshot.stop() != null
                  ? "it has finished: " + snapshot.stop().text()
                  : pause != null
                      ? "its question " + pause.question().id() + " was answered already"
                      : "it did not pause")
              + "), so the answer is not used; resume it without one: resume(\""
              + runId
              + "\")");
    }
    if (waiting && answer == null) {
      Question question = pause.question();
      throw new IllegalStateException(
          "run '"
              + runId
              + "' is paused, waiting for a person's answer to '"
              + question.agent()
              + "'s question "
              + question.id()
              + " (\""
              + question.prompt()
              + "\"); continue it with resume(\""
              + runId
              + "\", answer)");
    }
    return new DurableResume(
        runId,
        team,
        state.version(),
        snapshot,
        chosen,
        selectorAfterChoice,
        keptAt,
        keptThen,
        usageThen,
        results,
        pause,
        answer,
        DurableRun.answersOf(runId, sinceSnapshot));
  }

  /** The run's result when it had finished, which resuming gives again; null when it goes on. */
  TaskResult finished() {
    return snapshot.stop() != null ? snapshot.result() : null;
  }

  /** The snapshot the run goes on from. */
  DurableRun.Snapshot snapshot() {
    return snapshot;
  }

  /** The speakers chosen after the snapshot, who speak first; null for the selector to choose. */
  List<String> chosen() {
    return chosen;
  }

  /** The selector's state after the committed choice; null when there is none. */
  JsonNode selectorAfterChoice() {
    return selectorAfterChoice;
  }

  /** The run's usage as of the step it goes on from. */
  Usage usage() {
    return usageThen;
  }

  /**
   * Puts back what the team keeps with its runs, as the step the run goes on from (the snapshot,
   * or the speaker choice after it) saved it. What the step holds and the team does not keep is
   * left alone: a run started on a replay script can go on live.
   *
   * @throws IllegalStateException naming the run and what the step lacks, before anything changed
   * @throws StateException when a kept part rejects its document
   */
  void restoreKept(Map<String, Stateful> kept) {
    List<String> missing = kept.keySet().stream().filter(n -> !keptThen.containsKey(n)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "run '"
              + runId
              + "' cannot be resumed as it was: team '"
              + team
              + "' keeps "
              + missing
              + " with its runs, and checkpoint "
              + keptAt.version()
              + " ("
              + keptAt.kind()
              + ") holds "
              + (keptThen.isEmpty()
                  ? "nothing of the kind"
                  : "only " + new TreeSet<>(keptThen.keySet()))
              + ": the run was started by a team that did not keep it (on a live model rather than"
              + " a replay script, say); resume it on a team built like that one");
    }
    for (Map.Entry<String, Stateful> entry : kept.entrySet()) {
      try {
        entry.getValue().loadState(keptThen.get(entry.getKey()));
      } catch (StateException e) {
        throw new StateException(
            "kept." + entry.getKey() + (e.path().isEmpty() ? "" : "." + e.path()),
            "run '"
                + runId
                + "': '"
                + entry.getKey()
                + "', kept with checkpoint "
                + keptAt.version()
                + ", cannot be put back: "
                + e.problem(),
            e);
      }
    }
  }

  /** The run as this process goes on with it, from the store's version, knowing its results. */
  DurableRun durableRun(CheckpointStore store) {
    DurableRun durable = new DurableRun(store, runId, version);
    results.forEach(recorded -> durable.recordedEarlier(recorded.agent(), recorded.result()));
    answered.forEach(durable::answered);
    return durable;
  }

  /**
   * Commits the resumption, with the person's answer when there is one, and hands the answer to
   * the agent that asked. The answer is committed before anything acts on it, so a crash before
   * the proxy's message is committed loses nothing: the next resume finds the answer here.
   */
  void commitResumed(DurableRun durable) {
    ObjectNode resumed = State.document(DurableRun.RESUMED);
    if (answer != null) {
      resumed.put("question", pause.question().id());
      resumed.put("answer", answer);
    }
    durable.append(CheckpointKind.RESUMED, resumed);
    if (pause != null) {
      durable.answer(pause.question().agent(), answer != null ? answer : pause.answer());
      if (answer != null) {
        durable.answered(pause.question().id(), answer);
      }
    }
  }

  private static String kindOf(CheckpointKind kind) {
    switch (kind) {
      case MESSAGE:
        return DurableRun.MESSAGE;
      case TOOL_CALL:
        return DurableRun.TOOL_CALL;
      case TOOL_RESULT:
        return DurableRun.TOOL_RESULT;
      case SPEAKER_CHOICE:
        return DurableRun.SPEAKERS;
      case RESUMED:
        return DurableRun.RESUMED;
      case PAUSED:
        return DurableRun.PAUSED;
      default:
        return DurableRun.SNAPSHOT;
    }
  }

  private static <T> T readStep(String runId, Checkpoint step, String kind, Class<T> type) {
    ObjectNode document = DurableRun.open(runId, step, kind);
    if (type == JsonNode.class) {
      return type.cast(document);
    }
    try {
      return State.read(document, type);
    } catch (StateException e) {
      throw DurableRun.unreadable(runId, step, e);
    }
  }
}
