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
 *
 * <p>Each checkpoint is stored with its {@link PayloadDigest}, computed before the write
 * transaction starts and checked on every read, so a payload edited or damaged outside Cadre is
 * reported ({@link DamagedCheckpointException}) instead of resumed from.
 */
abstract class JdbcCheckpointStore implements CheckpointStore {

  /** The schema this code writes. Bump it and add a migration to change the tables. */
  static final int SCHEMA_VERSION = 2;

  /** One step of the schema, run inside the transaction that opens the store. */
  @FunctionalInterface
  private interface Migration {
    void apply(Connection connection) throws SQLException;
  }

  /**
   * Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. Tables carry a
   * {@code cadre_} prefix because a PostgreSQL database is often shared with the application.
   */
  private static final List<Migration> MIGRATIONS =
      List.of(
          c ->
              execute(
                  c,
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
                      + " PRIMARY KEY (run_id, version))"),
          JdbcCheckpointStore::addDigests);

  /** How many rows the upgrade to digests copies at a time (snapshots can be large). */
  private static final int DIGEST_BATCH = 100;

  private static final String COLUMNS = "version, kind, payload, created_at_ms, digest";

  private final Connection connection;
  private final Clock clock;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;
  private volatile Loss loss;

  /**
   * Evidence, found when the store was opened, that changes it had committed are gone, and what a
   * person can do about it; completes the message of a {@link LostCommitsException}.
   */
  record Loss(String evidence, String remedy) {}

  /** What a transaction does: reads, prepares the schema, or changes a run (counted). */
  private enum Access {
    READ,
    SCHEMA,
    CHANGE
  }

