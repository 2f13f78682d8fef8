package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.Question;
import dev.cadre.core.Json;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.store.Checkpoint;
import dev.cadre.state.store.CheckpointKind;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.CheckpointStoreException;
import dev.cadre.state.store.RunState;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolResultLog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One durable run as this process sees it: the store, the version it last committed, and the tool
 * results recorded since the latest snapshot. Every step of the run, from the manager and from the
 * participants' tool calls alike, is appended here, so they share one optimistic-locking version.
 * Once an append has failed the run is lost to this process and every later append fails too.
 */
final class DurableRun {

  private final CheckpointStore store;
  private final String runId;
  private final Map<String, ToolResult> toolResults = new ConcurrentHashMap<>();
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Map<String, String> answersById = new ConcurrentHashMap<>();
  private long version;
  private CheckpointStoreException lost;

  DurableRun(CheckpointStore store, String runId, long version) {
    this.store = Objects.requireNonNull(store, "store");
    this.runId = Objects.requireNonNull(runId, "runId");
    this.version = version;
  }

  String runId() {
    return runId;
  }

  /** Commits one step; returns only once it is in the store. */
  synchronized Checkpoint append(CheckpointKind kind, JsonNode payload) {
    if (lost != null) {
      throw lost;
    }
    try {
      Checkpoint committed = store.append(runId, version, kind, payload);
      version = committed.version();
      return committed;
    } catch (CheckpointStoreException e) {
      lost = e;
      throw e;
    }
  }

  /** Remembers a tool result read back from the store on resume. */
  void recordedEarlier(String agent, ToolResult result) {
    toolResults.put(key(agent, result.callId()), result);
  }

  /** Gives {@code agent} the person's answer for its next turn (a paused run resumed). */
  void answer(String agent, String answer) {
    answers.put(agent, answer);
  }

  /**
   * Keeps a person's answer to question {@code questionId} for the rest of the turn: a tool that
   * paused the run to ask it (an MCP server's elicitation) is called again on resume, asks again,
   * and finds the answer through its {@link dev.cadre.tool.ToolContext#answer}.
   */
  void answered(String questionId, String answer) {
    answersById.put(questionId, answer);
  }

  /** The person's answer waiting for {@code agent}'s turn, taken once; null when there is none. */
  String takeAnswer(String agent) {
    return answers.remove(agent);
  }

  /** The log a participant's tool calls go to. */
  ToolResultLog toolLog(String agent) {
    return new ToolResultLog() {
      @Override
      public Optional<ToolResult> recorded(ToolCall call) {
        return Optional.ofNullable(toolResults.get(key(agent, call.id())));
      }

      @Override
      public void starting(ToolCall call) {
        ObjectNode payload = State.document(TOOL_CALL);
        payload.put("agent", agent);
        payload.set("call", Json.mapper().valueToTree(call));
        append(CheckpointKind.TOOL_CALL, payload);
      }

      @Override
      public void completed(ToolCall call, ToolResult result) {
        append(CheckpointKind.TOOL_RESULT, State.write(TOOL_RESULT, new Recorded(agent, result)));
        toolResults.put(key(agent, call.id()), result);
      }

      @Override
      public Optional<String> answer(String questionId) {
        return Optional.ofNullable(answersById.get(questionId));
      }
    };
  }

  static final String SNAPSHOT = "run";
  static final String SPEAKERS = "speakers";
  static final String MESSAGE = "message";
  static final String TOOL_CALL = "tool-call";
  static final String TOOL_RESULT = "tool-result";
  static final String RESUMED = "resumed";
  static final String PAUSED = "paused";

  /**
   * Where a run stands with a person, from its steps since the latest snapshot: the question of its
   * latest {@link CheckpointKind#PAUSED} step, and the answer a later {@link
   * CheckpointKind#RESUMED} step brought (null while the run waits). Null when the run has not
   * paused since its latest snapshot.
   */
  static Pause pauseOf(String runId, List<Checkpoint> steps) {
    Pause pause = null;
    for (Checkpoint step : steps) {
      if (step.kind() == CheckpointKind.PAUSED) {
        ObjectNode document = open(runId, step, PAUSED);
        try {
          pause = new Pause(State.read(document, Paused.class).question(), null);
        } catch (StateException e) {
          throw unreadable(runId, step, e);
        }
      } else if (step.kind() == CheckpointKind.RESUMED && pause != null && pause.answer == null) {
        JsonNode answer = open(runId, step, RESUMED).get("answer");
        if (answer != null && answer.isTextual()) {
          pause = new Pause(pause.question(), answer.asText());
        }
      }
    }
    return pause;
  }

  /**
   * The answers the run was resumed with since its latest snapshot, by question id: a turn cut
   * short by several questions (an MCP form, one field at a time) runs again with all of them.
   */
  static Map<String, String> answersOf(String runId, List<Checkpoint> steps) {
    Map<String, String> answered = new java.util.LinkedHashMap<>();
    for (Checkpoint step : steps) {
      if (step.kind() == CheckpointKind.RESUMED) {
        ObjectNode resumed = open(runId, step, RESUMED);
        JsonNode question = resumed.get("question");
        JsonNode answer = resumed.get("answer");
        if (question != null && question.isTextual() && answer != null && answer.isTextual()) {
          answered.put(question.asText(), answer.asText());
        }
      }
    }
    return answered;
  }

