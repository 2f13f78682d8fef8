package dev.cadre.a2a;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Node script of a2a/src/test/js run against the A2A JavaScript SDK that a2a/install-peers.sh
 * installed (or of a2a/src/test/js-adk, against Google's ADK for JavaScript, installed beside it).
 * The script is copied next to the installed node_modules (ES modules resolve imports from the
 * script's own folder). Without the install the test is skipped, as other tests that need an
 * outside program are; with {@code CADRE_REQUIRE_A2A_PEERS=1} (CI sets it) it fails instead.
 */
final class NodePeer implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private NodePeer(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                  if (line.startsWith("READY ")) {
                    ready.complete(line.substring("READY ".length()).trim());
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              ready.completeExceptionally(new IllegalStateException("ended: " + lines));
              ended.complete(null);
            },
            "node-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** The installed peers' folder; skips (or fails, on CI) the test when it is missing. */
  static Path home() {
    return installed("", "@a2a-js/sdk", "the A2A JavaScript SDK");
  }

  /** {@code sub} of the peers' folder, where {@code module} is installed; else skips or fails. */
  private static Path installed(String sub, String module, String what) {
    String dir = System.getenv("CADRE_A2A_PEERS");
    if (dir == null) {
      dir = System.getProperty("cadre.a2a.peers", "a2a/.peers");
    }
    Path home = Path.of(dir).resolve(sub);
    boolean installed = Files.isDirectory(home.resolve("node_modules/" + module));
    if (!installed) {
      String reason = what + " is not installed in " + home + "; run a2a/install-peers.sh";
      if ("1".equals(System.getenv("CADRE_REQUIRE_A2A_PEERS"))) {
        fail(reason + " (CADRE_REQUIRE_A2A_PEERS=1 requires it)");
      }
      assumeTrue(false, reason);
    }
    return home;
  }

  /** Starts {@code script} of a2a/src/test/js with {@code args} and {@code env}. */
  static NodePeer start(String script, Map<String, String> env, String... args) throws IOException {
    return start(home(), Path.of("src/test/js"), script, env, args);
  }

  /** Starts {@code script} of a2a/src/test/js-adk, against Google's ADK for JavaScript. */
  static NodePeer startAdk(String script, Map<String, String> env, String... args)
      throws IOException {
    Path home = installed("adk", "@google/adk", "Google's ADK for JavaScript");
    return start(home, Path.of("src/test/js-adk"), script, env, args);
  }

  private static NodePeer start(
      Path home, Path scripts, String script, Map<String, String> env, String... args)
      throws IOException {
    Path source = scripts.resolve(script);
    Path copy = home.resolve(script);
    Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
    List<String> command = new ArrayList<>(List.of("node", copy.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new NodePeer(builder.start());
  }

  /** What the script printed after "READY " (its URL, say); waits for it. */
  String ready() throws Exception {
    return ready.get(60, TimeUnit.SECONDS);
  }

  /** Waits for the script to end and gives its exit code. */
  int waitFor() throws Exception {
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      fail("the node script did not end: " + lines);
    }
    ended.get(10, TimeUnit.SECONDS);
    return process.exitValue();
  }

  /** Every line it printed so far. */
  List<String> output() {
    return List.copyOf(lines);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
