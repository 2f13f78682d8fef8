package dev.cadre.samples.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.Scope;
import dev.cadre.memory.lucene.LuceneMemoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The support sample remembers a customer from one process to the next, offline. */
class SupportSampleTest {

  @TempDir Path dir;

  private String visit(String task) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SupportVisitChild.class.getName());
    command.add(dir.toString());
    command.add(task);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // Generous: the machine running the tests is often loaded.
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("visit finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void theSecondVisitInAnotherProcessIsRemindedOfTheFirst() throws Exception {
    String first = visit(SupportSample.FIRST_VISIT);

    // Before its first model call the memory has nothing for her; after remember it has.
    assertThat(first).contains("tool: remember: remembered (id ");
    assertThat(first.substring(0, first.indexOf("tool: remember"))).doesNotContain("memory: ");
    assertThat(first).contains("answer: Thanks, Alice.");
    List<MemoryEntry> stored;
    try (MemoryStore store = LuceneMemoryStore.open(dir, SupportSample.OFFLINE_EMBEDDINGS)) {
      stored =
          store.search(dev.cadre.memory.MemoryQuery.of("contact", Scope.user("alice"), 5)).stream()
              .map(hit -> hit.entry())
              .toList();
    }
    assertThat(stored)
        .extracting(MemoryEntry::text)
        .containsExactlyInAnyOrder(
            "Alice wants to be contacted by email only, never by phone",
            "Alice is waiting for the refund of order 1043");
    assertThat(first).contains("extractor: Written");

    String second = visit(SupportSample.RETURN_VISIT);

    assertThat(second)
        .contains("memory: Alice wants to be contacted by email only, never by phone")
        .contains("answer: Welcome back, Alice.")
        .doesNotContain("tool: remember")
        // The extractor heard the preference again, and the store, written by the first process,
        // has it: nothing new is written.
        .contains("extractor: Duplicate")
        .doesNotContain("extractor: Written");
  }

  @Test
  void theSampleIsListedAndPicksItsVisitFromTheMemory() {
    System.setProperty("cadre.support.memory", dir.resolve("fresh").toString());
    try {
      SupportSample sample = new SupportSample();
      assertThat(dev.cadre.samples.Samples.all()).extracting(s -> s.name()).contains("support");
      assertThat(sample.defaultTask()).isEqualTo(SupportSample.FIRST_VISIT);
      try (MemoryStore store =
          LuceneMemoryStore.open(dir.resolve("fresh"), SupportSample.OFFLINE_EMBEDDINGS)) {
        store.put(MemoryEntry.builder(Scope.user("alice"), "Alice likes email").build());
      }
      assertThat(sample.defaultTask()).isEqualTo(SupportSample.RETURN_VISIT);
    } finally {
      System.clearProperty("cadre.support.memory");
    }
  }
}
