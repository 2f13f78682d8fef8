package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract against a real PostgreSQL server on loopback; see {@link PostgresTestServer}. */
@ExtendWith(PostgresTestServer.Extension.class)
class PostgresCheckpointStoreTest extends CheckpointStoreContract {

  private final String url;

  PostgresCheckpointStoreTest(PostgresTestServer server) {
    this.url = server.newSchemaUrl();
  }

  @Override
  CheckpointStore open(Clock clock) {
    return PostgresCheckpointStore.open(url, null, null, clock);
  }

  @Override
  void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  long queryLong(String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  List<String> childArguments() {
    return List.of("postgres", url);
  }

  @Test
  void aServerThatIsNotThereIsReportedWithoutTheUrlsSecrets() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String unreachable = "jdbc:postgresql://127.0.0.1:" + port + "/app?password=hunter2";

    assertThatThrownBy(() -> PostgresCheckpointStore.open(unreachable, "cadre", "secret"))
        .isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining("127.0.0.1:" + port + "/app")
        .hasMessageContaining("is the server running")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("secret");
  }

  @Test
  void aUrlForAnotherDatabaseIsRejected() {
    assertThatThrownBy(() -> PostgresCheckpointStore.open("jdbc:mysql://h/db", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:");
  }
}
