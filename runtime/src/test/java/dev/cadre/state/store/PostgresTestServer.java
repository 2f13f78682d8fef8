package dev.cadre.state.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real PostgreSQL server on loopback for tests, shared by every test class of one JVM.
 *
 * <p>Uses the server named by {@code CADRE_TEST_POSTGRES_URL} (a JDBC URL whose user may create
 * schemas, e.g. {@code jdbc:postgresql://127.0.0.1:5433/postgres?user=cadre}; {@code .ci/run} sets
 * it). Without it, starts a throwaway cluster from the binaries under {@code /usr/lib/postgresql}
 * (as the {@code postgres} user when the tests run as root, since {@code initdb} refuses root) and
 * stops it when the test run ends. With neither, the tests are skipped and say why, unless {@code
 * CADRE_REQUIRE_POSTGRES=1}, which makes that a failure so CI can never skip them silently.
 *
 * <p>Use it with {@code @ExtendWith(PostgresTestServer.Extension.class)} and a {@code
 * PostgresTestServer} parameter.
 */
public final class PostgresTestServer implements AutoCloseable {

  static final String URL_VARIABLE = "CADRE_TEST_POSTGRES_URL";
  static final String REQUIRE_VARIABLE = "CADRE_REQUIRE_POSTGRES";

  /** Bound on every pg_ctl / initdb call, so a broken installation fails instead of hanging. */
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private final String url;
  private final Path dataDirectory;
  private final List<String> runAs;
  private final Path bin;

  private PostgresTestServer(String url, Path dataDirectory, List<String> runAs, Path bin) {
    this.url = url;
    this.dataDirectory = dataDirectory;
    this.runAs = runAs;
    this.bin = bin;
  }

  /** A JDBC URL for a new, empty schema of its own: each test gets a fresh database to itself. */
  public String newSchemaUrl() {
    String schema = "cadre_test_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test PostgreSQL at " + url + ": " + sql + ": " + e, e);
    }
  }

  @Override
  public void close() throws Exception {
    if (dataDirectory == null) {
      return;
    }
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m",
        "immediate", "-w", "stop"));
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static PostgresTestServer start() throws Exception {
    String given = System.getenv(URL_VARIABLE);
    if (given != null && !given.isBlank()) {
      return new PostgresTestServer(given, null, List.of(), null);
    }
    Optional<Path> bin = findBinaries();
    if (bin.isEmpty()) {
      String reason =
          "no PostgreSQL for the checkpoint store tests: set "
              + URL_VARIABLE
              + " to a server's JDBC URL, or install the server (apt-get install postgresql) so"
              + " the tests can start one";
      if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
        throw new IllegalStateException(reason + " (" + REQUIRE_VARIABLE + "=1 forbids skipping)");
      }
      Assumptions.abort(reason);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> runAs = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
    Path data = Files.createTempDirectory("cadre-pg-");
    if (root) {
      exec(List.of("chown", "postgres:postgres", data.toString()));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    PostgresTestServer server =
        new PostgresTestServer(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=cadre", data, runAs, bin.get());
    server.run(
        List.of(bin.get().resolve("initdb").toString(), "-D", data.toString(), "-U", "cadre",
            "-A", "trust", "-E", "UTF8", "--no-sync"));
    server.run(
        List.of(bin.get().resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
            data.resolve("server.log").toString(), "-w", "-t", "60", "-o",
            "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off",
            "start"));
    return server;
  }

  private static Optional<Path> findBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> versionOf(b.getParent())));
    }
  }

  private static int versionOf(Path directory) {
    try {
      return Integer.parseInt(directory.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(runAs);
    full.addAll(command);
    exec(full);
  }

  private static void exec(List<String> full) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    process.getOutputStream().close();
    // The output is small; read it all, then wait, so a chatty command cannot block on a pipe.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", full) + " did not finish:\n" + output);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + output);
    }
  }

  /** Starts (or finds) the server once per test run and hands it to test constructors/methods. */
  public static final class Extension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
      server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == PostgresTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return server(context);
    }

    private static PostgresTestServer server(ExtensionContext context) {
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(PostgresTestServer.class))
          .getOrComputeIfAbsent(
              PostgresTestServer.class,
              key -> {
                try {
                  return start();
                } catch (RuntimeException e) {
                  throw e;
                } catch (Exception e) {
                  throw new IllegalStateException("cannot start a test PostgreSQL: " + e, e);
                }
              },
              PostgresTestServer.class);
    }
  }
}
