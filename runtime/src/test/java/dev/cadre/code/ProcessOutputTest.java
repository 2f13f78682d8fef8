package dev.cadre.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run printed reaches its result whole, however the processes end: the output is read from
 * files once the process tree is gone, not from pipes the JDK closes on the direct child's exit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessOutputTest {

  /**
   * Runs of the failing block, several at once: on the pipe-reading code this lost the output of
   * about one run in 160 on two loaded cores, so 640 runs all but always caught it.
   */
  private static final int RUNS = 640;

  /** No run starts after this, so that a machine loaded by others keeps the test short. */
  private static final Duration STRESS_TIME = Duration.ofSeconds(45);

  private static final int PARALLEL = 8;

  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

  private static final Map<String, String> ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin");

  @Test
  void aFailingSandboxedBlockAlwaysShowsItsTraceback() throws Exception {
    Sandbox.assumeBubblewrap();
    // One executor per thread: an executor runs its blocks one after another.
    List<BubblewrapExecutor> executors = new ArrayList<>();
    long stop = System.nanoTime() + STRESS_TIME.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<List<String>>> workers = new ArrayList<>();
      for (int w = 0; w < PARALLEL; w++) {
        BubblewrapExecutor executor =
            BubblewrapExecutor.builder()
                .limits(CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(20)))
                .build();
        executors.add(executor);
        workers.add(pool.submit(() -> lostRuns(executor, RUNS / PARALLEL, stop)));
      }
      List<String> lost = new ArrayList<>();
      int ran = 0;
      for (Future<List<String>> worker : workers) {
        List<String> runs = worker.get(100, TimeUnit.SECONDS);
        ran += runs.size();
        runs.stream().filter(run -> !run.isEmpty()).forEach(lost::add);
      }
      assertThat(ran).isGreaterThanOrEqualTo(PARALLEL);
      assertThat(lost).as("runs whose traceback was lost, of " + ran).isEmpty();
    } finally {
      pool.shutdownNow();
      executors.forEach(BubblewrapExecutor::close);
    }
  }

  /**
   * Runs the failing block up to {@code runs} times, none starting after {@code stop} (but at least
   * once): a line per run, empty for a run that showed its traceback, else what it gave.
   */
  private static List<String> lostRuns(CodeExecutor executor, int runs, long stop) {
    List<String> described = new ArrayList<>();
    while (described.size() < runs && (described.isEmpty() || System.nanoTime() < stop)) {
      CodeResult result = executor.execute(CodeBlock.python("print(undefined_name)\n"));
      boolean shown = result.exitCode() == 1 && result.stderr().contains("NameError");
      described.add(
          shown
              ? ""
              : "exit "
                  + result.exitCode()
                  + ", stderr '"
                  + result.stderr()
                  + "', stdout '"
                  + result.stdout()
                  + "'");
    }
    return described;
  }

  @Test
  void outputOverTheBoundIsCutPerStreamAndMarked(@TempDir Path dir) {
    CodeLimits limits =
        CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(20)).withMaxOutputBytes(1000);
    ProcessRun.Outcome outcome =
        shell("head -c 5000 /dev/zero | tr '\\0' a; printf 'bbb' >&2", dir, limits);
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.stdout()).isEqualTo("a".repeat(1000));
    assertThat(outcome.stderr()).isEqualTo("bbb");
    assertThat(outcome.outputCut()).isTrue();

    ProcessRun.Outcome exact = shell("head -c 1000 /dev/zero | tr '\\0' a", dir, limits);
    assertThat(exact.stdout()).hasSize(1000);
    assertThat(exact.outputCut()).isFalse();
  }

  @Test
  void aRunLeavesNoOutputFileBehindHoweverItEnds(@TempDir Path dir) throws Exception {
    CodeLimits limits = CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(2));
    try (OutputWatch watch = new OutputWatch()) {
      ProcessRun.Outcome normal = shell("echo out; echo err >&2; exit 4", dir, limits);
      assertThat(normal.exitCode()).isEqualTo(4);
      assertThat(normal.stdout()).isEqualTo("out\n");
      assertThat(normal.stderr()).isEqualTo("err\n");
      // A slow writer until its time limit: its output so far is kept, its files go.
      ProcessRun.Outcome slow = shell("while true; do echo tick; sleep 0.05; done", dir, limits);
      assertThat(slow.timedOut()).isTrue();
      assertThat(slow.stdout()).startsWith("tick\n");
      watch.assertEveryDirectoryItSawIsGone(1);
    }
  }

  @Test
  void anotherRunsProcessThatHoldsACopyOfTheOutputIsNotKilled(@TempDir Path dir) throws Exception {
    // A process this JVM starts while a run's output files are open here holds copies of them
    // until the JDK's spawn helper closes them; under load that can outlast a short run. Here a
    // child of the JVM holds the run's stdout for good, standing for such a process.
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Process sibling = null;
    try {
      Future<ProcessRun.Outcome> run =
          pool.submit(
              () ->
                  shell(
                      "sleep 1; echo sibling-marker",
                      dir,
                      CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(20))));
      Path stdout = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (stdout == null && System.nanoTime() < deadline) {
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
          if (child.info().commandLine().orElse("").contains("sibling-marker")) {
            Path fd = Path.of("/proc", Long.toString(child.pid()), "fd", "1");
            stdout = Files.readSymbolicLink(fd);
          }
        }
        Thread.sleep(10);
      }
      assertThat(stdout).as("the run's stdout file").isNotNull();
      sibling =
          new ProcessBuilder("sleep", "30")
              .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
              .start();

      ProcessRun.Outcome outcome = run.get(30, TimeUnit.SECONDS);

      assertThat(outcome.stdout()).isEqualTo("sibling-marker\n");
      assertThat(sibling.isAlive()).as("the other run's process").isTrue();
    } finally {
      pool.shutdownNow();
      if (sibling != null) {
        sibling.destroyForcibly();
      }
    }
  }

  @Test
  void aProcessThatLeftTheTreeButHoldsTheOutputEndsWithTheRun(@TempDir Path dir)
      throws IOException {
    // The subshell is gone before the tree is first looked at, leaving sleep an orphan in a
    // session of its own: neither the tree nor a process group reaches it, its stdout does.
    ProcessRun.Outcome outcome =
        shell(
            "(setsid sleep 987.5 &); sleep 0.2; echo started",
            dir,
            CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(20)));
    assertThat(outcome.stdout()).isEqualTo("started\n");
    assertThat(outcome.exitCode()).isZero();
    assertThat(Processes.withCommandLineContaining("sleep 987.5")).isEmpty();
  }

  @Test
  void aBlockWritingForeverIsStoppedAtTheFileBoundWithoutPrlimit(@TempDir Path dir)
      throws Exception {
    long bound = 1L << 20;
    CodeLimits limits = new CodeLimits(Duration.ofSeconds(30), 64 * 1024, 1L << 30, 128, bound);
    try (OutputWatch watch = new OutputWatch()) {
      ProcessRun.Outcome outcome =
          shell("while true; do echo 0123456789abcdef0123456789abcdef; done", dir, limits);
      assertThat(outcome.timedOut()).isFalse();
      assertThat(outcome.outputCut()).isTrue();
      assertThat(outcome.exitCode()).isNotZero();
      assertThat(outcome.elapsed()).isLessThan(Duration.ofSeconds(20));
      assertThat(outcome.stdout()).hasSize(64 * 1024).startsWith("0123456789abcdef");
      // The poll loop stops it within an interval of passing the bound: a shell's echo loop writes
      // far less than 16 MiB in one.
      assertThat(watch.largestFile()).isLessThan(bound + (16L << 20));
      watch.assertEveryDirectoryItSawIsGone(1);
    }
  }

  @Test
  void inTheSandboxTheFileSizeLimitBoundsTheOutputFiles() throws Exception {
    Sandbox.assumeBubblewrap();
    long bound = 1L << 20;
    CodeLimits limits = new CodeLimits(Duration.ofSeconds(30), 64 * 1024, 1L << 30, 128, bound);
    try (BubblewrapExecutor executor = BubblewrapExecutor.builder().limits(limits).build();
        OutputWatch watch = new OutputWatch()) {
      CodeResult result =
          executor.execute(
              CodeBlock.python("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"));
      assertThat(result.timedOut()).isFalse();
      assertThat(result.outputCut()).isTrue();
      // Python ignores SIGXFSZ, so the failed write is an error the model reads.
      assertThat(result.stderr()).contains("File too large");
      assertThat(result.exitCode()).isNotZero();
      assertThat(watch.largestFile()).isLessThanOrEqualTo(bound);
      watch.assertEveryDirectoryItSawIsGone(1);
    }
  }

  /**
   * Watches the temporary directory for the runs' output directories while it is open: which
   * appeared, and the largest output file seen in them.
   */
  private static final class OutputWatch implements AutoCloseable {
    private final Set<Path> before = outputDirectories();
    private final Set<Path> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong largest = new AtomicLong();
    private final Thread thread = new Thread(this::watch, "output-watch");
    private volatile boolean open = true;

    OutputWatch() {
      thread.setDaemon(true);
      thread.start();
    }

    private void watch() {
      while (open) {
        for (Path directory : outputDirectories()) {
          if (before.contains(directory)) {
            continue;
          }
          seen.add(directory);
          for (String name : List.of("stdout", "stderr")) {
            try {
              largest.accumulateAndGet(Files.size(directory.resolve(name)), Math::max);
            } catch (IOException gone) {
              // Not made yet, or deleted already.
            }
          }
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long largestFile() {
      return largest.get();
    }

    /**
     * Checks that the watch saw at least {@code runs} output directories (a run of a few
     * milliseconds may come and go between two looks), that all are gone, and that no output
     * directory is left that was not there before.
     */
    void assertEveryDirectoryItSawIsGone(int runs) {
      assertThat(seen).hasSizeGreaterThanOrEqualTo(runs);
      assertThat(seen).allSatisfy(directory -> assertThat(directory).doesNotExist());
      assertThat(outputDirectories()).isSubsetOf(before);
    }

    private static Set<Path> outputDirectories() {
      try (Stream<Path> entries = Files.list(TMP)) {
        Set<Path> found = new HashSet<>();
        entries
            .filter(entry -> entry.getFileName().toString().startsWith("cadre-output-"))
            .forEach(found::add);
        return found;
      } catch (IOException e) {
        throw new AssertionError("cannot list " + TMP, e);
      }
    }

    @Override
    public void close() throws InterruptedException {
      open = false;
      thread.join();
    }
  }

  /** Runs {@code script} with {@code sh -c} in {@code dir}, with nothing to kill besides. */
  private static ProcessRun.Outcome shell(String script, Path dir, CodeLimits limits) {
    return ProcessRun.run(
        List.of("sh", "-c", script),
        ENVIRONMENT,
        dir,
        limits,
        CancellationToken.none(),
        null,
        false);
  }
}
