package dev.cadre.team;

import org.slf4j.MDC;

/**
 * The SLF4J MDC entries of a team's handler: {@value #RUN_ID}, {@value #AGENT} and {@value #TURN},
 * set for as long as the handler works on one run and put back as they were afterwards, so a nested
 * team's handler on the same thread does not wipe its parent's.
 *
 * <p>With no SLF4J backend the MDC is a no-op and this costs a few method calls.
 */
final class LogContext implements AutoCloseable {

  /** The MDC key of the run id. */
  static final String RUN_ID = "cadre.run_id";

  /** The MDC key of the agent (participant or team) doing the work. */
  static final String AGENT = "cadre.agent";

  /** The MDC key of the run's turn, from 1. */
  static final String TURN = "cadre.turn";

  private final String previousRun;
  private final String previousAgent;
  private final String previousTurn;

  private LogContext(String runId, String agent, int turn) {
    previousRun = MDC.get(RUN_ID);
    previousAgent = MDC.get(AGENT);
    previousTurn = MDC.get(TURN);
    MDC.put(RUN_ID, runId);
    MDC.put(AGENT, agent);
    turn(turn);
  }

  /** Sets the entries for {@code agent} working on run {@code runId}; turn 0 leaves it out. */
  static LogContext of(String runId, String agent, int turn) {
    return new LogContext(runId, agent, turn);
  }

  /** Moves this thread's context on to turn {@code turn}; 0 leaves the turn out. */
  static void turn(int turn) {
    if (turn > 0) {
      MDC.put(TURN, Integer.toString(turn));
    } else {
      MDC.remove(TURN);
    }
  }

  @Override
  public void close() {
    restore(RUN_ID, previousRun);
    restore(AGENT, previousAgent);
    restore(TURN, previousTurn);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
