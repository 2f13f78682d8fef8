package dev.cadre.state.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQL both stores share. One JDBC connection per store, used by one call at a time; each call
 * is one transaction. Subclasses say how a transaction starts and how to serialise schema changes
 * between processes, which is where SQLite and PostgreSQL differ.
 *
 * <p>Optimistic locking rests on the {@code cadre_runs} row of each run: an append moves it from
 * the expected version to the next with a conditional {@code UPDATE} (or creates it with an {@code
 * INSERT ... ON CONFLICT DO NOTHING}), and only a writer that changed one row may add its
 * checkpoint. The database serialises writers on that row, so of two racing appends exactly one
 * changes it.
 */
abstract class JdbcCheckpointStore implements CheckpointStore {

  /** The schema this code writes. Bump it and add a migration to change the tables. */
  static final int SCHEMA_VERSION = 1;

  /**
   * Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. Tables carry a
   * {@code cadre_} prefix because a PostgreSQL database is often shared with the application.
   */
  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE cadre_runs ("
                  + " run_id TEXT NOT NULL PRIMARY KEY,"
                  + " version BIGINT NOT NULL,"
                  + " snapshot_version BIGINT NOT NULL,"
                  + " created_at_ms BIGINT NOT NULL,"
                  + " updated_at_ms BIGINT NOT NULL)",
              "CREATE TABLE cadre_checkpoints ("
                  + " run_id TEXT NOT NULL,"
                  + " version BIGINT NOT NULL,"
                  + " kind TEXT NOT NULL,"
                  + " payload TEXT NOT NULL,"
                  + " created_at_ms BIGINT NOT NULL,"
                  + " PRIMARY KEY (run_id, version))"));

  private static final String COLUMNS = "version, kind, payload, created_at_ms";

  private final Connection connection;
  private final Clock clock;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  /** Takes ownership of {@code connection}: it is closed if the schema cannot be prepared. */
  JdbcCheckpointStore(Connection connection, Clock clock, String description) {
    this.connection = connection;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.description = description;
    try {
      transaction("open", null, true, this::prepareSchema);
    } catch (RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Starts a transaction; {@code write} ones must take the database's write lock up front. */
  abstract void begin(Connection connection, boolean write) throws SQLException;

  abstract void commit(Connection connection) throws SQLException;

  abstract void rollback(Connection connection) throws SQLException;

  /**
   * Inside the schema transaction, before anything is read: keeps two processes opening one empty
   * database from creating the tables twice.
   */
  abstract void lockSchema(Statement statement) throws SQLException;

  /** The advice to add to an error, e.g. what a lock time-out means for this database. */
  abstract String advice(SQLException e);

  private Void prepareSchema(Connection c) throws SQLException {
    int found;
    try (Statement s = c.createStatement()) {
      lockSchema(s);
      s.executeUpdate("CREATE TABLE IF NOT EXISTS cadre_schema_version (version INTEGER NOT NULL)");
      List<Integer> versions = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT version FROM cadre_schema_version")) {
        while (rs.next()) {
          versions.add(rs.getInt(1));
        }
      }
      if (versions.size() > 1) {
        throw new CheckpointStoreException(
            description
                + ": table cadre_schema_version holds "
                + versions.size()
                + " rows "
                + versions
                + " where it must hold one; it was edited by hand. Keep the row with the highest"
                + " version whose tables exist, and delete the others.");
      }
      if (versions.isEmpty()) {
        s.executeUpdate("INSERT INTO cadre_schema_version (version) VALUES (0)");
        found = 0;
      } else {
        found = versions.get(0);
      }
      if (found > SCHEMA_VERSION) {
        throw new CheckpointStoreException(
            description
                + " has checkpoint schema version "
                + found
                + ", newer than the newest this Cadre knows ("
                + SCHEMA_VERSION
                + "): a newer Cadre wrote it. Use that Cadre version or newer with this database,"
                + " or point this one at another database. Nothing was changed.");
      }
      for (int v = found; v < SCHEMA_VERSION; v++) {
        for (String sql : MIGRATIONS.get(v)) {
          s.executeUpdate(sql);
        }
        s.executeUpdate("UPDATE cadre_schema_version SET version = " + (v + 1));
      }
    }
    return null;
  }

  @Override
  public Checkpoint append(
      String runId, long expectedVersion, CheckpointKind kind, String payload) {
    checkRunId(runId);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException(
          "expectedVersion for run '"
              + runId
              + "' must be 0 (a new run) or the version load() returned, was "
              + expectedVersion);
    }
    long next = expectedVersion + 1;
    boolean snapshot = kind == CheckpointKind.SNAPSHOT;
    return transaction(
        "append to",
        runId,
        true,
        c -> {
          Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
          long millis = now.toEpochMilli();
          int changed;
          if (expectedVersion == 0) {
            try (PreparedStatement p =
                c.prepareStatement(
                    "INSERT INTO cadre_runs"
                        + " (run_id, version, snapshot_version, created_at_ms, updated_at_ms)"
                        + " VALUES (?, 1, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING")) {
              p.setString(1, runId);
              p.setLong(2, snapshot ? 1 : 0);
              p.setLong(3, millis);
              p.setLong(4, millis);
              changed = p.executeUpdate();
            }
          } else {
            try (PreparedStatement p =
                c.prepareStatement(
                    "UPDATE cadre_runs SET version = ?, updated_at_ms = ?"
                        + (snapshot ? ", snapshot_version = version + 1" : "")
                        + " WHERE run_id = ? AND version = ?")) {
              p.setLong(1, next);
              p.setLong(2, millis);
              p.setString(3, runId);
              p.setLong(4, expectedVersion);
              changed = p.executeUpdate();
            }
          }
          if (changed != 1) {
            throw new ConcurrentRunException(runId, expectedVersion, currentVersion(c, runId));
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO cadre_checkpoints (run_id, "
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, runId);
            p.setLong(2, next);
            p.setString(3, kind.name());
            p.setString(4, payload);
            p.setLong(5, millis);
            p.executeUpdate();
          }
          return new Checkpoint(next, kind, payload, now);
        });
  }

  private static long currentVersion(Connection c, String runId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT version FROM cadre_runs WHERE run_id = ?")) {
      p.setString(1, runId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  @Override
  public Optional<RunState> load(String runId) {
    checkRunId(runId);
    return transaction(
        "load",
        runId,
        false,
        c -> {
          // One statement, so the run row and its checkpoints come from one consistent view even
          // while another process appends.
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT c.version, c.kind, c.payload, c.created_at_ms,"
                      + " r.version, r.snapshot_version"
                      + " FROM cadre_runs r JOIN cadre_checkpoints c ON c.run_id = r.run_id"
                      + " AND c.version >= r.snapshot_version AND c.version <= r.version"
                      + " WHERE r.run_id = ? ORDER BY c.version")) {
            p.setString(1, runId);
            try (ResultSet rs = p.executeQuery()) {
              long version = 0;
              long snapshotVersion = 0;
              int rows = 0;
              Checkpoint snapshot = null;
              List<Checkpoint> steps = new ArrayList<>();
              while (rs.next()) {
                rows++;
                Checkpoint checkpoint = checkpoint(rs, runId);
                version = rs.getLong(5);
                snapshotVersion = rs.getLong(6);
                if (checkpoint.version() == snapshotVersion) {
                  snapshot = checkpoint;
                } else {
                  steps.add(checkpoint);
                }
              }
              if (rows == 0) {
                return Optional.empty();
              }
              long expectedRows = version - Math.max(snapshotVersion - 1, 0);
              if (rows != expectedRows) {
                throw new CheckpointStoreException(
                    description
                        + ": run '"
                        + runId
                        + "' is at version "
                        + version
                        + " but only "
                        + rows
                        + " of the "
                        + expectedRows
                        + " checkpoints load() needs are there; the tables were edited outside"
                        + " Cadre. Restore them from a backup, or delete the run.");
              }
              return Optional.of(new RunState(runId, version, snapshot, steps));
            }
          }
        });
  }

  @Override
  public List<Checkpoint> steps(String runId, long afterVersion) {
    checkRunId(runId);
    return transaction(
        "read the steps of",
        runId,
        false,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM cadre_checkpoints WHERE run_id = ? AND version > ?"
                      + " ORDER BY version")) {
            p.setString(1, runId);
            p.setLong(2, afterVersion);
            try (ResultSet rs = p.executeQuery()) {
              List<Checkpoint> steps = new ArrayList<>();
              while (rs.next()) {
                steps.add(checkpoint(rs, runId));
              }
              return List.copyOf(steps);
            }
          }
        });
  }

  @Override
  public List<String> runs() {
    return transaction(
        "list the runs",
        null,
        false,
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT run_id FROM cadre_runs ORDER BY run_id")) {
            List<String> runs = new ArrayList<>();
            while (rs.next()) {
              runs.add(rs.getString(1));
            }
            return List.copyOf(runs);
          }
        });
  }

  @Override
  public boolean delete(String runId) {
    checkRunId(runId);
    return transaction(
        "delete",
        runId,
        true,
        c -> {
          int runs;
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM cadre_runs WHERE run_id = ?")) {
            p.setString(1, runId);
            runs = p.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM cadre_checkpoints WHERE run_id = ?")) {
            p.setString(1, runId);
            p.executeUpdate();
          }
          return runs > 0;
        });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } catch (SQLException e) {
      throw new CheckpointStoreException(description + ": cannot close: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + description + "]";
  }

  private Checkpoint checkpoint(ResultSet rs, String runId) throws SQLException {
    long version = rs.getLong(1);
    String kind = rs.getString(2);
    CheckpointKind parsed;
    try {
      parsed = CheckpointKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new CheckpointStoreException(
          description
              + ": checkpoint "
              + version
              + " of run '"
              + runId
              + "' has kind '"
              + kind
              + "', which this Cadre does not know; a newer Cadre may have written it. Use that"
              + " version to resume the run.",
          e);
    }
    return new Checkpoint(
        version, parsed, rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)));
  }

  private static void checkRunId(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId must not be blank");
    }
  }

  /** A unit of work inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T transaction(String operation, String runId, boolean write, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new CheckpointStoreException(
            description + " is closed; cannot " + operation + what(runId));
      }
      begin(connection, write);
      try {
        T result = work.run(connection);
        commit(connection);
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          rollback(connection);
        } catch (SQLException rolling) {
          e.addSuppressed(rolling);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new CheckpointStoreException(
          description
              + ": cannot "
              + operation
              + what(runId)
              + ": "
              + e.getMessage()
              + advice(e),
          e);
    } finally {
      lock.unlock();
    }
  }

  private static String what(String runId) {
    return runId == null ? "" : " run '" + runId + "'";
  }
}
