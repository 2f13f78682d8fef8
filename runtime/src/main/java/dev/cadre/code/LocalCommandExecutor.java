package dev.cadre.code;

import dev.cadre.core.CancellationToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocks on this machine with no sandbox: as this user, with this user's files and network.
 * Only for code you trust, or inside a machine that is itself the sandbox; it is never chosen
 * unless asked for by name ({@link CodeExecutors#unsandboxed()}), and it logs a warning when made.
 *
 * <p>What it does keep: the time and output limits; an environment of only {@code PATH}, {@code
 * HOME} (the working directory), {@code LANG} and {@code TMPDIR}, so the agent's secrets are not
 * handed over; CPU, data-size and file-size limits where {@code prlimit} exists; and at the end it
 * kills every process left in the block's process group (where {@code setsid} exists), and every
 * process that still holds the block's stdout or stderr. A process that leaves the group (its own
 * {@code setsid}) and lets go of both outlives the block.
 */
public final class LocalCommandExecutor implements CodeExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(LocalCommandExecutor.class);

  private final Workspace workspace;
  private final CodeLimits limits;
  private final String path;
  private final Path prlimit;
  private final Path setsid;

  private LocalCommandExecutor(Builder b) {
    this.limits = b.limits;
    this.workspace = Workspace.of(b.workingDirectory);
    String hostPath = System.getenv("PATH");
    this.path = hostPath == null ? "/usr/local/bin:/usr/bin:/bin" : hostPath;
    this.prlimit = Workspace.which("prlimit", path);
    this.setsid = Workspace.which("setsid", path);
    LOG.warn(
        "code runs UNSANDBOXED in {}: with this user's files, network and processes; use it only"
            + " for code you trust (the sandboxed executor is CodeExecutors.sandboxed())",
        workspace.directory());
  }

  /** Starts an unsandboxed executor; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Path workingDirectory() {
    return workspace.directory();
  }

  @Override
  public CodeLimits limits() {
    return limits;
  }

  @Override
  public CodeResult execute(CodeBlock block, CancellationToken cancellation) {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(cancellation, "cancellation");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    if (block.language() != CodeLanguage.JAVA
        && Workspace.which(block.language().interpreter(), path) == null) {
      throw new CodeExecutionException(
          "cannot run the block: no '"
              + block.language().interpreter()
              + "' on the PATH ("
              + path
              + ")");
    }
    List<String> prefix = new ArrayList<>();
    if (setsid != null) {
      prefix.add(setsid.toString());
    }
    if (prlimit != null) {
      prefix.addAll(
          List.of(
              prlimit.toString(),
              "--cpu=" + Math.max(1, limits.timeout().toSeconds() + 1),
              "--data=" + limits.memoryBytes(),
              "--fsize=" + limits.maxFileBytes(),
              "--core=0",
              "--"));
    }
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", path);
    environment.put("HOME", workspace.directory().toString());
    environment.put("TMPDIR", workspace.directory().toString());
    environment.put("LANG", "C.UTF-8");
    environment.put("PYTHONUNBUFFERED", "1");
    return workspace.run(
        block,
        file -> {
          List<String> command = new ArrayList<>(prefix);
          command.addAll(block.language().command(file, limits, java));
          return command;
        },
        environment,
        limits,
        cancellation,
        null,
        setsid != null);
  }

  @Override
  public void close() {
    workspace.close();
  }

  @Override
  public String toString() {
    return "LocalCommandExecutor[" + workspace.directory() + "]";
  }

  /** Builds a {@link LocalCommandExecutor}. */
  public static final class Builder {
    private Path workingDirectory;
    private CodeLimits limits = CodeLimits.DEFAULT;

    private Builder() {}

    /** Where blocks run; a new temporary directory, deleted on close, when not set. */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
      return this;
    }

    /** The limits each block runs under; {@link CodeLimits#DEFAULT} when not set. */
    public Builder limits(CodeLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Builds the executor, logging that it runs code unsandboxed. */
    public LocalCommandExecutor build() {
      return new LocalCommandExecutor(this);
    }
  }
}
