package dev.cadre.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process: starts a {@link KafkaAgentRuntime}, installs an {@link AgentSystem} on it and
 * hosts the agent types it is given until it is stopped (SIGTERM or Ctrl-C closes the runtime, which
 * hands its agents to the other workers).
 *
 * <pre>
 * java -cp ... dev.cadre.kafka.KafkaWorker &lt;system&gt; [--host type1,type2]
 * </pre>
 *
 * <p>Settings come from the {@code CADRE_KAFKA_*} environment variables ({@link
 * KafkaRuntimeConfig#fromEnvironment()}); {@code --host} overrides {@code CADRE_KAFKA_HOSTED_TYPES}.
 * Once ready it prints one line, {@code cadre worker <node id> ready}, which scripts may wait for.
 */
public final class KafkaWorker {

  private KafkaWorker() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args[0].startsWith("-")) {
      fail(usage());
    }
    String systemName = args[0];
    KafkaRuntimeConfig.Builder config = KafkaRuntimeConfig.fromEnvironment().toBuilder();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--host") && i + 1 < args.length) {
        List<String> types = new ArrayList<>();
        for (String type : args[++i].split(",")) {
          if (!type.isBlank()) {
            types.add(type.strip());
          }
        }
        config.hostedTypes(types);
      } else {
        fail("unknown argument '" + args[i] + "'\n" + usage());
      }
    }
    AgentSystem system = find(systemName);
    KafkaAgentRuntime runtime = KafkaAgentRuntime.start(config.build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  stopped.countDown();
                },
                "cadre-worker-shutdown"));
    system.install(runtime);
    System.out.println("cadre worker " + runtime.nodeId() + " ready");
    System.out.flush();
    stopped.await();
  }

  /** The system named {@code name} among those on the class path. */
  static AgentSystem find(String name) {
    List<String> found = new ArrayList<>();
    for (AgentSystem system : ServiceLoader.load(AgentSystem.class)) {
      if (system.name().equals(name)) {
        return system;
      }
      found.add(system.name());
    }
    throw new IllegalArgumentException(
        "no agent system named '"
            + name
            + "' on the class path (found: "
            + found
            + "); list its class in META-INF/services/dev.cadre.kafka.AgentSystem");
  }

  private static String usage() {
    return "usage: java -cp ... dev.cadre.kafka.KafkaWorker <system> [--host type1,type2]";
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
