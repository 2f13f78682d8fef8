package dev.cadre.state.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import org.sqlite.SQLiteConfig;

/**
 * The embedded default {@link CheckpointStore}: a single SQLite file, created on first use, with
 * no server and no setup.
 *
 * <p>The file is in WAL mode, so readers never wait for a writer, and every commit is synced to
 * disk before {@code append} returns ({@code synchronous=FULL}), because a durable run acts on a
 * step only once it is committed. Several processes may open the same file: each write
 * transaction takes the file's write lock first ({@code BEGIN IMMEDIATE}), and a writer that finds
 * it taken waits up to {@value #BUSY_TIMEOUT_MS} ms, so two processes appending to one run are
 * serialised and the second gets a {@link ConcurrentRunException}. The file must be on a local
 * disk: SQLite's locks are not reliable on network file systems.
 */
public final class SqliteCheckpointStore extends JdbcCheckpointStore {

  /** How long a writer waits for another process's write transaction before giving up. */
  static final int BUSY_TIMEOUT_MS = 30_000;

  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private SqliteCheckpointStore(Connection connection, Clock clock, String description) {
    super(connection, clock, description);
  }

  /**
   * Opens the store in {@code file}, creating the file, its parent directories and the schema as
   * needed, and upgrading an older schema.
   *
   * @throws CheckpointStoreException if the file cannot be opened or was written by a newer Cadre
   */
  public static SqliteCheckpointStore open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /** {@link #open(Path)} with the clock that timestamps each checkpoint. */
  public static SqliteCheckpointStore open(Path file, Clock clock) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(clock, "clock");
    Path absolute = file.toAbsolutePath();
    String description = "SQLite checkpoint store " + absolute;
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (IOException e) {
      throw new CheckpointStoreException(
          description + ": cannot create its directory: " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + absolute, config.toProperties());
    } catch (SQLException e) {
      throw new CheckpointStoreException(
          description + ": cannot open: " + e.getMessage() + hint(e), e);
    }
    return new SqliteCheckpointStore(connection, clock, description);
  }

  @Override
  void begin(Connection connection, boolean write) throws SQLException {
    try (Statement s = connection.createStatement()) {
      // IMMEDIATE takes the write lock before the first read, so an append never reads a version
      // that another process is about to change (a DEFERRED one could only fail at commit).
      s.executeUpdate(write ? "BEGIN IMMEDIATE" : "BEGIN");
    }
  }

  @Override
  void commit(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("COMMIT");
    }
  }

  @Override
  void rollback(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("ROLLBACK");
    }
  }

  @Override
  void lockSchema(Statement statement) {
    // BEGIN IMMEDIATE already keeps a second process out until the schema is committed.
  }

  @Override
  String advice(SQLException e) {
    return hint(e);
  }

  private static String hint(SQLException e) {
    int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
      return " (another connection held the file's write lock for more than "
          + BUSY_TIMEOUT_MS / 1000
          + " s: look for a process keeping a transaction open on it)";
    }
    return "";
  }
}
