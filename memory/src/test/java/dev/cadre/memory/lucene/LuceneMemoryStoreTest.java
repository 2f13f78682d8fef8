package dev.cadre.memory.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.memory.EmbeddingModel;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryException;
import dev.cadre.memory.MemoryQuery;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.MemoryStoreContract;
import dev.cadre.memory.Scope;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneMemoryStoreTest extends MemoryStoreContract {

  @TempDir Path dir;

  @Override
  protected MemoryStore open() {
    return LuceneMemoryStore.open(dir.resolve("index"), EMBEDDINGS);
  }

  @Override
  protected String[] childTarget() {
    return new String[] {"lucene", dir.resolve("index").toString()};
  }

  @Override
  protected void reopenWith(EmbeddingModel other) {
    try (MemoryStore store = LuceneMemoryStore.open(dir.resolve("index"), other)) {
      store.put(MemoryEntry.builder(Scope.user("alice"), "second entry").build());
    }
  }

  @Test
  void survivesARestartOnDisk() {
    try (MemoryStore store = open()) {
      store.put(MemoryEntry.builder(Scope.user("alice"), "Lives in Bergen").id("home").build());
    }
    try (MemoryStore store = open()) {
      assertThat(store.search(MemoryQuery.of("where does she live", Scope.user("alice"), 1)))
          .extracting(hit -> hit.entry().id())
          .containsExactly("home");
    }
  }

  @Test
  void aSecondWriterOnOneFolderIsRefusedClearly() {
    try (MemoryStore first = open()) {
      assertThatThrownBy(this::open)
          .isInstanceOf(MemoryException.class)
          .hasMessageContaining("is open in another store");
      assertThat(first.count(Scope.user("alice"))).isZero();
    }
  }

  @Test
  void vectorsLongerThanLucenesDefaultLimitAreTaken() {
    EmbeddingModel wide = new dev.cadre.memory.HashingEmbeddingModel(1536);
    try (MemoryStore store = LuceneMemoryStore.open(dir.resolve("wide"), wide)) {
      store.putAll(
          List.of(
              MemoryEntry.builder(Scope.user("a"), "refund policy").id("r").build(),
              MemoryEntry.builder(Scope.user("a"), "shipping times").id("s").build()));

      assertThat(
              store.search(
                  MemoryQuery.of("refunds", Scope.user("a"), 1)
                      .withMode(MemoryQuery.SearchMode.VECTOR)))
          .extracting(hit -> hit.entry().id())
          .containsExactly("r");
    }
  }

  @Test
  void compactingMergesEveryWriteIntoOneSegmentAndKeepsTheEntries() {
    try (LuceneMemoryStore store = LuceneMemoryStore.open(dir.resolve("index"), EMBEDDINGS)) {
      for (int i = 0; i < 5; i++) {
        store.put(MemoryEntry.builder(Scope.user("a"), "fact number " + i).id("f" + i).build());
      }
      assertThat(store.segments()).isGreaterThan(1);

      store.compact();

      assertThat(store.segments()).isEqualTo(1);
      assertThat(store.count(Scope.user("a"))).isEqualTo(5);
      assertThat(store.search(MemoryQuery.of("fact number 3", Scope.user("a"), 1)))
          .extracting(hit -> hit.entry().id())
          .containsExactly("f3");
    }
  }
}
