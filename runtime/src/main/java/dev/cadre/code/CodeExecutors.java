package dev.cadre.code;

import java.util.Locale;

/**
 * Where code executors come from. {@link #sandboxed()} is the default; the unsandboxed executor is
 * only ever had by asking for it by name.
 */
public final class CodeExecutors {

  private CodeExecutors() {}

  /**
   * The bubblewrap sandbox with the default limits in a new temporary directory.
   *
   * @throws CodeExecutionException when bubblewrap is missing or cannot work here, saying how to
   *     mend it; it never falls back to running code unsandboxed
   */
  public static BubblewrapExecutor sandboxed() {
    return BubblewrapExecutor.builder().build();
  }

  /** No sandbox at all, with a logged warning: see {@link LocalCommandExecutor}. */
  public static LocalCommandExecutor unsandboxed() {
    return LocalCommandExecutor.builder().build();
  }

  /** A new container of {@code image} for each block; see {@link DockerExecutor}. */
  public static DockerExecutor docker(String image) {
    return DockerExecutor.builder(image).build();
  }

  /**
   * The executor named {@code name}, with its defaults: {@code bubblewrap} (or {@code sandboxed}),
   * {@code unsandboxed} (or {@code local}), or {@code docker:<image>}. For settings that hold a
   * name, such as a team spec.
   *
   * @throws IllegalArgumentException naming the unknown name and the known ones
   */
  public static CodeExecutor byName(String name) {
    String key = name == null ? "" : name.strip();
    if (key.toLowerCase(Locale.ROOT).startsWith("docker:")) {
      return docker(key.substring("docker:".length()));
    }
    switch (key.toLowerCase(Locale.ROOT)) {
      case "bubblewrap":
      case "sandboxed":
        return sandboxed();
      case "unsandboxed":
      case "local":
        return unsandboxed();
      default:
        throw new IllegalArgumentException(
            "unknown code executor '"
                + name
                + "': use bubblewrap (the sandbox), docker:<image>, or unsandboxed");
    }
  }
}
