package dev.cadre.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real one-node Kafka broker (KRaft, combined broker and controller) in a JVM of its own, started
 * from Kafka's jars on this JVM's class path, as {@code kafka/broker.sh} starts one for scripts.
 * Unlike the in-JVM test kit, it can be killed with SIGKILL and started again on the same ports and
 * data directory, which is what a broker restart in operations is.
 *
 * <p>The broker logs nothing here (no SLF4J provider on the class path), so it counts as started
 * once an admin client sees it in the cluster's description.
 */
final class BrokerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final Path properties;
  private final int port;
  private Process process;
  private int starts;

  private BrokerProcess(Path dir, Path properties, int port) {
    this.dir = dir;
    this.properties = properties;
    this.port = port;
  }

  /**
   * Formats a data directory under {@code dir} and starts a broker on it, with {@link
   * SharedKafkaCluster#BROKER_SETTINGS} and then {@code settings}; returns once it answers.
   */
  static BrokerProcess start(Path dir, Map<String, String> settings) throws Exception {
    Files.createDirectories(dir);
    int port = freePort();
    int controller = freePort();
    Map<String, String> props = new TreeMap<>(SharedKafkaCluster.BROKER_SETTINGS);
    props.putAll(
        Map.of(
            "process.roles", "broker,controller",
            "node.id", "1",
            "controller.quorum.voters", "1@127.0.0.1:" + controller,
            "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
            "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names", "CONTROLLER",
            "inter.broker.listener.name", "PLAINTEXT",
            "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs", dir.resolve("data").toString()));
    // A broker started again registers anew, and the controller takes the registration once the
    // old one's session is over: 9 s by default, on top of the recovery.
    props.put("broker.session.timeout.ms", "2000");
    props.put("broker.heartbeat.interval.ms", "500");
    props.putAll(settings);
    StringBuilder text = new StringBuilder();
    props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Path properties = Files.writeString(dir.resolve("server.properties"), text.toString());
    BrokerProcess broker = new BrokerProcess(dir, properties, port);
    broker.java(
            List.of(),
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            properties.toString())
        .waitFor(60, TimeUnit.SECONDS);
    broker.startAgain();
    return broker;
  }

  /** {@code host:port} of the broker's listener: the same across restarts. */
  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** SIGKILL: the broker gets no chance to close its logs or hand anything over. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the broker (pid " + process.pid() + ") did not die on SIGKILL");
    }
  }

  /**
   * Starts the broker on the same ports and data directory, and returns once it answers: after a
   * kill, it recovers its logs first.
   */
  void startAgain() throws Exception {
    starts++;
    process =
        java(
            List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            "kafka.Kafka",
            properties.toString());
    awaitAnswer();
  }

  private Process java(List<String> flags, String main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    Path log = dir.resolve("broker-" + starts + ".log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private void awaitAnswer() throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000);
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(props)) {
      while (true) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "the broker exited with " + process.exitValue() + "; its output:\n" + output());
        }
        try {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(1000))
              .nodes()
              .get(2, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (Exception notYet) {
          // starting
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "the broker did not answer within " + START_TIMEOUT + "; its output:\n" + output());
        }
        Thread.sleep(100);
      }
    }
  }

  private String output() throws IOException {
    Path log = dir.resolve("broker-" + starts + ".log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
