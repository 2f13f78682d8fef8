package dev.cadre.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@link Cassette} answers model and tool calls: from the live provider, writing what it says
 * down ({@link #RECORD}), from the file alone ({@link #REPLAY}, what CI runs), or whichever fits
 * ({@link #AUTO}).
 */
public enum Mode {
  /**
   * Calls the live provider and writes every exchange to the cassette, replacing what was there.
   */
  RECORD,
  /** Answers from the cassette and fails when a request differs from the recorded one. */
  REPLAY,
  /** Replays when the cassette exists, records it otherwise. */
  AUTO;

  /**
   * The system property that overrides a test's declared mode: {@code -Dcadre.test.mode=record}.
   */
  public static final String PROPERTY = "cadre.test.mode";

  /** The environment variable that overrides it when the property is unset. */
  public static final String VARIABLE = "CADRE_TEST_MODE";

  /**
   * The mode in force: the system property, else the environment variable, else {@code declared}.
   *
   * @throws IllegalArgumentException naming the property or variable when its value is no mode
   */
  public static Mode resolve(Mode declared) {
    return resolve(declared, System.getProperty(PROPERTY), System.getenv());
  }

  static Mode resolve(Mode declared, String property, Map<String, String> env) {
    if (property != null && !property.isBlank()) {
      return parse(property, "-D" + PROPERTY);
    }
    String variable = env.get(VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return parse(variable, VARIABLE);
    }
    return declared;
  }

  private static Mode parse(String value, String where) {
    for (Mode mode : values()) {
      if (mode.name().equalsIgnoreCase(value.strip())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        where + " is '" + value.strip() + "'; use record, replay or auto");
  }

  /** Whether a test in this mode records the cassette at {@code file}. */
  boolean records(Path file) {
    return this == RECORD || (this == AUTO && !Files.exists(file));
  }

  String lowerCase() {
    return name().toLowerCase(Locale.ROOT);
  }
}
