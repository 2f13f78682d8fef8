package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Where mcp/install-servers.sh put the npm packages the tests run: the reference MCP servers and
 * the MCP TypeScript SDK. Missing packages skip the test, saying what to run, as the project's
 * other tests that need an outside program do; with {@code CADRE_REQUIRE_MCP_SERVERS=1} (CI sets
 * it) they fail it instead, so a broken install cannot pass as green.
 */
final class TestServers {

  private TestServers() {}

  /** The install directory: $CADRE_MCP_SERVERS, else -Dcadre.mcp.servers, else mcp/.servers. */
  static Path home() {
    String dir = System.getenv("CADRE_MCP_SERVERS");
    if (dir == null || dir.isBlank()) {
      dir = System.getProperty("cadre.mcp.servers", ".servers");
    }
    return Path.of(dir).toAbsolutePath();
  }

  static Path modules() {
    return modules(home(), "1".equals(System.getenv("CADRE_REQUIRE_MCP_SERVERS")));
  }

  /**
   * {@code home}'s node_modules; when the packages are not all there, fails the test if {@code
   * required}, else skips it.
   */
  static Path modules(Path home, boolean required) {
    Path modules = home.resolve("node_modules");
    if (!Files.isDirectory(modules.resolve("@modelcontextprotocol/server-everything"))
        || !Files.isDirectory(modules.resolve("@modelcontextprotocol/server-filesystem"))
        || !Files.isDirectory(modules.resolve("@modelcontextprotocol/sdk"))) {
      String reason =
          "the MCP test servers are not installed in "
              + home
              + ": run mcp/install-servers.sh (needs node 18+ and npm), or point CADRE_MCP_SERVERS"
              + " at the directory it installed them in";
      if (required) {
        fail(reason + " (CADRE_REQUIRE_MCP_SERVERS=1 requires them)");
      }
      Assumptions.abort(reason);
    }
    return modules;
  }

  /** node and the everything server's entry point, with {@code transport} as its argument. */
  static List<String> everything(String transport) {
    Path script = modules().resolve("@modelcontextprotocol/server-everything/dist/index.js");
    return List.of("node", script.toString(), transport);
  }

  /** node and the filesystem server's entry point, allowed to touch {@code root} only. */
  static List<String> filesystem(Path root) {
    Path script = modules().resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
    return List.of("node", script.toString(), root.toString());
  }

  /**
   * Copies src/test/node/{@code name} next to the installed packages and returns its path: node
   * finds the packages a script imports from the script's own directory upwards.
   */
  static Path nodeScript(String name) throws IOException {
    Path script = modules().getParent().resolve(name);
    Files.copy(Path.of("src/test/node", name), script, StandardCopyOption.REPLACE_EXISTING);
    return script;
  }

  /** Sends {@code signal} ("STOP", "CONT") to {@code process} with kill(1). */
  static void signal(String signal, ProcessHandle process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
      fail("kill -" + signal + " " + process.pid() + " did not finish");
    }
  }

  /** The running processes among this JVM's descendants whose command line contains {@code s}. */
  static List<ProcessHandle> processesRunning(String s) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains(s))
        .toList();
  }

  /** The one running process of the everything server on stdio. */
  static ProcessHandle everythingProcess() {
    List<ProcessHandle> found = processesRunning("server-everything/dist/index.js stdio");
    if (found.size() != 1) {
      fail("expected one everything server process, found " + found.size());
    }
    return found.get(0);
  }
}
