package dev.cadre.state.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/** Durable team runs on a real PostgreSQL server on loopback; see {@link PostgresTestServer}. */
@ExtendWith(PostgresTestServer.Extension.class)
class PostgresDurableRunTest extends DurableRunContract {

  private final String url;

  PostgresDurableRunTest(PostgresTestServer server) {
    this.url = server.newSchemaUrl();
  }

  @Override
  CheckpointStore open() {
    return PostgresCheckpointStore.open(url, null, null);
  }

  @Override
  List<String> childArguments() {
    return List.of("postgres", url);
  }

  @Override
  Connection jdbc() throws SQLException {
    return DriverManager.getConnection(url);
  }
}
