package dev.cadre.benchmarks.distributed;

import dev.cadre.benchmarks.CommandLine;
import dev.cadre.benchmarks.distributed.MessagingSystem.Deliveries;
import dev.cadre.benchmarks.distributed.MessagingSystem.Report;
import dev.cadre.benchmarks.distributed.MessagingSystem.Stamped;
import dev.cadre.benchmarks.report.FigureLines;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.TopicId;
import dev.cadre.kafka.KafkaAgentRuntime;
import dev.cadre.kafka.KafkaCluster;
import dev.cadre.kafka.KafkaRuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Scenario 8, messages across processes: sends and publishes through the Kafka runtime to agents
 * hosted by two worker JVMs, measured next to the same load on the in-process runtime, and how long
 * a worker's agents are unavailable when it stops or is killed. Not a JMH benchmark: it drives
 * several processes and a broker, so it runs as its own process, as {@code ScaleRun} does.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.cadre.benchmarks.distributed.DistributedRun \
 *     --runtime in-process|kafka|kafka-clients [--bootstrap host:port] [--workers 2] [--partitions 6]
 *     [--sends 20000] [--publishes 2000] [--window 256] [--log-dir DIR]
 *     [--session-timeout-ms 1500]
 * </pre>
 *
 * <p>With {@code --runtime kafka} it starts the workers ({@link dev.cadre.kafka.KafkaWorker}
 * hosting {@link MessagingSystem}) against the broker at {@code --bootstrap}, on a topic prefix
 * of its own, waits until they share every partition, and drives them from this process, which
 * hosts none of the agents. The phases, after a warm-up:
 *
 * <ol>
 *   <li>{@code send-one-at-a-time}: {@code sends / 10} sends to one echo agent, each after the
 *       last reply; the round trip's p50 and p99.
 *   <li>{@code send-pipelined}: {@code sends} sends to 64 echo agents, {@code window} in flight;
 *       sends per second, and each round trip's p50 and p99 under that load.
 *   <li>{@code publish-paced}: {@code publishes / 4} publishes, 200 a second, each reaching the
 *       {@link MessagingSystem#READERS} readers; the delivery latency at a light load.
 *   <li>{@code publish-flood}: {@code publishes} publishes, {@code window} unacknowledged at most;
 *       deliveries per second from the first publish to the last delivery, and their latency.
 *   <li>{@code rebalance-stop} and {@code rebalance-kill} (Kafka, two workers or more): 12 clients
 *       each send to an echo agent of their own, one send after another, while one worker is
 *       stopped (SIGTERM) or, once a new one has joined, killed (SIGKILL). The figure is the
 *       longest any client then went without a reply: how long the agents that moved were away.
 *       The workers' session timeout ({@code --session-timeout-ms}, their {@code
 *       CADRE_KAFKA_SESSION_TIMEOUT}; 0 leaves the broker's) bounds it from below after a kill.
 * </ol>
 *
 * <p>With {@code --runtime kafka-clients} it measures only the first phase, written with Kafka's
 * own clients and nothing of Cadre ({@link KafkaClientsFloor}): the floor under Cadre's figure.
 *
 * <p>Every reply is checked against its message, and every reader's count against the publishes:
 * any difference is an error, and an error makes the process exit with status 1. Each phase is
 * printed as one readable line and one JSON line starting with {@code {"scenario":"distributed"}.
 */
public final class DistributedRun {

  private static final int ECHO_KEYS = 64;
  private static final int REBALANCE_CLIENTS = 12;
  private static final long PACED_INTERVAL_MICROS = 5_000;
  private static final Duration REPLY_TIMEOUT = Duration.ofMinutes(2);

  /** The runtime name of the floor: Kafka's own clients, nothing of Cadre. */
  static final String KAFKA_CLIENTS = "kafka-clients";

  private final Options options;
  private final AgentRuntime runtime;
  private final TopicId topic = new TopicId(MessagingSystem.TOPIC_TYPE, "bench");
  private final List<Map<String, Object>> results = new ArrayList<>();
  private int errors;
  private String firstError;

  private DistributedRun(Options options, AgentRuntime runtime) {
    this.options = options;
    this.runtime = runtime;
  }

  public static void main(String[] args) throws Exception {
    Options options = CommandLine.parseOrExit(args, Options::parse, Options.USAGE);
    if (options.runtime.equals(KAFKA_CLIENTS)) {
      Map<String, Object> floor =
          KafkaClientsFloor.sendOneAtATime(
              options.bootstrap, Math.max(options.sends / 10, 10), options.logDir);
      System.out.println(FigureLines.readable(floor));
      System.out.println(FigureLines.json(floor));
      System.exit(0);
    }
    DistributedRun run = options.kafka ? onKafka(options) : inProcess(options);
    if (run.report() > 0) {
      System.exit(1);
    }
    System.exit(0); // the Kafka clients' threads are daemons, but do not wait on stragglers
  }

  /** The send and publish phases on an in-process runtime. */
  static DistributedRun inProcess(Options options) throws Exception {
    try (InProcessRuntime runtime = new InProcessRuntime()) {
      new MessagingSystem().install(runtime);
      DistributedRun run = new DistributedRun(options, runtime);
      run.measure();
      return run;
    }
  }

  /** Every phase, on worker processes through the broker at {@code options.bootstrap}. */
  private static DistributedRun onKafka(Options options) throws Exception {
    String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    KafkaRuntimeConfig config =
        KafkaRuntimeConfig.builder()
            .bootstrapServers(options.bootstrap)
            .topicPrefix(prefix)
            .partitions(options.partitions)
            .startupTimeout(Duration.ofSeconds(60))
            .hostedTypes(List.of())
            .build();
    Map<String, String> environment =
        new LinkedHashMap<>(
            Map.of(
                "CADRE_KAFKA_BOOTSTRAP_SERVERS", options.bootstrap,
                "CADRE_KAFKA_TOPIC_PREFIX", prefix,
                "CADRE_KAFKA_PARTITIONS", String.valueOf(options.partitions),
                "CADRE_KAFKA_STARTUP_TIMEOUT", "60s"));
    if (options.sessionTimeoutMillis > 0) {
      environment.put("CADRE_KAFKA_SESSION_TIMEOUT", options.sessionTimeoutMillis + "ms");
    }
    Path logDir = Files.createDirectories(options.logDir);
    try (KafkaCluster cluster = KafkaCluster.open(config);
        WorkerProcesses workers = new WorkerProcesses(environment, logDir);
        KafkaAgentRuntime runtime = KafkaAgentRuntime.start(config)) {
      for (int i = 0; i < options.workers; i++) {
        workers.start();
      }
      cluster.awaitHosted(MessagingSystem.types(), options.workers);
      new MessagingSystem().install(runtime);
      DistributedRun run = new DistributedRun(options, runtime);
      run.measure();
      if (options.workers >= 2) {
        List<String> echo = List.of(MessagingSystem.ECHO);
        WorkerStep survivorsHoldAll = () -> cluster.awaitHosted(echo, options.workers - 1);
        run.rebalance("rebalance-stop", () -> workers.stop(options.workers - 1), survivorsHoldAll);
        int replacement = workers.start();
        cluster.awaitHosted(echo, options.workers);
        run.rebalance("rebalance-kill", () -> workers.kill(replacement), survivorsHoldAll);
      }
      return run;
    }
  }

  /** The warm-up, then the send and publish phases. */
  private void measure() throws Exception {
    pipelinedSends("warm-up", Math.max(options.sends / 10, 100), false);
    floodedPublishes("warm-up", Math.max(options.publishes / 10, 20), false);
    sendsOneAtATime(Math.max(options.sends / 10, 10));
    pipelinedSends("send-pipelined", options.sends, true);
    pacedPublishes(Math.max(options.publishes / 4, 10));
    floodedPublishes("publish-flood", options.publishes, true);
  }

  private AgentId echo(int key) {
    return new AgentId(MessagingSystem.ECHO, "k" + key);
  }

  private void sendsOneAtATime(int sends) throws Exception {
    long[] latencies = new long[sends];
    long start = System.nanoTime();
    for (int i = 0; i < sends; i++) {
      String message = "m" + i;
      long sent = System.nanoTime();
      Object reply =
          runtime.send(message, echo(0)).get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      latencies[i] = System.nanoTime() - sent;
      check(message.equals(reply), "send " + message + " was answered " + reply);
    }
    record("send-one-at-a-time", sends, "sends/s", System.nanoTime() - start, nanosToMicros(latencies));
  }

  private void pipelinedSends(String phase, int sends, boolean report) throws Exception {
    long[] latencies = new long[sends];
    Semaphore window = new Semaphore(options.window);
    AtomicInteger done = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    long start = System.nanoTime();
    for (int i = 0; i < sends; i++) {
      window.acquire();
      String message = "m" + i;
      int index = i;
      long sent = System.nanoTime();
      runtime
          .send(message, echo(i % ECHO_KEYS))
          .whenComplete(
              (reply, error) -> {
                latencies[index] = System.nanoTime() - sent;
                check(
                    error == null && message.equals(reply),
                    "send " + message + " was answered " + (error != null ? error : reply));
                window.release();
                if (done.incrementAndGet() == sends) {
                  all.complete(null);
                }
              });
    }
    all.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (report) {
      record(phase, sends, "sends/s", System.nanoTime() - start, nanosToMicros(latencies));
    }
  }

  private void pacedPublishes(int publishes) throws Exception {
    long start = System.nanoTime();
    long firstAt = MessagingSystem.nowMicros();
    for (int i = 0; i < publishes; i++) {
      long due = start + TimeUnit.MICROSECONDS.toNanos(PACED_INTERVAL_MICROS) * i;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      runtime
          .publish(new Stamped(MessagingSystem.nowMicros()), topic)
          .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    recordDeliveries("publish-paced", publishes, firstAt, null);
  }

  private void floodedPublishes(String phase, int publishes, boolean report) throws Exception {
    Semaphore window = new Semaphore(options.window);
    long firstAt = MessagingSystem.nowMicros();
    for (int i = 0; i < publishes; i++) {
      window.acquire();
      runtime
          .publish(new Stamped(MessagingSystem.nowMicros()), topic)
          .whenComplete(
              (published, error) -> {
                check(error == null, "a publish failed: " + error);
                window.release();
              });
    }
    window.acquire(options.window);
    if (report) {
      recordDeliveries(phase, publishes, firstAt, "deliveries/s");
    } else {
      collectDeliveries(publishes);
    }
  }

  /** Every reader's deliveries since the last collection, each checked to be {@code publishes}. */
  private List<Deliveries> collectDeliveries(int publishes) throws Exception {
    List<Deliveries> all = new ArrayList<>();
    for (String type : MessagingSystem.readerTypes()) {
      // Sent to the agent the publishes reached, behind them: it answers once it has handled them.
      Deliveries deliveries =
          runtime
              .<Deliveries>send(new Report(), new AgentId(type, topic.source()))
              .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      check(
          deliveries.latenciesMicros().size() == publishes,
          type + " handled " + deliveries.latenciesMicros().size() + " of " + publishes + " publishes");
      all.add(deliveries);
    }
    return all;
  }

  private void recordDeliveries(String phase, int publishes, long firstAtMicros, String rateName)
      throws Exception {
    List<Deliveries> all = collectDeliveries(publishes);
    long lastAt = all.stream().mapToLong(Deliveries::lastAtMicros).max().orElse(firstAtMicros);
    long[] latencies =
        all.stream().flatMap(d -> d.latenciesMicros().stream()).mapToLong(Long::longValue).toArray();
    record(
        phase,
        latencies.length,
        rateName,
        TimeUnit.MICROSECONDS.toNanos(lastAt - firstAtMicros),
        latencies);
  }

  /** A step of a rebalance phase that acts on the workers or waits for them. */
  private interface WorkerStep {
    void run() throws Exception;
  }

  /**
   * {@link #REBALANCE_CLIENTS} clients send one after another, each to an echo agent of its own,
   * while {@code disturbance} takes a worker away (once all of them are answering); once {@code
   * recovered} returns (the survivors hold every partition) and a second more has passed, reports
   * the longest time from the disturbance, or from a later reply, that a client went without a
   * reply: how long the agents that moved were away.
   */
  /**
   * Waits until every client has had a reply in the last half second: until every agent answers,
   * wherever it now lives.
   */
  private static void awaitAllAnswering(String phase, AtomicLongArray lastReply)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      long now = System.nanoTime();
      boolean all = true;
      for (int c = 0; c < lastReply.length(); c++) {
        all &= now - lastReply.get(c) < TimeUnit.MILLISECONDS.toNanos(500);
      }
      if (all) {
        return;
      }
      if (now > deadline) {
        throw new IllegalStateException(phase + ": some agents did not answer within 60 s");
      }
      Thread.sleep(20);
    }
  }

  private void rebalance(String phase, WorkerStep disturbance, WorkerStep recovered)
      throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLongArray lastReply = new AtomicLongArray(REBALANCE_CLIENTS);
    AtomicLongArray longestGap = new AtomicLongArray(REBALANCE_CLIENTS);
    AtomicInteger sends = new AtomicInteger();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ExecutorService clients = Executors.newFixedThreadPool(REBALANCE_CLIENTS);
    try {
      long start = System.nanoTime();
      List<CompletableFuture<Void>> loops = new ArrayList<>();
      for (int c = 0; c < REBALANCE_CLIENTS; c++) {
        int client = c;
        AgentId agent = new AgentId(MessagingSystem.ECHO, "rebalance-" + client);
        lastReply.set(client, start);
        loops.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; running.get(); i++) {
                    String message = client + "/" + i;
                    long sent = System.nanoTime();
                    Object reply;
                    try {
                      reply =
                          runtime
                              .send(message, agent)
                              .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    } catch (Exception e) {
                      check(false, phase + ": send " + message + " failed: " + e);
                      return;
                    }
                    long now = System.nanoTime();
                    check(message.equals(reply), "send " + message + " was answered " + reply);
                    sends.incrementAndGet();
                    latencies.add(TimeUnit.NANOSECONDS.toMicros(now - sent));
                    long gap = now - lastReply.getAndSet(client, now);
                    longestGap.accumulateAndGet(client, gap, Math::max);
                  }
                },
                clients));
      }
      Thread.sleep(2_000);
      awaitAllAnswering(phase, lastReply);
      // Away is counted from the disturbance: a worker that has just joined may still have been
      // reading its partitions' state, which is the join's cost, not the loss's.
      long disturbed = System.nanoTime();
      for (int c = 0; c < REBALANCE_CLIENTS; c++) {
        longestGap.set(c, 0);
        lastReply.accumulateAndGet(c, disturbed, Math::max);
      }
      System.err.printf("%s: disturbed at %tT.%<tL%n", phase, System.currentTimeMillis());
      disturbance.run();
      recovered.run();
      System.err.printf("%s: the survivors hold every partition at %tT.%<tL%n", phase, System.currentTimeMillis());
      Thread.sleep(1_000);
      running.set(false);
      CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
          .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long longest = 0;
      for (int c = 0; c < REBALANCE_CLIENTS; c++) {
        longest = Math.max(longest, longestGap.get(c));
      }
      long[] all = latencies.stream().mapToLong(Long::longValue).toArray();
      Map<String, Object> figures = figures(phase);
      figures.put("sends", sends.get());
      figures.put("awaySeconds", round(longest / 1e9));
      figures.put("p50Micros", percentile(all, 0.50));
      figures.put("maxMicros", percentile(all, 1.0));
      results.add(figures);
    } finally {
      running.set(false);
      clients.shutdownNow();
    }
  }

  private synchronized void check(boolean holds, String error) {
    if (!holds) {
      errors++;
      if (firstError == null) {
        firstError = error;
      }
    }
  }

  private Map<String, Object> figures(String phase) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("scenario", "distributed");
    figures.put("runtime", options.kafka ? "kafka" : "in-process");
    figures.put("workers", options.kafka ? options.workers : 0);
    if (options.kafka) {
      figures.put("sessionTimeoutMs", options.sessionTimeoutMillis);
    }
    figures.put("phase", phase);
    return figures;
  }

  private void record(String phase, int count, String rateName, long nanos, long[] latenciesMicros) {
    Map<String, Object> figures = figures(phase);
    figures.put("count", count);
    figures.put("seconds", round(nanos / 1e9));
    if (rateName != null) {
      figures.put(rateName, Math.round(count / Math.max(nanos / 1e9, 1e-9)));
    }
    figures.put("p50Micros", percentile(latenciesMicros, 0.50));
    figures.put("p99Micros", percentile(latenciesMicros, 0.99));
    results.add(figures);
  }

  /** Each phase's figures, in the order measured. */
  List<Map<String, Object>> results() {
    return results;
  }

  synchronized int errors() {
    return errors;
  }

  synchronized String firstError() {
    return firstError;
  }

  /** Prints every phase's figures; returns how many errors there were. */
  private int report() {
    for (Map<String, Object> figures : results) {
      System.out.println(FigureLines.readable(figures));
      System.out.println(FigureLines.json(figures));
    }
    if (errors() > 0) {
      System.err.println("distributed run FAILED: " + errors() + " errors; the first: " + firstError());
    }
    return errors();
  }

  private static long[] nanosToMicros(long[] nanos) {
    long[] micros = new long[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      micros[i] = TimeUnit.NANOSECONDS.toMicros(nanos[i]);
    }
    return micros;
  }

  /** The nearest-rank percentile {@code q} of {@code values}; 0 for none. */
  static long percentile(long[] values, double q) {
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** The command line. */
  static final class Options {

    static final String USAGE =
        "usage: DistributedRun --runtime in-process|kafka|kafka-clients [--bootstrap host:port]"
            + " [--workers 2]"
            + " [--partitions 6] [--sends 20000] [--publishes 2000] [--window 256] [--log-dir DIR]"
            + " [--session-timeout-ms 1500 (0: the broker's)]";

    String runtime;
    boolean kafka;
    String bootstrap;
    int workers = 2;
    int partitions = 6;
    int sends = 20_000;
    int publishes = 2_000;
    int window = 256;
    int sessionTimeoutMillis = 1500;
    Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "cadre-distributed-run");

    static Options parse(String... args) {
      Options options = new Options();
      CommandLine.forEachOption(
          args,
          (name, value) -> {
            switch (name) {
              case "--runtime" -> options.runtime = value;
              case "--bootstrap" -> options.bootstrap = value;
              case "--workers" -> options.workers = CommandLine.positive(name, value);
              case "--partitions" -> options.partitions = CommandLine.positive(name, value);
              case "--sends" -> options.sends = CommandLine.positive(name, value);
              case "--publishes" -> options.publishes = CommandLine.positive(name, value);
              case "--window" -> options.window = CommandLine.positive(name, value);
              case "--log-dir" -> options.logDir = Path.of(value);
              case "--session-timeout-ms" ->
                  options.sessionTimeoutMillis =
                      value.equals("0") ? 0 : CommandLine.positive(name, value);
              default -> throw new IllegalArgumentException("unknown option " + name);
            }
          });
      if (options.runtime == null
          || !List.of("in-process", "kafka", KAFKA_CLIENTS).contains(options.runtime)) {
        throw new IllegalArgumentException(
            "--runtime must be in-process, kafka or kafka-clients, was " + options.runtime);
      }
      options.kafka = options.runtime.equals("kafka");
      if (!options.runtime.equals("in-process") && options.bootstrap == null) {
        throw new IllegalArgumentException(
            "--runtime " + options.runtime + " needs --bootstrap host:port");
      }
      return options;
    }
  }
}
