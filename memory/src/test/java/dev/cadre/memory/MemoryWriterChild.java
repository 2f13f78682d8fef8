package dev.cadre.memory;

import dev.cadre.memory.jdbc.PostgresMemoryStore;
import dev.cadre.memory.lucene.LuceneMemoryStore;
import java.nio.file.Path;
import java.util.List;

/**
 * A second process for {@link MemoryStoreContract}: opens the store named by its arguments ({@code
 * lucene FOLDER} or {@code postgres URL}), writes one fact for Alice and one for Bob, and exits.
 */
public final class MemoryWriterChild {

  static final String ALICE_FACT = "Alice wants to be contacted by email, never by phone";
  static final String BOB_FACT = "Bob wants to be contacted by phone";

  public static void main(String[] args) {
    try (MemoryStore store =
        args[0].equals("lucene")
            ? LuceneMemoryStore.open(Path.of(args[1]), MemoryStoreContract.EMBEDDINGS)
            : PostgresMemoryStore.open(args[1], MemoryStoreContract.EMBEDDINGS)) {
      store.putAll(
          List.of(
              MemoryEntry.builder(Scope.user("alice"), ALICE_FACT)
                  .id("contact")
                  .tags(List.of("preference"))
                  .build(),
              MemoryEntry.builder(Scope.user("bob"), BOB_FACT).id("contact").build()));
    }
    System.out.println("written");
  }
}
