package dev.cadre.studio;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which team each durable run of the command belongs to (a sample's name, or a spec file's path),
 * kept in a table of its own in the run store's SQLite file, so that {@code cadre resume <runId>}
 * and {@code cadre answer} can build the team again from the run id alone. The checkpoint store
 * records a run's steps, not how its team was made. The studio keeps its runs in the same table, so
 * a run started by either is resumed and answered by the other.
 */
public final class RunIndex implements AutoCloseable {

  private static final String TABLE = "cadre_cli_runs";

  private final Connection connection;

  private RunIndex(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens the index in the SQLite file {@code store}. Only {@link #put} writes: reading a store
   * leaves it as it was.
   */
  public static RunIndex open(Path store) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
    try (Statement pragma = connection.createStatement()) {
      pragma.execute("PRAGMA busy_timeout = 10000");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return new RunIndex(connection);
  }

  /** Records that run {@code runId} is of {@code team}, creating the table if need be. */
  public void put(String runId, String team) throws SQLException {
    try (Statement create = connection.createStatement()) {
      create.execute(
          "CREATE TABLE IF NOT EXISTS " + TABLE + " (run_id TEXT PRIMARY KEY, team TEXT NOT NULL)");
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO " + TABLE + " (run_id, team) VALUES (?, ?)")) {
      insert.setString(1, runId);
      insert.setString(2, team);
      insert.executeUpdate();
    }
  }

  /** The team of run {@code runId}, if the command started it. */
  public Optional<String> team(String runId) throws SQLException {
    if (!exists()) {
      return Optional.empty();
    }
    try (PreparedStatement select =
        connection.prepareStatement("SELECT team FROM " + TABLE + " WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  /** Every run the command started, with its team. */
  public Map<String, String> all() throws SQLException {
    Map<String, String> teams = new LinkedHashMap<>();
    if (!exists()) {
      return teams;
    }
    try (Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery("SELECT run_id, team FROM " + TABLE)) {
      while (rows.next()) {
        teams.put(rows.getString(1), rows.getString(2));
      }
    }
    return teams;
  }

  /** Whether the store has the table: a store no {@code cadre run} wrote to has none. */
  private boolean exists() throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      select.setString(1, TABLE);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
