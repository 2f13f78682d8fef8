package dev.cadre.code;

import dev.cadre.core.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs one command to its end within a time limit, keeping a bounded part of its output, and
 * leaves no process of it behind: at the limit, on cancellation, and after a normal exit, every
 * descendant it was seen to have is killed. The command is a list of arguments, never a shell
 * string, so nothing a model wrote is ever parsed by a shell here.
 */
final class ProcessRun {

  /** How often the process tree is looked at while the command runs. */
  private static final long POLL_MILLIS = 50;

  /** How long the output readers may take to finish once every process has ended. */
  private static final long DRAIN_MILLIS = 10_000;

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
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
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
    Bounded out = new Bounded(process.getInputStream(), limits.maxOutputBytes(), "stdout");
    Bounded err = new Bounded(process.getErrorStream(), limits.maxOutputBytes(), "stderr");
    out.start();
    err.start();
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
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    out.finish();
    err.finish();
    int exitCode = timedOut ? CodeResult.TIMEOUT_EXIT_CODE : process.exitValue();
    return new Outcome(
        exitCode, out.text(), err.text(), timedOut, out.cut() || err.cut(), elapsed);
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
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return;
    }
    try (Stream<Path> entries = Files.list(proc)) {
      entries.forEach(
          entry -> {
            String name = entry.getFileName().toString();
            if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
              return;
            }
            try {
              String stat = Files.readString(entry.resolve("stat"));
              // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              if (fields.length > 2 && Long.parseLong(fields[2]) == group) {
                ProcessHandle.of(Long.parseLong(name)).ifPresent(ProcessHandle::destroyForcibly);
              }
            } catch (IOException | RuntimeException gone) {
              // The process ended while we looked.
            }
          });
    } catch (IOException e) {
      // /proc unreadable: the tree was killed, which is what can be done.
    }
  }

  /** Reads a stream to its end on its own thread, keeping the first {@code max} bytes. */
  private static final class Bounded extends Thread {
    private final InputStream in;
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean cut;

    Bounded(InputStream in, int max, String name) {
      super("cadre-code-" + name);
      setDaemon(true);
      this.in = in;
      this.max = max;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          int room = max - kept.size();
          if (n > room) {
            cut = true;
          }
          if (room > 0) {
            synchronized (kept) {
              kept.write(buffer, 0, Math.min(n, room));
            }
          }
        }
      } catch (IOException e) {
        // The stream closed under us: keep what was read.
      }
    }

    void finish() {
      try {
        join(DRAIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (isAlive()) {
        // A process outside the tree we could see still holds the pipe: stop listening to it.
        try {
          in.close();
        } catch (IOException ignored) {
          // Closing is all that was wanted.
        }
      }
    }

    boolean cut() {
      return cut;
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
