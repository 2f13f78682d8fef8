package dev.cadre.benchmarks.scale;

import dev.cadre.benchmarks.CommandLine;
import dev.cadre.benchmarks.Contestants;
import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.fake.FakeLlm;
import dev.cadre.benchmarks.report.FigureLines;
import dev.cadre.core.Threads;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;

/**
 * Scenario 7, scale: N sequence runs in flight at once, every model call answering after a
 * simulated 200 ms. Not a JMH benchmark: what it measures is a whole process holding many waiting
 * runs, so it runs as its own process, one contestant and one N per process.
 *
 * <pre>
 * java [-Xmx4g] -cp benchmarks/target/benchmarks.jar dev.cadre.benchmarks.scale.ScaleRun \
 *     --contestant cadre|langchain4j|floor --runs N [--delay-ms 200] [--runtime per-team|shared]
 *     [--timeout-s 600] [--histogram 25]
 * </pre>
 *
 * <p>After a warm-up of a few runs, it takes a baseline of the live heap, then runs two phases of N
 * runs each, building what they need afresh for each:
 *
 * <ol>
 *   <li>Census: every run is held inside its first model call on a gate; once all N are there, the
 *       live heap after {@code System.gc()} minus the baseline, over N, is the heap per waiting
 *       run. The gate then opens and the runs finish, every model call still waiting.
 *   <li>Throughput: N runs started at once; the time from the first start to the last result is
 *       the wall time.
 * </ol>
 *
 * <p>Peak heap (the heap pools' peaks, summed, reset after the warm-up) and peak live threads cover
 * both phases; peak RSS is the process's VmHWM. The residual heap, live heap above the baseline once
 * both phases are closed, is where a leak would show. Every run's text is checked, and so is the number of
 * model calls (3 per run); any error makes the process exit with status 1. The figures are printed
 * as one readable line and one JSON line, which starts with {@code {"scenario":"scale"}.
 *
 * <p>{@code --runs 20} is the smoke test: a few seconds. {@code benchmarks/run.sh full} runs the
 * whole matrix (N = 1,000 and 10,000 on JDK 17, 100,000 on JDK 25) and collects the JSON lines.
 */
public final class ScaleRun {

  /** What every run must answer: the last agent's plain text. */
  static final String ANSWER = Fakes.SEQUENCE_ANSWERS.get(2);

  private static final int WARM_UP_RUNS = 20;

  private final Options options;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  ScaleRun(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    Options options = CommandLine.parseOrExit(args, Options::parse, Options.USAGE);
    Result result = new ScaleRun(options).run();
    System.out.println(result.line());
    System.out.println(result.json());
    if (result.errors() > 0) {
      System.err.println(
          "scale run FAILED: "
              + options.contestant
              + " at N="
              + options.runs
              + " had "
              + result.errors()
              + " errors; the first: "
              + result.firstError());
      // Runs may still be stuck on threads or in teams: do not wait for them to close.
      System.exit(1);
    }
  }

  /** Runs the warm-up and both phases, and gathers the figures. */
  Result run() {
    Phase warmUp = phase("warm-up", WARM_UP_RUNS, 0, false);
    if (warmUp.outcome.errors() > 0) {
      return Result.failed(options, warmUp.outcome.firstError(), warmUp.outcome.errors());
    }
    long baseline = liveHeap();
    resetPeaks();

    Phase census = phase("census", options.runs, options.delayMillis, true);
    if (census.outcome.errors() > 0) {
      return result(census, census, baseline);
    }
    Phase throughput = phase("throughput", options.runs, options.delayMillis, false);
    if (throughput.outcome.errors() == 0) {
      throughput.residualHeap = liveHeap();
    }
    return result(census, throughput, baseline);
  }

