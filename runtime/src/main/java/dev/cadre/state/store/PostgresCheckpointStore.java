package dev.cadre.state.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import java.util.Properties;

/**
 * A {@link CheckpointStore} in a PostgreSQL database, for servers and for runs that several
 * machines may resume.
 *
 * <p>Needs the PostgreSQL JDBC driver ({@code org.postgresql:postgresql}) on the class path; Cadre
 * does not bring it, so that users of the SQLite store do not carry it. The tables ({@code
 * cadre_schema_version}, {@code cadre_runs}, {@code cadre_checkpoints}) are created in the
 * connection's current schema on first open; the user needs the right to create tables there once.
 * Payloads are stored as {@code text}, not {@code jsonb}, so they come back byte for byte, and
 * each with its SHA-256 digest. Commits are as durable as the server makes them ({@code fsync} and
 * {@code synchronous_commit} on, its defaults); the store leaves those settings as they are.
 *
 * <p>The store holds one connection and runs one call at a time; open one store per process.
 */
public final class PostgresCheckpointStore extends JdbcCheckpointStore {

  /**
   * Key of the transaction-scoped advisory lock that serialises schema creation and upgrades
   * between processes opening one database at once ("cadre" in ASCII).
   */
  private static final long SCHEMA_LOCK = 0x6361647265L;

  private PostgresCheckpointStore(Connection connection, Clock clock, String description) {
    super(connection, clock, description);
  }

  /**
   * Connects to {@code jdbcUrl} (e.g. {@code jdbc:postgresql://db.example:5432/app}) and creates
   * or upgrades the schema.
   *
   * @throws CheckpointStoreException if the server cannot be reached, refuses the login, or holds
   *     a schema written by a newer Cadre
   */
  public static PostgresCheckpointStore open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, Clock.systemUTC());
  }

  /** {@link #open(String, String, String)} with the clock that timestamps each checkpoint. */
  public static PostgresCheckpointStore open(
      String jdbcUrl, String user, String password, Clock clock) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(clock, "clock");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with 'jdbc:postgresql:', e.g."
              + " jdbc:postgresql://localhost:5432/mydb; was '"
              + withoutQuery(jdbcUrl)
              + "'");
    }
    // The query part may carry a password; it never goes into a message.
    String description = "PostgreSQL checkpoint store " + withoutQuery(jdbcUrl);
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "cadre-checkpoints");
    Connection connection;
    try {
      connection = DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException e) {
      if ("08001".equals(e.getSQLState()) && e.getMessage().startsWith("No suitable driver")) {
        throw new CheckpointStoreException(
            description
                + ": the PostgreSQL JDBC driver is not on the class path; add the dependency"
                + " org.postgresql:postgresql",
            e);
      }
      throw new CheckpointStoreException(
          description + ": cannot connect as '" + user + "': " + e.getMessage() + hint(e), e);
    }
    return new PostgresCheckpointStore(connection, clock, description);
  }

  @Override
  void begin(Connection connection, boolean write) throws SQLException {
    // READ COMMITTED is enough: an append's conditional UPDATE waits for a concurrent writer of
    // the same run row and then re-checks the version, and load() reads with a single statement.
    connection.setAutoCommit(false);
  }

  @Override
  void commit(Connection connection) throws SQLException {
    connection.commit();
    connection.setAutoCommit(true);
  }

  @Override
  void rollback(Connection connection) throws SQLException {
    connection.rollback();
    connection.setAutoCommit(true);
  }

  @Override
  void lockSchema(Statement statement) throws SQLException {
    statement.executeQuery("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")").close();
  }

  @Override
  String advice(SQLException e) {
    return hint(e);
  }

  private static String hint(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return "";
    }
    if (state.startsWith("08")) {
      return " (is the server running and reachable at that address?)";
    }
    if (state.equals("28P01") || state.equals("28000")) {
      return " (check the user name and password)";
    }
    if (state.equals("42501")) {
      return " (the user needs the right to create tables in the current schema the first time)";
    }
    return "";
  }

  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }
}
