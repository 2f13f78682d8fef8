package dev.cadre.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs ({@link KafkaWorker}) for tests: started on this JVM's class path against a test
 * broker, waited for until they print their ready line, and stopped or killed (SIGKILL) on demand.
 * {@link #close()} kills whatever is still running.
 */
final class WorkerProcesses implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int OUTPUT_LIMIT = 64 * 1024;

  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private volatile boolean niced;

  /** One worker JVM. */
  static final class Worker {
    final String name;
    final Process process;
    private final StringBuilder output = new StringBuilder();
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    private Worker(String name, Process process) {
      this.name = name;
      this.process = process;
      Thread reader = new Thread(this::read, "worker-output-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
            if (output.length() > OUTPUT_LIMIT) {
              output.delete(0, output.length() - OUTPUT_LIMIT);
            }
          }
          if (line.startsWith("cadre worker ") && line.endsWith(" ready")) {
            ready.complete(line.substring("cadre worker ".length(), line.length() - 6));
          }
        }
      } catch (IOException e) {
        // the process is gone
      } finally {
        ready.completeExceptionally(new IllegalStateException("worker " + name + " exited"));
      }
    }

    long pid() {
      return process.pid();
    }

    String output() {
      synchronized (output) {
        return output.toString();
      }
    }

    /** SIGKILL: the worker gets no chance to hand anything over. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
      return "worker " + name + " (pid " + process.pid() + ")";
    }
  }

  /**
   * Starts the workers from now on at a lower CPU priority ({@code nice}), for tests that run a
   * broker process beside them: while the broker is down, Kafka 4.3.1's consumer-protocol client
   * spins (each group consumer takes up to a core), and on a 2-core machine the broker, starting
   * again, would wait for the CPU.
   */
  WorkerProcesses niced() {
    niced = true;
    return this;
  }

  /**
   * Starts one worker JVM per entry of {@code hostedTypes} (null: every type), all at once, and
   * waits until each is ready.
   */
  List<Worker> start(
      String system, Map<String, String> env, Path logDir, List<List<String>> hostedTypes)
      throws Exception {
    List<Worker> started = new ArrayList<>();
    for (int i = 0; i < hostedTypes.size(); i++) {
      List<String> hosted = hostedTypes.get(i);
      String name = system + "-" + (workers.size() + 1);
      List<String> command = new ArrayList<>();
      if (niced) {
        command.addAll(List.of("nice", "-n", "10"));
      }
      command.addAll(
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              KafkaWorker.class.getName(),
              system));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      builder.environment().put(ReviewTeamSystem.LOG_DIR, logDir.toString());
      if (hosted != null) {
        builder.environment().put("CADRE_KAFKA_HOSTED_TYPES", String.join(",", hosted));
      } else {
        builder.environment().remove("CADRE_KAFKA_HOSTED_TYPES");
      }
      Worker worker = new Worker(name, builder.start());
      workers.add(worker);
      started.add(worker);
    }
    for (Worker worker : started) {
      try {
        worker.ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(
            worker + " did not print its ready line within " + READY_TIMEOUT + "; its output:\n"
                + worker.output(),
            e);
      }
    }
    return started;
  }

  /** The worker whose process is {@code pid}. */
  Worker byPid(long pid) {
    for (Worker worker : workers) {
      if (worker.pid() == pid) {
        return worker;
      }
    }
    throw new AssertionError("no worker has pid " + pid + " among " + workers);
  }

  /** Every worker's output, for a failure message. */
  String outputs() {
    StringBuilder all = new StringBuilder();
    for (Worker worker : workers) {
      all.append("==== ").append(worker).append('\n').append(worker.output());
    }
    return all.toString();
  }

  /** Stops every worker still running (SIGTERM, then SIGKILL after a few seconds). */
  @Override
  public void close() throws InterruptedException {
    for (Worker worker : workers) {
      worker.process.destroy();
    }
    for (Worker worker : workers) {
      if (!worker.process.waitFor(5, TimeUnit.SECONDS)) {
        worker.kill();
      }
    }
    workers.clear();
  }
}
