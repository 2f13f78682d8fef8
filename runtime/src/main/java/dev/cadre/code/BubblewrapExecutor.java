package dev.cadre.code;

import dev.cadre.core.CancellationToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs blocks in a bubblewrap sandbox ({@code bwrap}, Debian's {@code bubblewrap}): the default
 * executor on Linux.
 *
 * <p>Each block gets new user, PID, network, IPC and UTS namespaces: a read-only view of the host's
 * root, with {@code /home}, {@code /root}, {@code /run}, {@code /tmp} and {@code /var/tmp}
 * replaced by empty private directories; the working directory as the only writable host
 * directory; no network but its own loopback; an environment holding only {@code PATH}, {@code
 * HOME}, {@code LANG} and {@code TMPDIR}; no capabilities, and no further user namespaces. Inside,
 * {@code prlimit} sets CPU time, data size, process count, file size and open files. The block
 * runs as uid {@value #SANDBOX_UID} ({@code nobody}); when Cadre runs as root, bubblewrap itself is
 * started as that uid, because the kernel does not enforce the process limit for root, and the
 * working directory is handed to it. At the time limit the sandbox's init is killed, which ends
 * every process in its PID namespace at once.
 */
public final class BubblewrapExecutor implements CodeExecutor {

  /** The uid (and gid) code runs as inside the sandbox, and outside it when Cadre is root. */
  public static final int SANDBOX_UID = 65534;

  /** The {@code PATH} inside the sandbox. */
  static final String SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin";

  /** The size of each private {@code /tmp}-like directory. */
  private static final long TMPFS_BYTES = 64L << 20;

  private static final List<String> MASKED = List.of("/home", "/root", "/run", "/tmp", "/var/tmp");

  private final Workspace workspace;
  private final CodeLimits limits;
  private final Path bwrap;
  private final Path prlimit;
  private final Path setpriv;
  private final String options;

  private BubblewrapExecutor(Builder b) {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
      throw new CodeExecutionException(
          "the bubblewrap sandbox runs on Linux only, and this is "
              + os
              + ": use CodeExecutors.docker(image) where Docker runs, or choose the unsandboxed"
              + " executor by name, CodeExecutors.unsandboxed()");
    }
    String hostPath = System.getenv("PATH") + ":/usr/bin:/bin";
    this.bwrap =
        require(
            b.bwrap != null ? b.bwrap.toString() : "bwrap",
            hostPath,
            "bubblewrap is not installed (no 'bwrap' on the PATH): install it with"
                + " `apt-get install bubblewrap`, or choose the unsandboxed executor by name,"
                + " CodeExecutors.unsandboxed()");
    this.prlimit =
        require(
            "prlimit",
            hostPath,
            "prlimit is not installed, and the sandbox needs it for its CPU, memory and process"
                + " limits: install util-linux (`apt-get install util-linux`)");
    this.setpriv =
        Workspace.isRoot()
            ? require(
                "setpriv",
                hostPath,
                "setpriv is not installed, and as root the sandbox needs it to run as uid "
                    + SANDBOX_UID
                    + ": install util-linux (`apt-get install util-linux`)")
            : null;
    this.options = help(bwrap);
    this.limits = b.limits;
    this.workspace = Workspace.of(b.workingDirectory);
    if (setpriv != null) {
      workspace.handOver(SANDBOX_UID);
    }
    probe();
  }

  /** Starts a bubblewrap executor; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "bubblewrap";
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
    List<String> extraBinds = new ArrayList<>();
    String java = "java";
    if (block.language() == CodeLanguage.JAVA) {
      if (Workspace.which("java", SANDBOX_PATH) == null) {
        // No java on the sandbox's PATH: the JDK Cadre runs on, shown read-only inside.
        Path home = Path.of(System.getProperty("java.home"));
        extraBinds.add(home.toString());
        java = home.resolve("bin/java").toString();
      }
    } else if (Workspace.which(block.language().interpreter(), SANDBOX_PATH) == null) {
      throw new CodeExecutionException(
          "cannot run the "
              + block.language().name().toLowerCase(Locale.ROOT)
              + " block: no '"
              + block.language().interpreter()
              + "' in the sandbox's PATH ("
              + SANDBOX_PATH
              + "); install it on the host, e.g. `apt-get install python3`");
    }
    String launcher = java;
    return workspace.run(
        block,
        file -> {
          List<String> command = sandbox(extraBinds);
          command.addAll(rlimits());
          command.addAll(block.language().command(file, limits, launcher));
          return command;
        },
        Map.of("PATH", "/usr/bin:/bin"),
        limits,
        cancellation,
        null,
        false);
  }

  @Override
  public void close() {
    workspace.close();
  }

  @Override
  public String toString() {
    return "BubblewrapExecutor[" + workspace.directory() + "]";
  }

  /** The command up to and including bubblewrap's {@code --}. */
  private List<String> sandbox(List<String> extraBinds) {
    String dir = workspace.directory().toString();
    String uid = Integer.toString(SANDBOX_UID);
    List<String> c = new ArrayList<>();
    if (setpriv != null) {
      c.addAll(
          List.of(
              setpriv.toString(),
              "--reuid=" + uid,
              "--regid=" + uid,
              "--clear-groups",
              "--"));
    }
    c.add(bwrap.toString());
    c.addAll(
        List.of(
            "--unshare-user",
            "--uid",
            uid,
            "--gid",
            uid,
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname",
            "sandbox",
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc"));
    // Older bubblewraps (before 0.8) lack these two; the rest is in every version since 0.4.
    if (options.contains("--disable-userns")) {
      c.add("--disable-userns");
    }
    for (String masked : MASKED) {
      if (Files.isDirectory(Path.of(masked), LinkOption.NOFOLLOW_LINKS)) {
        if (options.contains("--size")) {
          c.addAll(List.of("--size", Long.toString(TMPFS_BYTES)));
        }
        c.addAll(List.of("--tmpfs", masked));
      }
    }
    for (String bind : extraBinds) {
      c.addAll(List.of("--ro-bind", bind, bind));
    }
    c.addAll(
        List.of(
            "--bind",
            dir,
            dir,
            "--chdir",
            dir,
            "--clearenv",
            "--setenv",
            "PATH",
            SANDBOX_PATH,
            "--setenv",
            "HOME",
            dir,
            "--setenv",
            "TMPDIR",
            "/tmp",
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--setenv",
            "PYTHONUNBUFFERED",
            "1",
            "--"));
    return c;
  }

  /** {@code prlimit} and the limits it sets on the block's processes, up to its {@code --}. */
  private List<String> rlimits() {
    long cpuSeconds = Math.max(1, limits.timeout().toSeconds() + 1);
    return new ArrayList<>(
        List.of(
            prlimit.toString(),
            "--cpu=" + cpuSeconds,
            "--data=" + limits.memoryBytes(),
            "--nproc=" + limits.maxProcesses(),
            "--fsize=" + limits.maxFileBytes(),
            "--nofile=256",
            "--core=0",
            "--"));
  }

  /** Runs {@code true} in the sandbox, so that a sandbox that cannot work fails here, clearly. */
  private void probe() {
    List<String> command = sandbox(List.of());
    command.addAll(rlimits());
    command.add("true");
    ProcessRun.Outcome outcome =
        ProcessRun.run(
            command,
            Map.of("PATH", "/usr/bin:/bin"),
            workspace.directory(),
            limits.withTimeout(Duration.ofSeconds(60)),
            CancellationToken.none(),
            null,
            false);
    if (outcome.exitCode() != 0) {
      workspace.close();
      throw new CodeExecutionException(
          "bubblewrap cannot make a sandbox on this machine (exit "
              + outcome.exitCode()
              + "): "
              + outcome.stderr().strip()
              + "; it needs user namespaces (sysctl kernel.unprivileged_userns_clone=1, or"
              + " an AppArmor profile that allows bwrap), or choose the unsandboxed executor by"
              + " name, CodeExecutors.unsandboxed()");
    }
  }

  /** What {@code bwrap --help} says, for the options this version has. */
  private static String help(Path bwrap) {
    try {
      Process help =
          new ProcessBuilder(bwrap.toString(), "--help").redirectErrorStream(true).start();
      help.getOutputStream().close();
      String text = new String(help.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
      help.waitFor(30, TimeUnit.SECONDS);
      return text;
    } catch (IOException e) {
      throw new CodeExecutionException("cannot run " + bwrap + " --help: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CodeExecutionException("interrupted asking " + bwrap + " for its options", e);
    }
  }

  private static Path require(String program, String path, String missing) {
    Path found = Workspace.which(program, path);
    if (found == null) {
      throw new CodeExecutionException(missing);
    }
    return found;
  }

  /** Builds a {@link BubblewrapExecutor}. */
  public static final class Builder {
    private Path workingDirectory;
    private CodeLimits limits = CodeLimits.DEFAULT;
    private Path bwrap;

    private Builder() {}

    /**
     * Where blocks run; a new temporary directory, deleted on close, when not set. Under root it
     * is handed to uid {@value #SANDBOX_UID}, which must be able to reach it.
     */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
      return this;
    }

    /** The limits each block runs under; {@link CodeLimits#DEFAULT} when not set. */
    public Builder limits(CodeLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The {@code bwrap} program to use; the one on the {@code PATH} when not set. */
    public Builder bwrap(Path bwrap) {
      this.bwrap = Objects.requireNonNull(bwrap, "bwrap");
      return this;
    }

    /**
     * Checks that the sandbox works here and builds the executor.
     *
     * @throws CodeExecutionException when bubblewrap (or prlimit, or setpriv under root) is
     *     missing, or cannot make a sandbox on this machine: the message says how to mend it
     */
    public BubblewrapExecutor build() {
      return new BubblewrapExecutor(this);
    }
  }
}
