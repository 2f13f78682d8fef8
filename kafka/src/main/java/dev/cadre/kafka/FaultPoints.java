package dev.cadre.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test-only hook that halts this JVM ({@link Runtime#halt}: no shutdown hooks, no flush, as a
 * crash would) at one step of handling a message, so the multi-JVM tests can prove that a crash at
 * any step loses and repeats nothing it should not. Off unless the environment variable (or system
 * property) {@value #HALT_AT} names a step and an agent type, as {@code <step>:<type part>}; the
 * halt happens once in the whole system, in the first JVM that creates the marker file named by
 * {@value #HALT_ONCE}. Read once at startup: in production each step costs a null check.
 */
final class FaultPoints {

  /** The environment variable naming the step and the agent type: {@code <step>:<type part>}. */
  static final String HALT_AT = "CADRE_TEST_HALT_AT";

  /** The environment variable naming the marker file that makes the halt happen once. */
  static final String HALT_ONCE = "CADRE_TEST_HALT_ONCE";

  /** After the model answered a participant (reached by the test's model). */
  static final String MODEL = "model";

  /** After a tool ran (reached by the test's tool). */
  static final String TOOL = "tool";

  /** After a handler's outgoing message went into its transaction. */
  static final String PRODUCED = "produced";

  /** After a handled message's outcome and the agent's state went into the transaction. */
  static final String WRITTEN = "state-written";

  /** After the offset went into the transaction, just before it commits. */
  static final String BEFORE_COMMIT = "before-commit";

  private static final String[] ARMED = armed();

  private FaultPoints() {}

  private static String[] armed() {
    String at = setting(HALT_AT);
    String once = setting(HALT_ONCE);
    if (at == null || once == null || at.indexOf(':') < 0) {
      return null;
    }
    int colon = at.indexOf(':');
    return new String[] {at.substring(0, colon), at.substring(colon + 1), once};
  }

  private static String setting(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      value = System.getProperty(name);
    }
    return value == null || value.isBlank() ? null : value;
  }

  /** Halts here if the hook names {@code step} and a part of {@code where}, the first time. */
  static void reached(String step, String where) {
    reached(step, where, null);
  }

  /**
   * Halts here as {@link #reached(String, String)} does, after running {@code before} (such as a
   * flush, so what was written is on the broker when the worker dies).
   */
  static void reached(String step, String where, Runnable before) {
    String[] armed = ARMED;
    if (armed == null || !armed[0].equals(step) || !where.contains(armed[1])) {
      return;
    }
    try {
      Files.createFile(Path.of(armed[2]));
    } catch (IOException e) {
      return; // halted once already, here or in another JVM
    }
    if (before != null) {
      before.run();
    }
    System.out.println("cadre fault point: halting at " + step + " in " + where);
    System.out.flush();
    Runtime.getRuntime().halt(137);
  }
}
