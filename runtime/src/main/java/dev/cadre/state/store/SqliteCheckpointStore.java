package dev.cadre.state.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>Steps committed since SQLite last copied its write-ahead log ({@code FILE-wal}) into the
 * database file live only in that log, and SQLite silently drops whatever a deleted, cut or
 * damaged log no longer holds. So the store counts its commits in the database and in a small
 * record beside it ({@code FILE-commits}, see {@link CommitRecord}); when it opens a database that
 * holds fewer commits than its record, every load, append and delete of a run fails with a {@link
 * LostCommitsException} that says so, until a person deletes the record to accept the store as it
 * is.
 */
public final class SqliteCheckpointStore extends JdbcCheckpointStore {

  /** How long a writer waits for another process's write transaction before giving up. */
  static final int BUSY_TIMEOUT_MS = 30_000;

  private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointStore.class);

  /**
   * The count of changes committed, in one row. SQLite's only: on PostgreSQL one row that every
   * append updates would serialise the appends of all runs.
   */
  private static final String COMMITS = "cadre_sqlite_commits";

  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private final CommitRecord record;

  private SqliteCheckpointStore(
      Connection connection, Clock clock, String description, CommitRecord record) {
    super(connection, clock, description);
    this.record = record;
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
    CommitRecord record = new CommitRecord(Path.of(absolute + "-commits"));
    // Read before the database: another process's later commits then only make the database
    // hold more, never make the record look ahead of it.
    long recorded = record.read();
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + absolute, config.toProperties());
    } catch (SQLException e) {
      throw new CheckpointStoreException(
          description + ": cannot open: " + e.getMessage() + hint(e), e);
    }
    SqliteCheckpointStore store =
        new SqliteCheckpointStore(connection, clock, description, record);
    long held;
    try {
      held = store.read("count its commits", store::commits);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    if (recorded > held) {
      Path wal = Path.of(absolute + "-wal");
      Loss loss =
          new Loss(
              "the store has lost changes it had committed: its commit record "
                  + record.file()
                  + " counts "
                  + recorded
                  + " committed changes and the database holds only "
                  + held
                  + ", so its write-ahead log "
                  + wal.getFileName()
                  + " was deleted or damaged after a crash (or the database file was replaced by an"
                  + " older copy or a new file)",
              "With no process using the store, put the lost "
                  + wal.getFileName()
                  + " back beside "
                  + absolute.getFileName()
                  + " if you still have it, or restore both from a backup. To accept the store as"
                  + " it is, once you have checked what the lost steps did, delete "
                  + record.file()
                  + ".");
      LOG.warn("{}: {}", description, loss.evidence());
      store.lost(loss);
    } else if (recorded < held) {
      record.write(held);
    }
    return store;
  }

  private long commits(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT commits FROM " + COMMITS)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  void prepareOwnTables(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("CREATE TABLE IF NOT EXISTS " + COMMITS + " (commits INTEGER NOT NULL)");
      s.executeUpdate(
          "INSERT INTO "
              + COMMITS
              + " (commits) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM "
              + COMMITS
              + ")");
    }
  }

  @Override
  long countChange(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("UPDATE " + COMMITS + " SET commits = commits + 1 RETURNING commits")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  void changeCommitted(long count) {
    record.write(count);
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      record.close();
    }
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