  /** One batch of {@code runs} runs, on a contestant and fakes of its own. */
  private Phase phase(String name, int runs, long delayMillis, boolean census) {
    Fakes fakes = new Fakes();
    Phase phase = new Phase(name, runs);
    try (Latency latency = new Latency(delayMillis, census)) {
      ScaleContestant contestant = create(fakes, latency);
      phase.setup = contestant.setup();
      long buildStart = System.nanoTime();
      contestant.prepare(runs);
      phase.buildNanos = System.nanoTime() - buildStart;
      if (census) {
        phase.builtHeap = liveHeap();
        printHistogram(runs + " runs built, none started");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds);
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        try {
          phase.outcome.track(i, contestant.start(i));
        } catch (Throwable e) {
          phase.outcome.failedToStart(i, e);
        }
      }
      if (census) {
        hold(phase, latency, start, deadline);
        latency.open();
      }
      boolean ended = phase.outcome.await(deadline);
      phase.wallNanos = System.nanoTime() - start;
      phase.peakInCall = latency.peakInCall();
      if (!ended) {
        phase.outcome.failPending(
            "%d of %d runs had not ended after %d s (live threads: %d)",
            phase.outcome.pending(), runs, options.timeoutSeconds, threads.getThreadCount());
        System.err.println("where the live threads were when the runs had not ended:");
        System.err.println(whereThreadsAre());
        return phase;
      }
      checkCalls(fakes, runs, phase.outcome);
      if (phase.outcome.errors() == 0) {
        long closeStart = System.nanoTime();
        contestant.close();
        phase.closeNanos = System.nanoTime() - closeStart;
      }
    }
    return phase;
  }

  /**
   * Waits until every run is held on the gate (or has failed), then takes the census; {@code
   * start} is when the first run started, so that the time it took to get them all there is known.
   */
  private void hold(Phase phase, Latency latency, long start, long deadline) {
    int runs = phase.outcome.runs;
    while (latency.arrived() + phase.outcome.settled() < runs && System.nanoTime() < deadline) {
      sleep(10);
    }
    phase.held = latency.arrived();
    phase.holdNanos = System.nanoTime() - start;
    phase.threadsWhileHeld = threads.getThreadCount();
    phase.heldHeap = liveHeap();
    printHistogram(phase.held + " runs held in their first model call");
    if (phase.held < runs) {
      phase.outcome.fail(
          "only %d of %d runs reached their first model call (%d ended before it; live threads: %d)",
          phase.held, runs, phase.outcome.settled(), phase.threadsWhileHeld);
    }
  }

  private ScaleContestant create(Fakes fakes, Latency latency) {
    switch (options.contestant) {
      case "cadre":
        return new CadreScale(fakes, latency, options.sharedRuntime);
      case "langchain4j":
        return new LangChain4jScale(fakes, latency);
      case "floor":
        return new FloorScale(fakes, latency);
      default:
        throw new IllegalStateException("unchecked contestant " + options.contestant);
    }
  }

  /** Each run calls each of the three models once: the totals must say so. */
  static void checkCalls(Fakes fakes, int runs, Outcome outcome) {
    int total = 0;
    for (FakeLlm llm : fakes.sequence()) {
      total += llm.calls();
      if (llm.calls() != runs) {
        outcome.fail(
            "the model answering \"%s\" was called %d times for %d runs",
            llm.plainText(), llm.calls(), runs);
      }
    }
    if (total != 3 * runs) {
      outcome.fail("%d model calls for %d runs, not %d", total, runs, 3 * runs);
    }
  }

  private Result result(Phase census, Phase throughput, long baseline) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("scenario", "scale");
    figures.put("contestant", options.contestant);
    figures.put("setup", census.setup);
    figures.put("runs", options.runs);
    figures.put("delayMs", options.delayMillis);
    figures.put("java", Runtime.version().toString());
    figures.put("virtualThreads", Threads.virtual());
    int errors = census.outcome.errors() + (throughput == census ? 0 : throughput.outcome.errors());
    String firstError =
        census.outcome.errors() > 0 ? census.outcome.firstError() : throughput.outcome.firstError();
    figures.put("errors", errors);
    figures.put("firstError", firstError);
    double wallSeconds = throughput.wallNanos / 1e9;
    figures.put("wallMs", round(throughput.wallNanos / 1e6));
    // A rate of runs that did not all end right would mislead.
    figures.put("runsPerSecond", errors > 0 ? null : round(options.runs / wallSeconds));
    figures.put("peakHeapMB", round(peakHeap() / 1048576.0));
    figures.put("heapPerWaitingRunKB", round((census.heldHeap - baseline) / 1024.0 / options.runs));
    figures.put("heapPerBuiltRunKB", round((census.builtHeap - baseline) / 1024.0 / options.runs));
    figures.put("heldRuns", census.held);
    figures.put("holdMs", round(census.holdNanos / 1e6));
    figures.put("threadsWhileHeld", census.threadsWhileHeld);
    figures.put("peakThreads", threads.getPeakThreadCount());
    figures.put("peakInCall", throughput.peakInCall);
    figures.put("peakRssMB", round(peakRssKb() / 1024.0));
    figures.put("buildMs", round(throughput.buildNanos / 1e6));
    figures.put("closeMs", round(throughput.closeNanos / 1e6));
    // Live heap above the baseline once everything is closed: what a leak would leave behind.
    figures.put(
        "residualHeapMB",
        throughput.residualHeap == 0 ? null : round((throughput.residualHeap - baseline) / 1048576.0));
    return new Result(figures);
  }

  // --- measuring ----------------------------------------------------------------------------

  /** The heap still in use after collecting: settled with a few full collections. */
  private static long liveHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }

  /**
   * The sum of each heap pool's peak: an upper bound on the heap in use at any one moment, as the
   * pools need not peak together, and it follows how far the collector lets the young pools fill.
   */
  private static long peakHeap() {
    return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }

  private void resetPeaks() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    threads.resetPeakThreadCount();
  }

  /** The process's peak resident set (VmHWM), in kB; 0 where /proc is not there. */
  private static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /**
   * Live threads counted by the innermost Cadre or benchmark method on their stacks (or their top
   * frame when they have none): which part of the work holds them.
   */
  private String whereThreadsAre() {
    Map<String, Integer> places = new TreeMap<>();
    for (ThreadInfo thread : threads.dumpAllThreads(false, false)) {
      StackTraceElement[] stack = thread.getStackTrace();
      String place =
          stack.length == 0 ? "(no frames)" : stack[0].getClassName() + "." + stack[0].getMethodName();
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().startsWith("dev.cadre.")) {
          place = frame.getClassName() + "." + frame.getMethodName();
          break;
        }
      }
      places.merge(thread.getThreadState() + " " + place, 1, Integer::sum);
    }
    StringBuilder text = new StringBuilder();
    places.forEach((place, count) -> text.append(String.format(Locale.ROOT, "%8d %s%n", count, place)));
    return text.toString();
  }

  /** With {@code --histogram}, the top of a class histogram of the live heap, to stderr. */
  private void printHistogram(String when) {
    if (options.histogramLines > 0) {
      System.err.println("class histogram, " + when + ":");
      System.err.println(histogram(options.histogramLines));
    }
  }

  /** The top of a class histogram of the live heap, as {@code jcmd <pid> GC.class_histogram}. */
  private static String histogram(int lines) {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {null},
                  new String[] {String[].class.getName()});
      return String.join("\n", ((String) text).lines().limit(lines + 3L).toList());
    } catch (Exception e) {
      return "no class histogram: " + e;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring", e);
    }
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  // --- bookkeeping --------------------------------------------------------------------------

  /** One batch of runs and what was measured of it. */
  private static final class Phase {
    final Outcome outcome;
    String setup;
    long buildNanos;
    long closeNanos;
    long wallNanos;
    long holdNanos;
    long builtHeap;
    long heldHeap;
    long residualHeap;
    int held;
    int threadsWhileHeld;
    int peakInCall;

    Phase(String name, int runs) {
      outcome = new Outcome(name, runs);
    }
  }

  /** How the runs of a batch ended: each checked for the expected text. */
  static final class Outcome {
    final String phase;
    final int runs;
    private final CountDownLatch ended;
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    Outcome(String phase, int runs) {
      this.phase = phase;
      this.runs = runs;
      this.ended = new CountDownLatch(runs);
    }

    void track(int run, CompletableFuture<String> result) {
      result.whenComplete(
          (text, error) -> {
            if (error != null) {
              fail("run %d failed: %s", run, describe(error));
            } else if (!ANSWER.equals(text)) {
              fail("run %d answered %s, not \"%s\"", run, text == null ? "null" : "\"" + text + "\"", ANSWER);
            }
            ended.countDown();
          });
    }

    void failedToStart(int run, Throwable error) {
      fail("run %d could not start: %s", run, describe(error));
      ended.countDown();
    }

    void fail(String format, Object... args) {
      failed(1, format, args);
    }

    /** Every run still pending is an error. */
    void failPending(String format, Object... args) {
      failed(pending(), format, args);
    }

    private void failed(int count, String format, Object... args) {
      errors.addAndGet(count);
      firstError.compareAndSet(null, phase + ": " + String.format(Locale.ROOT, format, args));
    }

    boolean await(long deadline) {
      try {
        return ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    int settled() {
      return runs - (int) ended.getCount();
    }

    int pending() {
      return (int) ended.getCount();
    }

    int errors() {
      return errors.get();
    }

    String firstError() {
      return firstError.get();
    }

    private static String describe(Throwable error) {
      Throwable cause = error;
      while (cause.getCause() != null
          && (cause instanceof CompletionException || cause instanceof ExecutionException)) {
        cause = cause.getCause();
      }
      return cause.toString();
    }
  }

  /** The figures of one process, in the order they are printed. */
  record Result(Map<String, Object> figures) {

    static Result failed(Options options, String error, int errors) {
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("scenario", "scale");
      figures.put("contestant", options.contestant);
      figures.put("runs", options.runs);
      figures.put("errors", errors);
      figures.put("firstError", error);
      return new Result(figures);
    }

    int errors() {
      return (Integer) figures.get("errors");
    }

    String firstError() {
      return (String) figures.get("firstError");
    }

    /** Every figure as {@code name=value}, for a person. */
    String line() {
      return FigureLines.readable(figures);
    }

    /** The figures as one JSON object on one line, for a script. */
    String json() {
      return FigureLines.json(figures);
    }
  }

  /** The command line. */
  static final class Options {

    static final String USAGE =
        "usage: ScaleRun --contestant "
            + String.join("|", Contestants.NAMES)
            + " --runs N [--delay-ms 200] [--runtime per-team|shared] [--timeout-s 600]"
            + " [--histogram LINES]";

    String contestant;
    int runs = 1000;
    long delayMillis = 200;
    boolean sharedRuntime;
    long timeoutSeconds = 600;
    int histogramLines;

    static Options parse(String... args) {
      Options options = new Options();
      CommandLine.forEachOption(
          args,
          (name, value) -> {
            switch (name) {
              case "--contestant" -> options.contestant = value;
              case "--runs" -> options.runs = CommandLine.positive(name, value);
              case "--delay-ms" -> options.delayMillis = CommandLine.positive(name, value);
              case "--timeout-s" -> options.timeoutSeconds = CommandLine.positive(name, value);
              case "--histogram" -> options.histogramLines = CommandLine.positive(name, value);
              case "--runtime" -> {
                if (!value.equals("per-team") && !value.equals("shared")) {
                  throw new IllegalArgumentException("--runtime is per-team or shared, not " + value);
                }
                options.sharedRuntime = value.equals("shared");
              }
              default -> throw new IllegalArgumentException("unknown option " + name);
            }
          });
      if (!Contestants.NAMES.contains(options.contestant)) {
        throw new IllegalArgumentException(
            "--contestant must be one of " + Contestants.NAMES + ", was " + options.contestant);
      }
      if (options.sharedRuntime && !options.contestant.equals("cadre")) {
        throw new IllegalArgumentException("--runtime applies to cadre only");
      }
      return options;
    }
  }
}