  /** The steps of a run committed after its latest snapshot (all of them when it has none). */
  static List<Checkpoint> stepsSinceSnapshot(RunState state) {
    long after = state.snapshot().map(Checkpoint::version).orElse(0L);
    return state.steps().stream().filter(step -> step.version() > after).toList();
  }

  /**
   * The result of run {@code runId} in {@code store}, if it has finished (see {@link
   * Team#finished}).
   */
  static Optional<TaskResult> finished(CheckpointStore store, String runId) {
    return store
        .load(runId)
        .flatMap(RunState::snapshot)
        .map(snapshot -> snapshotOf(runId, snapshot))
        .filter(snapshot -> snapshot.stop() != null)
        .map(Snapshot::result);
  }

  /**
   * The question run {@code runId} in {@code store} waits on, if it waits for a person (see {@link
   * Team#waiting}).
   */
  static Optional<Question> waiting(CheckpointStore store, String runId) {
    return store
        .load(runId)
        .map(state -> pauseOf(runId, stepsSinceSnapshot(state)))
        .filter(pause -> pause.answer() == null)
        .map(Pause::question);
  }

  /** A run's pause: the question, and the answer once a resume brought it (else null). */
  record Pause(Question question, String answer) {}

  /** The body of a pause step: the question the run waits on. */
  record Paused(Question question) {
    Paused {
      State.require(question, "question");
    }
  }

  /**
   * Reads a checkpoint's payload as a state document of {@code kind}.
   *
   * @throws StateException naming the run, the checkpoint and what is wrong with it
   */
  static ObjectNode open(String runId, Checkpoint checkpoint, String kind) {
    try {
      return State.open(State.parse(checkpoint.payload()), kind);
    } catch (StateException e) {
      throw unreadable(runId, checkpoint, e);
    }
  }

  private static String key(String agent, String callId) {
    return agent + "\u0000" + callId;
  }

  /**
   * The body of a {@code run} snapshot: the team's state document after the step, and the run's
   * own progress.
   *
   * @param timeline the run's timeline so far ({@link TaskResult#timeline()})
   * @param turns the run's turns so far, for the logs
   * @param stop why the run ended (a failure is recorded here, as data), or null while it goes on
   * @param kept the documents of what the team keeps with its runs ({@link Team#keepWithRuns}), by
   *     name; empty in snapshots written before there was any
   */
  record Snapshot(
      JsonNode team,
      List<dev.cadre.agent.AgentMessage> messages,
      List<TeamEvent> timeline,
      int turns,
      dev.cadre.model.Usage usage,
      StopReason stop,
      Map<String, JsonNode> kept) {

    Snapshot {
      State.require(team, "team");
      messages = List.copyOf(State.require(messages, "messages"));
      timeline = List.copyOf(State.require(timeline, "timeline"));
      usage = usage == null ? dev.cadre.model.Usage.ZERO : usage;
      kept = kept == null ? Map.of() : Map.copyOf(kept);
    }

    /** The run's result, once it has stopped. */
    TaskResult result() {
      return new TaskResult(messages, timeline, stop, usage, null);
    }
  }

  /**
   * Reads a snapshot checkpoint of run {@code runId}.
   *
   * @throws StateException naming the run, the checkpoint and what is wrong with it
   */
  static Snapshot snapshotOf(String runId, Checkpoint checkpoint) {
    ObjectNode document = open(runId, checkpoint, SNAPSHOT);
    try {
      return State.read(document, Snapshot.class);
    } catch (StateException e) {
      throw unreadable(runId, checkpoint, e);
    }
  }

  /**
   * The body of a speaker choice: who speaks, and the selector's state after choosing them.
   *
   * @param usage the run's usage after the choice, the selector's model call included; null in
   *     choices written before it was recorded
   * @param kept the documents of what the team keeps with its runs, after the choice (a selector
   *     may have asked a scripted model); empty in choices written before there was any
   */
  record Choice(
      java.util.List<String> speakers,
      JsonNode selector,
      dev.cadre.model.Usage usage,
      Map<String, JsonNode> kept) {
    Choice {
      speakers = java.util.List.copyOf(State.require(speakers, "speakers"));
      State.require(selector, "selector");
      kept = kept == null ? Map.of() : Map.copyOf(kept);
    }
  }

  /** The body of a recorded tool result: whose tool, and its result. */
  record Recorded(String agent, ToolResult result) {
    Recorded {
      State.require(agent, "agent");
      State.require(result, "result");
    }
  }

  static StateException unreadable(String runId, Checkpoint checkpoint, StateException e) {
    return new StateException(
        "",
        "checkpoint "
            + checkpoint.version()
            + " ("
            + checkpoint.kind()
            + ") of run '"
            + runId
            + "' cannot be read: "
            + (e.path().isEmpty() ? "" : "at '" + e.path() + "': ")
            + e.problem()
            + ". Nothing was changed; the run can only be resumed by a Cadre that can read it, or"
            + " after the checkpoint is repaired.",
        e);
  }
}