  /** Takes ownership of {@code connection}: it is closed if the schema cannot be prepared. */
  JdbcCheckpointStore(Connection connection, Clock clock, String description) {
    this.connection = connection;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.description = description;
    try {
      transaction("open", null, Access.SCHEMA, this::prepareSchema);
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

  /** Inside the schema transaction, after the migrations: tables of this kind of store only. */
  void prepareOwnTables(Connection connection) throws SQLException {}

  /**
   * Inside each transaction that changes a run, after its changes: returns the store's count of
   * such changes including this one (0 for a store that keeps none).
   */
  long countChange(Connection connection) throws SQLException {
    return 0;
  }

  /** After a change counted {@code count} has committed, still inside the store's lock. */
  void changeCommitted(long count) {}

  /** Makes every later load, append and delete fail with a {@link LostCommitsException}. */
  void lost(Loss loss) {
    this.loss = Objects.requireNonNull(loss, "loss");
  }

  /** Reads one value in its own transaction, e.g. a count kept by the subclass. */
  <T> T read(String operation, Work<T> work) {
    return transaction(operation, null, Access.READ, work);
  }

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
        MIGRATIONS.get(v).apply(c);
        s.executeUpdate("UPDATE cadre_schema_version SET version = " + (v + 1));
      }
    }
    prepareOwnTables(c);
    return null;
  }

  private static void execute(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.executeUpdate(sql);
      }
    }
  }

  /**
   * Schema 2: a digest beside each checkpoint, in a column with no default. The table is copied
   * into a new one rather than altered, because SQLite cannot add a NOT NULL column without a
   * default: the rows already there get their digests now, from what they hold (they are taken as
   * an older Cadre wrote them, and checked from then on), and an older Cadre still running against
   * the upgraded database, which names its columns and leaves the digest out, fails to append
   * (its run stops before acting, to be resumed by this version) instead of writing a row that
   * could not be checked.
   */
  private static void addDigests(Connection c) throws SQLException {
    execute(
        c,
        "CREATE TABLE cadre_checkpoints_v2 ("
            + " run_id TEXT NOT NULL,"
            + " version BIGINT NOT NULL,"
            + " kind TEXT NOT NULL,"
            + " payload TEXT NOT NULL,"
            + " created_at_ms BIGINT NOT NULL,"
            + " digest TEXT NOT NULL,"
            + " PRIMARY KEY (run_id, version))");
    String select = "SELECT run_id, version, kind, payload, created_at_ms FROM cadre_checkpoints";
    String order = " ORDER BY run_id, version LIMIT " + DIGEST_BATCH;
    // In batches along the primary key, so that a large store is never held in memory whole.
    try (PreparedStatement first = c.prepareStatement(select + order);
        PreparedStatement after =
            c.prepareStatement(select + " WHERE (run_id, version) > (?, ?)" + order);
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO cadre_checkpoints_v2 VALUES (?, ?, ?, ?, ?, ?)")) {
      PreparedStatement batch = first;
      while (true) {
        String runId = null;
        long version = 0;
        int rows = 0;
        try (ResultSet rs = batch.executeQuery()) {
          while (rs.next()) {
            runId = rs.getString(1);
            version = rs.getLong(2);
            String kind = rs.getString(3);
            String payload = rs.getString(4);
            insert.setString(1, runId);
            insert.setLong(2, version);
            insert.setString(3, kind);
            insert.setString(4, payload);
            insert.setLong(5, rs.getLong(5));
            insert.setString(6, PayloadDigest.of(runId, version, kind, payload));
            insert.addBatch();
            rows++;
          }
        }
        if (rows > 0) {
          insert.executeBatch();
        }
        if (rows < DIGEST_BATCH) {
          break;
        }
        after.setString(1, runId);
        after.setLong(2, version);
        batch = after;
      }
    }
    execute(
        c,
        "DROP TABLE cadre_checkpoints",
        "ALTER TABLE cadre_checkpoints_v2 RENAME TO cadre_checkpoints");
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
    // Outside the transaction, so that a large payload's hashing does not hold the write lock.
    String digest = PayloadDigest.of(runId, next, kind.name(), payload);
    return transaction(
        "append to",
        runId,
        Access.CHANGE,
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
                      + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, runId);
            p.setLong(2, next);
            p.setString(3, kind.name());
            p.setString(4, payload);
            p.setLong(5, millis);
            p.setString(6, digest);
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
        Access.READ,
        c -> {
          // One statement, so the run row and its checkpoints come from one consistent view even
          // while another process appends. Checkpoints past the run's version are read too: there
          // are none unless the tables were edited.
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT c.version, c.kind, c.payload, c.created_at_ms, c.digest,"
                      + " r.version, r.snapshot_version"
                      + " FROM cadre_runs r JOIN cadre_checkpoints c ON c.run_id = r.run_id"
                      + " AND c.version >= r.snapshot_version"
                      + " WHERE r.run_id = ? ORDER BY c.version")) {
            p.setString(1, runId);
            try (ResultSet rs = p.executeQuery()) {
              long version = 0;
              long snapshotVersion = 0;
              int rows = 0;
              Checkpoint snapshot = null;
              List<Checkpoint> steps = new ArrayList<>();
              String edited = null;
              while (rs.next()) {
                rows++;
                Checkpoint checkpoint = checkpoint(rs, runId);
                version = rs.getLong(6);
                snapshotVersion = rs.getLong(7);
                boolean isSnapshot = checkpoint.kind() == CheckpointKind.SNAPSHOT;
                String wrong = null;
                if (checkpoint.version() > version) {
                  wrong = "is past that version";
                } else if (checkpoint.version() == snapshotVersion) {
                  snapshot = checkpoint;
                  wrong = isSnapshot ? null : "is not a snapshot";
                } else {
                  steps.add(checkpoint);
                  wrong = isSnapshot ? "is a later snapshot" : null;
                }
                if (edited == null && wrong != null) {
                  edited = "checkpoint " + checkpoint.version() + " " + wrong;
                }
              }
              Loss lost = loss;
              if (lost != null) {
                throw lostCommits(runId, rows == 0 ? -1 : version, "load", lost);
              }
              if (rows == 0) {
                return Optional.empty();
              }
              long expectedRows = version - Math.max(snapshotVersion - 1, 0);
              if (edited == null && rows != expectedRows) {
                edited =
                    "only "
                        + rows
                        + " of the "
                        + expectedRows
                        + " checkpoints load() needs are there";
              }
              if (edited != null) {
                throw new CheckpointStoreException(
                    description
                        + ": run '"
                        + runId
                        + "' is at version "
                        + version
                        + (snapshotVersion > 0
                            ? " with its latest snapshot at " + snapshotVersion
                            : " with no snapshot")
                        + ", but "
                        + edited
                        + "; the tables were edited outside Cadre. Restore them from a backup,"
                        + " or delete the run.");
              }
              return Optional.of(new RunState(runId, version, snapshot, steps));
            }
          }
        });
  }

  /**
   * The error for an operation on {@code runId} in a store that has lost commits.
   *
   * @param version the run's version as the database has it, or -1 when it has no such run
   */
  private LostCommitsException lostCommits(
      String runId, long version, String operation, Loss lost) {
    String run = "run '" + runId + "'";
    String found;
    String risk;
    if (!operation.equals("load")) {
      found = description + ": cannot " + operation + " " + run;
      risk =
          "Nothing was written: "
              + run
              + " may be missing its latest steps, or may have existed and done work that is no"
              + " longer recorded, and going on could repeat that work.";
    } else if (version < 0) {
      found = "there is no " + run + " in " + description;
      risk =
          "Run '"
              + runId
              + "' may have existed and done work (called tools, sent messages) that is no longer"
              + " recorded: do not start it again blindly.";
    } else {
      found = run + " is at version " + version + " in " + description;
      risk =
          "Run '"
              + runId
              + "' may be missing its latest steps, and resuming it could repeat tool calls that"
              + " had completed.";
    }
    return new LostCommitsException(
        runId, found + ", but " + lost.evidence() + ". " + risk + " " + lost.remedy());
  }

  @Override
  public List<Checkpoint> steps(String runId, long afterVersion) {
    checkRunId(runId);
    return transaction(
        "read the steps of",
        runId,
        Access.READ,
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
        Access.READ,
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
        Access.CHANGE,
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

  /** The checkpoint in the current row of {@code rs}, which selects {@link #COLUMNS} first. */
  private Checkpoint checkpoint(ResultSet rs, String runId) throws SQLException {
    long version = rs.getLong(1);
    String kind = rs.getString(2);
    String payload = rs.getString(3);
    CheckpointKind parsed = null;
    for (CheckpointKind known : CheckpointKind.values()) {
      if (known.name().equals(kind)) {
        parsed = known;
      }
    }
    if (!PayloadDigest.of(runId, version, kind, payload).equals(rs.getString(5))) {
      // The payload is never quoted: it may hold secrets or model text.
      throw new DamagedCheckpointException(
          runId,
          version,
          description
              + ": checkpoint "
              + version
              + " ("
              + (parsed != null ? parsed.name() : "of an unknown kind")
              + ") of run '"
              + runId
              + "' does not match the SHA-256 digest stored beside it: the checkpoint (or its"
              + " digest) was edited or damaged after Cadre committed it, so the run cannot be"
              + " resumed from it. Nothing was changed. Restore the database from a backup, or put"
              + " the checkpoint back as it was; otherwise delete the run and start it again,"
              + " knowing that its tool calls will run again.");
    }
    if (parsed == null) {
      throw new CheckpointStoreException(
          description
              + ": checkpoint "
              + version
              + " of run '"
              + runId
              + "' has kind '"
              + kind
              + "', which this Cadre does not know; a newer Cadre may have written it. Use that"
              + " version to resume the run.");
    }
    return new Checkpoint(version, parsed, payload, Instant.ofEpochMilli(rs.getLong(4)));
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

  private <T> T transaction(String operation, String runId, Access access, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new CheckpointStoreException(
            description + " is closed; cannot " + operation + what(runId));
      }
      Loss lost = loss;
      if (access == Access.CHANGE && lost != null) {
        throw lostCommits(runId, -1, operation, lost);
      }
      begin(connection, access != Access.READ);
      long count;
      T result;
      try {
        result = work.run(connection);
        count = access == Access.CHANGE ? countChange(connection) : 0;
        commit(connection);
      } catch (SQLException | RuntimeException e) {
        try {
          rollback(connection);
        } catch (SQLException rolling) {
          e.addSuppressed(rolling);
        }
        throw e;
      }
      if (access == Access.CHANGE) {
        changeCommitted(count);
      }
      return result;
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
