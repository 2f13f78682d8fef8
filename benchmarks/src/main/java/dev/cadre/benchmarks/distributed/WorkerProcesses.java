package dev.cadre.benchmarks.distributed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker JVMs of a distributed run: each is {@link dev.cadre.kafka.KafkaWorker} hosting {@link
 * MessagingSystem} on this process's class path, its output in a log file of its own.
 */
final class WorkerProcesses implements AutoCloseable {

  private static final long READY_SECONDS = 60;

  private final Map<String, String> environment;
  private final Path logDir;
  private final List<Process> processes = new ArrayList<>();

  /**
   * @param environment the workers' {@code CADRE_KAFKA_*} settings
   * @param logDir where each worker's output goes, as {@code worker-<n>.log}
   */
  WorkerProcesses(Map<String, String> environment, Path logDir) {
    this.environment = Map.copyOf(environment);
    this.logDir = logDir;
  }

  /** Starts a worker and waits for its ready line; returns its index. */
  int start() throws IOException, InterruptedException {
    int index = processes.size();
    Path log = logDir.resolve("worker-" + index + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                // Milliseconds on the workers' log lines (partitions taken, handed over, lost), to
                // line them up with the run's own times.
                "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %5$s%6$s%n",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.cadre.kafka.KafkaWorker",
                MessagingSystem.NAME)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    processes.add(process);
    awaitReady(process, log, " ready", "worker " + index);
    return index;
  }

  /**
   * Waits until {@code log}, where {@code process} writes, holds {@code readyText}. A process that
   * exits first, or is not ready within {@value #READY_SECONDS} s, is killed and fails the wait,
   * named as {@code what}, with its output.
   */
  static void awaitReady(Process process, Path log, String readyText, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    while (!Files.readString(log, StandardCharsets.UTF_8).contains(readyText)) {
      boolean alive = process.isAlive();
      if (!alive || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(
            what
                + (alive ? " was not ready within " + READY_SECONDS + " s" : " exited")
                + "; its output ("
                + log
                + "):\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      Thread.sleep(20);
    }
  }

  /** Stops worker {@code index} as an operator would (SIGTERM): it hands its partitions over. */
  void stop(int index) throws InterruptedException {
    Process process = processes.get(index);
    process.destroy();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Kills worker {@code index} with SIGKILL: it hands nothing over. */
  void kill(int index) throws InterruptedException {
    Process process = processes.get(index);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
  }
}
