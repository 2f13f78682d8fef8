package dev.cadre.code;

import dev.cadre.core.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs one command to its end within a time limit, keeping a bounded part of its output, and
 * leaves no process of it behind: at the limit, on cancellation, and after a normal exit, every
 * descendant it was seen to have is killed. The command is a list of arguments, never a shell
 * string, so nothing a model wrote is ever parsed by a shell here.
 *
 * <p>Stdout and stderr go to two files in a private temporary directory of their own (mode
 * {@code 0700}, outside the working directory and invisible inside the sandbox), read only once
 * every process that held them is gone: every process still holding one when the tree has ended
 * is killed and waited for, as the end of file on a pipe once waited for it. Read from pipes, a
 * whole run's output was lost now and then (one run in about 160, with eight sandboxes at once on
 * two loaded cores) although the code's writes had succeeded: lost on the Java side, where the
 * reader threads race the JDK's process reaper, which drains and closes a child's pipes on the
 * direct child's exit (bubblewrap's monitor, the {@code docker} client). At most {@link
 * CodeLimits#maxOutputBytes()} of each file is kept, the result saying when more was written, and
 * the directory is deleted after every run, however it ended.
 *
 * <p>The files are bounded on disk by {@link CodeLimits#maxFileBytes()} each: where the command
 * runs under {@code prlimit --fsize}, a write past it fails ({@code EFBIG}, or {@code SIGXFSZ} for
 * a program that does not ignore it); besides, the run is killed as soon as a file is seen to have
 * passed it, which is checked every {@value #POLL_MILLIS} ms, so without {@code prlimit} a file may
 * overshoot by what the command writes in one such interval. A run killed for its output reports
 * its output cut, not a timeout.
 */
final class ProcessRun {

  /** How often the process tree and the output files are looked at while the command runs. */
  private static final long POLL_MILLIS = 50;

  /** How long the processes still holding the output files may take to end once killed. */
  private static final long HOLDERS_MILLIS = 10_000;

  private ProcessRun() {}

  /** What a run gave, before an executor turns it into a {@link CodeResult}. */
  record Outcome(
      int exitCode,
      String stdout,
      String stderr,
      boolean timedOut,
      boolean outputCut,
      Duration elapsed) {}

  /**
   * Runs {@code command} in {@code directory} with exactly {@code environment}.
   *
   * @param extraKill run when the command is killed, before its processes are (Docker's container
   *     lives outside the process tree and needs {@code docker kill}); may be null
   * @param groupLeader whether the command makes itself the leader of a new process group (it
   *     starts with {@code setsid}): then every process still in that group is killed at the end,
   *     those that left the tree by being orphaned included
   */
  static Outcome run(
      List<String> command,
      Map<String, String> environment,
      Path directory,
      CodeLimits limits,
      CancellationToken cancellation,
      Runnable extraKill,
      boolean groupLeader) {
    try (Output output = Output.create()) {
      return run(
          command, environment, directory, limits, cancellation, extraKill, groupLeader, output);
    }
  }

  private static Outcome run(
      List<String> command,
      Map<String, String> environment,
      Path directory,
      CodeLimits limits,
      CancellationToken cancellation,
      Runnable extraKill,
      boolean groupLeader,
      Output output) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(output.stdout.toFile())
            .redirectError(output.stderr.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CodeExecutionException(
          "could not start '" + command.get(0) + "': " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // The code gets no input either way.
    }
    Set<ProcessHandle> seen = new LinkedHashSet<>();
    AtomicBoolean killed = new AtomicBoolean();
    Runnable kill =
        () -> {
          if (killed.compareAndSet(false, true) && extraKill != null) {
            extraKill.run();
          }
          killTree(process, seen);
          if (groupLeader) {
            killGroup(process.pid());
          }
        };
    boolean timedOut = false;
    boolean overflowed = false;
    long deadline = started + limits.timeout().toNanos();
    try (CancellationToken.Registration ignored = cancellation.onCancel(kill)) {
      while (true) {
        process.descendants().forEach(seen::add);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          timedOut = !cancellation.isCancelled();
          kill.run();
          break;
        }
        if (output.largest() > limits.maxFileBytes()) {
          overflowed = true;
          kill.run();
          break;
        }
        if (process.waitFor(Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1),
            TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      process.waitFor();
    } catch (InterruptedException e) {
      kill.run();
      Thread.currentThread().interrupt();
      throw new CodeExecutionException("interrupted while running '" + command.get(0) + "'", e);
    } finally {
      // What it left running (a background job, a daemon) ends with it.
      killTree(process, seen);
      if (groupLeader) {
        killGroup(process.pid());
      }
      killHolders(output);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    int max = limits.maxOutputBytes();
    Kept out = output.read(output.stdout, max);
    Kept err = output.read(output.stderr, max);
    int exitCode = timedOut ? CodeResult.TIMEOUT_EXIT_CODE : process.exitValue();
    return new Outcome(
        exitCode, out.text(), err.text(), timedOut, overflowed || out.cut() || err.cut(), elapsed);
  }

  private static void killTree(Process process, Set<ProcessHandle> seen) {
    // Children first: in a sandbox the child is the PID namespace's init, whose end takes every
    // process of the namespace with it at once, faster than a fork bomb can fork.
    process.children().forEach(ProcessHandle::destroyForcibly);
    process.descendants().forEach(seen::add);
    for (ProcessHandle handle : seen) {
      handle.destroyForcibly();
    }
    process.destroyForcibly();
    for (ProcessHandle handle : seen) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Still there after SIGKILL: nothing more can be done from here.
      }
    }
  }

  /** Kills every process of process group {@code group}, as /proc tells them. */
  private static void killGroup(long group) {
    for (ProcessHandle member :
        processes(
            entry -> {
              String stat = Files.readString(entry.resolve("stat"));
              // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              return fields.length > 2 && Long.parseLong(fields[2]) == group;
            })) {
      member.destroyForcibly();
    }
  }

  /**
   * Kills every process that still holds an output file open (but this JVM's own children, see
   * {@link #spawnedHere}), and waits for it to end, for up to
   * {@value #HOLDERS_MILLIS} ms: what the pipes' end of file once waited for. A process of the
   * run that the tree did not show (one still dying with the sandbox's PID namespace, a
   * background job that left the tree) so ends before the output is read and the call returns.
   */
  private static void killHolders(Output output) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HOLDERS_MILLIS);
    while (true) {
      List<ProcessHandle> holders = processes(entry -> output.heldBy(entry) && !spawnedHere(entry));
      long left = deadline - System.nanoTime();
      holders.forEach(ProcessHandle::destroyForcibly);
      // An interrupted caller will not wait: killed is what can be done for it.
      if (holders.isEmpty() || left <= 0 || Thread.currentThread().isInterrupted()) {
        return;
      }
      for (ProcessHandle holder : holders) {
        try {
          holder.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException | TimeoutException e) {
          // Still there after SIGKILL: looked at again until the deadline.
        }
      }
    }
  }

  /**
   * Whether the process of {@code /proc} directory {@code entry} is this JVM or a child of it. A
   * run's own leftovers never are (its process has ended, so they were handed to init), but
   * another run's process, started by this JVM at the moment this run's output files were open
   * here, holds copies of them until the JDK's spawn helper closes them: it is not this run's to
   * kill.
   */
  private static boolean spawnedHere(Path entry) {
    long self = ProcessHandle.current().pid();
    long pid = Long.parseLong(entry.getFileName().toString());
    return pid == self
        || ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L)
            == self;
  }

  /** A test on one {@code /proc/<pid>} directory, which may vanish while it is read. */
  private interface ProcessTest {
    boolean test(Path entry) throws IOException;
  }

  /** The processes whose {@code /proc} directory passes {@code test}; none without /proc. */
  private static List<ProcessHandle> processes(ProcessTest test) {
    List<ProcessHandle> found = new ArrayList<>();
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return found;
    }
    try (Stream<Path> entries = Files.list(proc)) {
      entries.forEach(
          entry -> {
            String name = entry.getFileName().toString();
            if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
              return;
            }
            try {
              if (test.test(entry)) {
                ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
              }
            } catch (IOException | RuntimeException gone) {
              // The process ended while we looked, or is not ours to look into.
            }
          });
    } catch (IOException e) {
      // /proc unreadable: the tree was killed, which is what can be done.
    }
    return found;
  }

  /** The first bytes of one output file, and whether there were more. */
  private record Kept(String text, boolean cut) {}

  /** The private directory a run's stdout and stderr are written to; deleted on close. */
  private static final class Output implements AutoCloseable {
    private final Path directory;
    private final Path stdout;
    private final Path stderr;

    private Output(Path directory) {
      this.directory = directory;
      this.stdout = directory.resolve("stdout");
      this.stderr = directory.resolve("stderr");
    }

    static Output create() {
      try {
        // Owner-only where permissions exist: the run's output is nobody else's to read. The real
        // path, as /proc shows the files a process holds.
        return new Output(
            (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory(
                        "cadre-output-",
                        PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("cadre-output-"))
                .toRealPath());
      } catch (IOException e) {
        throw new CodeExecutionException(
            "cannot make a temporary directory for the block's output in "
                + System.getProperty("java.io.tmpdir")
                + ": "
                + e.getMessage(),
            e);
      }
    }

    /** Whether the process {@code entry} ({@code /proc/<pid>}) holds stdout or stderr open. */
    boolean heldBy(Path entry) throws IOException {
      try (Stream<Path> fds = Files.list(entry.resolve("fd"))) {
        return fds.anyMatch(
            fd -> {
              try {
                Path target = Files.readSymbolicLink(fd);
                return target.equals(stdout) || target.equals(stderr);
              } catch (IOException gone) {
                return false;
              }
            });
      }
    }

    /** The size of the larger of the two files so far. */
    long largest() {
      return Math.max(size(stdout), size(stderr));
    }

    private static long size(Path file) {
      try {
        return Files.size(file);
      } catch (IOException e) {
        return 0;
      }
    }

    /** The first {@code max} bytes of {@code file}, decoded as UTF-8. */
    Kept read(Path file, int max) {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] kept = in.readNBytes(max);
        return new Kept(new String(kept, StandardCharsets.UTF_8), in.read() >= 0);
      } catch (IOException e) {
        throw new CodeExecutionException(
            "cannot read the block's output from " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      for (Path path : List.of(stdout, stderr, directory)) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // Left behind, readable by this user only: the run's result stands all the same.
        }
      }
    }
  }
}
