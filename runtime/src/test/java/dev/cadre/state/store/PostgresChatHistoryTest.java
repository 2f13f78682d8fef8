package dev.cadre.state.store;

import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Persistent chat history on a real PostgreSQL server on loopback; see {@link PostgresTestServer}.
 */
@ExtendWith(PostgresTestServer.Extension.class)
class PostgresChatHistoryTest extends ChatHistoryContract {

  private final String url;

  PostgresChatHistoryTest(PostgresTestServer server) {
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
}
