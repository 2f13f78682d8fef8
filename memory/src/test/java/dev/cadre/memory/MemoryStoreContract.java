package dev.cadre.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.memory.MemoryQuery.SearchMode;
import dev.cadre.memory.testing.ChildJvm;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link MemoryStore} does; each store's test opens its own kind. */
public abstract class MemoryStoreContract {

  protected static final EmbeddingModel EMBEDDINGS = new HashingEmbeddingModel(256);

  static final Scope ALICE = Scope.user("alice");
  static final Scope BOB = Scope.user("bob");

  /** A new, empty store. Each call in one test opens the same one (after the last is closed). */
  protected abstract MemoryStore open();

  /** Arguments for {@link MemoryWriterChild} to open this test's store in another JVM. */
  protected abstract String[] childTarget();

  private static MemoryEntry entry(Scope scope, String id, String text) {
    return MemoryEntry.builder(scope, text).id(id).build();
  }

  @Test
  void putGetUpdateAndDeleteById() {
    try (MemoryStore store = open()) {
      store.put(
          MemoryEntry.builder(ALICE, "Prefers email over phone")
              .id("contact")
              .source("chat")
              .user("alice")
              .session("s1")
              .tags(List.of("preference", "contact"))
              .time(Instant.parse("2026-01-02T03:04:05.678Z"))
              .build());

      MemoryEntry stored = store.get(ALICE, "contact").orElseThrow();
      assertThat(stored.text()).isEqualTo("Prefers email over phone");
      assertThat(stored.source()).isEqualTo("chat");
      assertThat(stored.session()).isEqualTo("s1");
      assertThat(stored.tags()).containsExactly("preference", "contact");
      assertThat(stored.time()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));

      store.put(entry(ALICE, "contact", "Prefers phone calls now"));
      assertThat(store.count(ALICE)).isEqualTo(1);
      assertThat(store.get(ALICE, "contact").orElseThrow().text())
          .isEqualTo("Prefers phone calls now");
      assertThat(store.search(MemoryQuery.of("phone calls", ALICE, 5)))
          .extracting(hit -> hit.entry().text())
          .containsExactly("Prefers phone calls now");

      assertThat(store.delete(ALICE, "contact")).isTrue();
      assertThat(store.delete(ALICE, "contact")).isFalse();
      assertThat(store.get(ALICE, "contact")).isEmpty();
      assertThat(store.search(MemoryQuery.of("phone calls", ALICE, 5))).isEmpty();
    }
  }

  @Test
  void listShowsAScopesEntriesOldestFirstFilteredAndBounded() {
    try (MemoryStore store = open()) {
      store.putAll(
          List.of(
              MemoryEntry.builder(ALICE, "third")
                  .id("c")
                  .tags(List.of("t"))
                  .time(Instant.parse("2026-03-01T00:00:00Z"))
                  .build(),
              MemoryEntry.builder(ALICE, "first")
                  .id("a")
                  .tags(List.of("t"))
                  .time(Instant.parse("2026-01-01T00:00:00Z"))
                  .build(),
              MemoryEntry.builder(ALICE, "second, untagged")
                  .id("b")
                  .time(Instant.parse("2026-02-01T00:00:00Z"))
                  .build(),
              MemoryEntry.builder(BOB, "bob's")
                  .id("a")
                  .tags(List.of("t"))
                  .time(Instant.parse("2025-01-01T00:00:00Z"))
                  .build()));

      assertThat(store.list(ALICE, MemoryFilter.ANY, 10))
          .extracting(MemoryEntry::id)
          .containsExactly("a", "b", "c");
      assertThat(store.list(ALICE, MemoryFilter.ANY.withTags(List.of("t")), 10))
          .extracting(MemoryEntry::text)
          .containsExactly("first", "third");
      assertThat(store.list(ALICE, MemoryFilter.ANY, 2))
          .extracting(MemoryEntry::id)
          .containsExactly("a", "b");
    }
  }

  @Test
  void attributesComeBackAsWritten() {
    try (MemoryStore store = open()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("a=b", "c=d");
      attributes.put("line", "one\ntwo");
      attributes.put("empty", "");
      store.put(
          MemoryEntry.builder(ALICE, "with attributes").id("x").attributes(attributes).build());

      assertThat(store.get(ALICE, "x").orElseThrow().attributes())
          .containsExactlyEntriesOf(attributes);
    }
  }

  @Test
  void aQueryNeverCrossesAScopeItWasNotGiven() {
    try (MemoryStore store = open()) {
      store.putAll(
          List.of(
              entry(ALICE, "1", "Alice's order 1234 arrived damaged"),
              entry(BOB, "1", "Bob's order 1234 arrived damaged"),
              entry(Scope.team("support"), "1", "Damaged orders are replaced for free"),
              entry(Scope.agent("support"), "1", "Order 1234 was escalated")));

      for (SearchMode mode : SearchMode.values()) {
        List<ScoredEntry> hits =
            store.search(
                new MemoryQuery("order 1234 arrived damaged", Set.of(ALICE), null, 10, mode));
        assertThat(hits).as(mode.name()).isNotEmpty();
        assertThat(hits).as(mode.name()).allMatch(hit -> hit.entry().scope().equals(ALICE));
      }
      List<ScoredEntry> shared =
          store.search(
              new MemoryQuery(
                  "damaged order", Set.of(ALICE, Scope.team("support")), null, 10, null));
      assertThat(shared)
          .extracting(hit -> hit.entry().scope())
          .containsExactlyInAnyOrder(ALICE, Scope.team("support"));
      assertThat(store.get(BOB, "1").orElseThrow().text()).startsWith("Bob's");
      store.clear(ALICE);
      assertThat(store.count(ALICE)).isZero();
      assertThat(store.count(BOB)).isEqualTo(1);
    }
  }

  @Test
  void filtersApplyToEveryMode() {
    try (MemoryStore store = open()) {
      store.putAll(
          List.of(
              MemoryEntry.builder(ALICE, "Invoice 77 was paid late")
                  .id("a")
                  .source("billing")
                  .session("s1")
                  .tags(List.of("invoice"))
                  .time(Instant.parse("2026-01-01T00:00:00Z"))
                  .build(),
              MemoryEntry.builder(ALICE, "Invoice 78 was paid on time")
                  .id("b")
                  .source("chat")
                  .session("s2")
                  .tags(List.of("invoice", "resolved"))
                  .time(Instant.parse("2026-03-01T00:00:00Z"))
                  .build()));
      MemoryQuery base = MemoryQuery.of("invoice paid", ALICE, 10);

      for (SearchMode mode : SearchMode.values()) {
        MemoryQuery q = base.withMode(mode);
        assertThat(ids(store, q.withFilter(MemoryFilter.ANY.withSource("billing"))))
            .containsExactly("a");
        assertThat(ids(store, q.withFilter(MemoryFilter.ANY.withSession("s2"))))
            .containsExactly("b");
        assertThat(ids(store, q.withFilter(MemoryFilter.ANY.withTags(List.of("resolved")))))
            .containsExactly("b");
        assertThat(
                ids(
                    store,
                    q.withFilter(
                        MemoryFilter.ANY.withTime(Instant.parse("2026-02-01T00:00:00Z"), null))))
            .containsExactly("b");
        assertThat(
                ids(
                    store,
                    q.withFilter(
                        MemoryFilter.ANY.withTime(null, Instant.parse("2026-03-01T00:00:00Z")))))
            .containsExactly("a");
      }
    }
  }

  @Test
  void hybridSearchFindsWhatEitherSideFinds() {
    try (MemoryStore store = open()) {
      store.putAll(
          List.of(
              entry(ALICE, "code", "Ticket ZX-4471 is waiting on the warehouse"),
              entry(ALICE, "other", "The customer likes short answers")));

      List<ScoredEntry> hits = store.search(MemoryQuery.of("ZX-4471", ALICE, 1));

      assertThat(hits).extracting(hit -> hit.entry().id()).containsExactly("code");
      assertThat(hits.get(0).score()).isGreaterThan(0);
    }
  }

  @Test
  void anEmbeddingModelOfAnotherLengthIsRefusedNamingIt() {
    try (MemoryStore store = open()) {
      store.put(entry(ALICE, "x", "first entry"));
    }
    assertThatThrownBy(() -> reopenWith(new HashingEmbeddingModel(64)))
        .hasMessageContaining("hashing-64")
        .hasMessageContaining("64 dimensions");
  }

  /** Opens the store with another model and writes one entry. */
  protected abstract void reopenWith(EmbeddingModel other);

  @Test
  void writtenInOneProcessRecalledInAnother() throws Exception {
    open().close(); // create the store, so the child finds it
    ChildJvm.run(MemoryWriterChild.class, childTarget());

    try (MemoryStore store = open()) {
      List<ScoredEntry> hits =
          store.search(MemoryQuery.of("How does she want to be contacted?", ALICE, 3));
      assertThat(hits).extracting(hit -> hit.entry().text()).contains(MemoryWriterChild.ALICE_FACT);
      assertThat(hits).allMatch(hit -> hit.entry().scope().equals(ALICE));
      assertThat(store.get(BOB, "contact").orElseThrow().text())
          .isEqualTo(MemoryWriterChild.BOB_FACT);
      assertThat(store.get(ALICE, "contact").orElseThrow().tags()).containsExactly("preference");
    }
  }

  private static List<String> ids(MemoryStore store, MemoryQuery query) {
    return store.search(query).stream().map(hit -> hit.entry().id()).toList();
  }
}
