package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.TeamState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Saves a team manager's state as a {@code team} document ({@link TeamState}) and loads one back,
 * all or nothing: the whole document is checked first; then the selector, the termination
 * condition and the participants each check their own part before changing anything, and should
 * one refuse after others have loaded, those are given back the state they had. The conversation
 * is replaced last, once nothing can refuse.
 */
final class TeamStateLoader {

  private final TeamSpec spec;
  private final AgentRuntime runtime;
  private final AgentId manager;
  private final Map<String, AgentId> containers;
  private final Transcript transcript;

  /**
   * @param manager the manager's id, the sender of what is asked of the participants
   * @param containers the participants' containers, by name, in the team's order
   */
  TeamStateLoader(
      TeamSpec spec,
      AgentRuntime runtime,
      AgentId manager,
      Map<String, AgentId> containers,
      Transcript transcript) {
    this.spec = spec;
    this.runtime = runtime;
    this.manager = manager;
    this.containers = containers;
    this.transcript = transcript;
  }

  /** The whole team's document, each participant's state included. */
  JsonNode save(CancellationToken cancellation) {
    return State.write(TeamState.KIND, state(saveParticipants(cancellation)));
  }

  /**
   * The manager's own document: the conversation and the selector's and condition's state, with
   * no participants (see {@link TeamManager#saveState()}).
   */
  JsonNode saveOwn() {
    return State.write(TeamState.KIND, state(Map.of()));
  }

  /**
   * Loads a whole team's document.
   *
   * @param exactTermination whether the termination condition's part must load (a durable run
   *     resumed mid-run); else a part saved by another condition, or none, leaves the condition
   *     reset, as it is between runs, so state moves between teams that stop differently
   * @throws StateException naming what is wrong with the document; nothing has changed
   */
  void load(JsonNode document, boolean exactTermination, CancellationToken cancellation) {
    TeamState saved = read(document);
    check(saved, true, exactTermination);
    Map<String, JsonNode> participantsBefore = saveParticipants(cancellation);
    loadOwn(
        saved,
        exactTermination,
        () -> loadParticipants(saved.participants(), "participants.", cancellation),
        () -> loadParticipants(participantsBefore, "", cancellation));
  }

  /**
   * Loads what {@link #saveOwn()} wrote; the participants of a whole team's document are left
   * alone.
   *
   * @throws StateException naming what is wrong with the document; nothing has changed
   */
  void loadOwn(JsonNode document) {
    TeamState saved = read(document);
    check(saved, false, true);
    loadOwn(saved, true, () -> {}, () -> {});
  }

  /** Loads the selector's state alone (a durable run resumed after its speaker choice). */
  void loadSelector(JsonNode state) {
    load("selector", () -> spec.selector().loadState(state));
  }

  private TeamState state(Map<String, JsonNode> participantStates) {
    TerminationCondition termination = spec.termination();
    return transcript.state(
        spec.name(),
        containers.keySet(),
        spec.selector().saveState(),
        termination == null ? null : termination.saveState(),
        participantStates);
  }

