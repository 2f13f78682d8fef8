package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many prompt requests at once, answers and errors interleaved, on Cadre's own streamable HTTP
 * server and client: every one must be answered, none left to wait out its timeout.
 */
class McpHttpStressTest {

  private static final int CALLS = 200;
  private static final int THREADS = 8;

  @Test
  void everyConcurrentRequestIsAnsweredWithItsResultOrItsError() throws Exception {
    CadreMcpServer server =
        CadreMcpServer.builder("library", "1")
            .prompt(
                "review",
                "Asks for a review of a file",
                List.of("file", "tone"),
                args -> "Review " + args.get("file") + " in a " + args.get("tone") + " tone.")
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (McpHttpServer http = server.serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
        McpConnection client =
            McpConnection.open(
                McpServerConfig.http("library", http.url().toString())
                    // Generous for a loaded machine, yet far below the test's own limit: a lost
                    // answer shows as a timeout message, not as a hung test.
                    .callTimeout(Duration.ofSeconds(20))
                    .build())) {
      Random random = new Random(22);
      List<Future<String>> outcomes = new ArrayList<>();
      List<Boolean> failing = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        boolean fails = random.nextBoolean();
        String file = "F" + i + ".java";
        failing.add(fails);
        outcomes.add(
            pool.submit(
                () -> {
                  try {
                    return client
                        .getPrompt(
                            "review",
                            fails ? Map.of("file", file) : Map.of("file", file, "tone", "kind"))
                        .get(0)
                        .text();
                  } catch (McpException e) {
                    return e.getMessage();
                  }
                }));
      }
      for (int i = 0; i < CALLS; i++) {
        String outcome = outcomes.get(i).get(2, TimeUnit.MINUTES);
        if (failing.get(i)) {
          assertThat(outcome).as("call %d", i).contains("needs argument 'tone'");
        } else {
          assertThat(outcome).as("call %d", i).isEqualTo("Review F" + i + ".java in a kind tone.");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
