package dev.cadre.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.memory.EmbeddingModel;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryException;
import dev.cadre.memory.MemoryQuery;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.MemoryStoreContract;
import dev.cadre.memory.Scope;
import dev.cadre.state.store.PostgresTestServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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

  @Test
  void theServerHereHasNoPgvectorSoTheExactPathIsUsed() {
    try (PostgresMemoryStore store = PostgresMemoryStore.open(url, EMBEDDINGS)) {
      assertThat(store.hasPgvector()).isFalse();
      store.put(MemoryEntry.builder(Scope.user("alice"), "Alice prefers email").build());
      assertThat(store.search(MemoryQuery.of("email", Scope.user("alice"), 3)))
          .extracting(hit -> hit.entry().text())
          .containsExactly("Alice prefers email");
    }
  }

  @Test
  void opensWithAUserAndPasswordGivenApartFromTheUrl() {
    Matcher user = Pattern.compile("([?&])user=([^&]*)&?").matcher(url);
    assertThat(user.find()).as("the test server's URL names its user: %s", url).isTrue();
    String bare = user.replaceFirst("$1");
    try (PostgresMemoryStore store =
        PostgresMemoryStore.open(bare, user.group(2), "not-checked-here", EMBEDDINGS)) {
      store.put(MemoryEntry.builder(Scope.user("alice"), "written with a separate login").build());
      assertThat(store.count(Scope.user("alice"))).isEqualTo(1);
    }
    assertThatThrownBy(
            () -> PostgresMemoryStore.open(bare, "no_such_role", "s3cret-pw-42", EMBEDDINGS))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("as 'no_such_role'")
        .message()
        .doesNotContain("s3cret-pw-42");
  }
}