  private Map<String, JsonNode> saveParticipants(CancellationToken cancellation) {
    Map<String, CompletableFuture<Object>> asked = new LinkedHashMap<>();
    containers.forEach(
        (name, container) ->
            asked.put(
                name,
                runtime.send(
                    new TeamProtocol.SaveParticipant(), container, manager, cancellation)));
    Map<String, JsonNode> states = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<Object>> entry : asked.entrySet()) {
      states.put(entry.getKey(), (JsonNode) await(entry.getValue()));
    }
    return states;
  }

  private static TeamState read(JsonNode document) {
    return State.read(State.open(document, TeamState.KIND), TeamState.class);
  }

  /**
   * Loads the selector's and condition's parts of a checked document, then {@code more}; undoes
   * them and calls {@code undoMore} if any refuses. The conversation is replaced last, once nothing
   * can refuse.
   */
  private void loadOwn(
      TeamState saved, boolean exactTermination, Runnable more, Runnable undoMore) {
    TerminationCondition termination = spec.termination();
    JsonNode selectorBefore = spec.selector().saveState();
    JsonNode terminationBefore = termination == null ? null : termination.saveState();
    boolean loadTermination =
        termination != null
            && (exactTermination || fits(saved.termination(), termination));
    try {
      load("selector", () -> spec.selector().loadState(saved.selector()));
      if (loadTermination) {
        load("termination", () -> termination.loadState(saved.termination()));
      }
      more.run();
    } catch (RuntimeException e) {
      spec.selector().loadState(selectorBefore);
      if (termination != null) {
        termination.loadState(terminationBefore);
      }
      undoMore.run();
      throw e;
    }
    if (termination != null && !loadTermination) {
      termination.reset();
    }
    transcript.restore(saved);
  }

  /**
   * Whether a saved termination part belongs to {@code condition}: the built-in conditions record
   * their description in it; a part without one (a condition written by hand) is its own to judge.
   */
  private static boolean fits(JsonNode part, TerminationCondition condition) {
    if (part == null || part.isNull()) {
      return false;
    }
    JsonNode saved = part.get("condition");
    return saved == null || saved.asText().equals(condition.toString());
  }

  /**
   * Checks a document against this team, its participants' part only when {@code participants}
   * (a manager's own document has none), and that it has a termination part exactly when the team
   * has a condition only when {@code exactTermination}.
   */
  private void check(TeamState saved, boolean participants, boolean exactTermination) {
    if (!saved.name().equals(spec.name())) {
      throw new StateException(
          "name",
          "the state is team '"
              + saved.name()
              + "'s, and cannot be loaded into team '"
              + spec.name()
              + "'");
    }
    if (participants && !saved.participants().keySet().equals(containers.keySet())) {
      throw new StateException(
          "participants",
          "the state has participants "
              + saved.participants().keySet()
              + ", team '"
              + spec.name()
              + "' has "
              + containers.keySet()
              + "; load it into a team of the same participants");
    }
    saved.seen().forEach(
        (name, count) -> {
          if (!containers.containsKey(name)) {
            throw new StateException("seen." + name, "'" + name + "' is not a participant");
          }
          if (count == null || count < 0 || count > saved.messages().size()) {
            throw new StateException(
                "seen." + name,
                "must be between 0 and the " + saved.messages().size() + " messages, was " + count);
          }
        });
    for (int i = 0; i < saved.producers().size(); i++) {
      String producer = saved.producers().get(i);
      if (producer != null && !containers.containsKey(producer)) {
        throw new StateException(
            "producers[" + i + "]", "'" + producer + "' is not a participant");
      }
    }
    for (int i = 0; i < saved.lastSpeakers().size(); i++) {
      if (!containers.containsKey(saved.lastSpeakers().get(i))) {
        throw new StateException(
            "lastSpeakers[" + i + "]",
            "'" + saved.lastSpeakers().get(i) + "' is not a participant");
      }
    }
    boolean hasTermination = spec.termination() != null;
    boolean savedTermination = saved.termination() != null && !saved.termination().isNull();
    if (exactTermination && hasTermination != savedTermination) {
      throw new StateException(
          "termination",
          hasTermination
              ? "missing, but team '" + spec.name() + "' stops on " + spec.termination()
              : "present, but team '" + spec.name() + "' has no termination condition");
    }
  }

  private void loadParticipants(
      Map<String, JsonNode> states, String path, CancellationToken cancellation) {
    Map<String, CompletableFuture<Object>> loads = new LinkedHashMap<>();
    states.forEach(
        (name, state) ->
            loads.put(
                name,
                runtime.send(
                    new TeamProtocol.LoadParticipant(state),
                    containers.get(name),
                    manager,
                    cancellation)));
    RuntimeException first = null;
    for (Map.Entry<String, CompletableFuture<Object>> entry : loads.entrySet()) {
      try {
        await(entry.getValue());
      } catch (StateException e) {
        first = first == null ? e.within(path + entry.getKey()) : first;
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void load(String path, Runnable load) {
    try {
      load.run();
    } catch (StateException e) {
      throw e.within(path);
    }
  }

  /** Waits for a reply, failing with what the other agent threw. */
  private Object await(CompletableFuture<Object> reply) {
    try {
      return reply.get();
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = TeamManager.rootCause(e);
      throw cause instanceof RuntimeException runtimeException
          ? runtimeException
          : new IllegalStateException(cause.toString(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException(
          "interrupted while team '" + spec.name() + "' saved or loaded state");
    }
  }
}
