package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where mcp/install-servers.sh put the npm packages the tests run: the reference MCP servers and
 * the MCP TypeScript SDK. Missing packages fail the test (never skip it), saying what to run.
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
    return modules(home());
  }

  /** {@code home}'s node_modules, failing the test if the packages are not all there. */
  static Path modules(Path home) {
    Path modules = home.resolve("node_modules");
    if (!Files.isDirectory(modules.resolve("@modelcontextprotocol/server-everything"))
        || !Files.isDirectory(modules.resolve("@modelcontextprotocol/server-filesystem"))
        || !Files.isDirectory(modules.resolve("@modelcontextprotocol/sdk"))) {
      fail(
          "the MCP test servers are not installed in "
              + home
              + ": run mcp/install-servers.sh (needs node 18+ and npm), or point CADRE_MCP_SERVERS"
              + " at the directory it installed them in");
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
