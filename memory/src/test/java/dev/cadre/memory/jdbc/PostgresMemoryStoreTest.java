package dev.cadre.memory.jdbc;

import dev.cadre.memory.EmbeddingModel;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.MemoryStoreContract;
import dev.cadre.memory.Scope;
import dev.cadre.state.store.PostgresTestServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** The exact-search path on a real PostgreSQL (pgvector is not among Debian's packages here). */
@ExtendWith(PostgresTestServer.Extension.class)
class PostgresMemoryStoreTest extends MemoryStoreContract {

  private final String url;

  PostgresMemoryStoreTest(PostgresTestServer server) {
    this.url = server.newSchemaUrl();
  }

  @Override
  protected MemoryStore open() {
    return PostgresMemoryStore.open(url, EMBEDDINGS);
  }

  @Override
  protected String[] childTarget() {
    return new String[] {"postgres", url};
  }

  @Override
  protected void reopenWith(EmbeddingModel other) {
    try (MemoryStore store = PostgresMemoryStore.open(url, other)) {
      store.put(MemoryEntry.builder(Scope.user("alice"), "second entry").build());
    }
  }
}
