package dev.cadre.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorMemoryTest {

  private static final String REFUNDS = "Refunds are paid within thirty days of a return.";
  private static final String OFFICE = "Our head office is in Oslo, near the harbour.";
  private static final String PIZZA = "The cafeteria serves pizza on Fridays.";

  private static List<String> texts(List<MemoryResult> results) {
    return results.stream().map(r -> r.content().content()).toList();
  }

  private static VectorMemory docs(VectorMemory.Builder builder) {
    VectorMemory memory = builder.build();
    memory.addAll(
        List.of(MemoryContent.of(OFFICE), MemoryContent.of(REFUNDS), MemoryContent.of(PIZZA)));
    return memory;
  }

  private static VectorMemory.Builder hashing() {
    return VectorMemory.builder("docs", new HashingEmbeddingModel());
  }

  @Test
  void ranksTheRelevantEntryFirst() {
    VectorMemory memory = docs(hashing());

    List<MemoryResult> results = memory.query("How long until my refund is paid?", 3);

    assertThat(results).isNotEmpty();
    assertThat(results.get(0).content().content()).isEqualTo(REFUNDS);
    assertThat(results).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    assertThat(results).hasSizeGreaterThan(1);
    assertThat(results.get(0).score()).isGreaterThan(2 * results.get(1).score());
  }

  @Test
  void returnsAtMostTopKAndAtMostTheQueryLimit() {
    VectorMemory memory = docs(hashing().topK(2).minScore(-1));

    assertThat(memory.query("refund pizza office", 10)).hasSize(2);
    assertThat(memory.query("refund pizza office", 1)).hasSize(1);
  }

  @Test
  void dropsWhatScoresAtOrBelowTheMinimum() {
    assertThat(texts(docs(hashing().minScore(0.3)).query("pizza on Fridays", 5)))
        .containsExactly(PIZZA);
    assertThat(docs(hashing().minScore(0.99)).query("pizza", 5)).isEmpty();
    assertThat(docs(hashing()).query("!!!", 5)).as("no words, no similarity").isEmpty();
  }

  @Test
  void clearForgetsEverything() {
    VectorMemory memory = docs(hashing());

    memory.clear();

    assertThat(memory.size()).isZero();
    assertThat(memory.query("pizza", 5)).isEmpty();
  }

  /** Two topics, two axes: what a user's own embedding model would do, minus the network. */
  private static final class TopicEmbeddings implements EmbeddingModel {
    final List<List<String>> batches = new ArrayList<>();

    @Override
    public String name() {
      return "topics";
    }

    @Override
    public float[] embed(String text) {
      return new float[] {text.contains("cat") ? 1 : 0, text.contains("dog") ? 1 : 0};
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      batches.add(List.copyOf(texts));
      return EmbeddingModel.super.embedAll(texts);
    }
  }

  @Test
  void aCustomEmbeddingModelPlugsInAndAddsInOneBatch() {
    TopicEmbeddings topics = new TopicEmbeddings();
    VectorMemory memory = VectorMemory.builder("pets", topics).build();
    memory.addAll(
        List.of(
            MemoryContent.of("the dog barks"),
            MemoryContent.of("the cat sleeps"),
            MemoryContent.of("a cat and a dog")));

    List<MemoryResult> results = memory.query("my cat", 5);

    assertThat(topics.batches.get(0)).hasSize(3);
    assertThat(texts(results)).containsExactly("the cat sleeps", "a cat and a dog");
    assertThat(results.get(0).score()).isCloseTo(1.0, within(1e-9));
    assertThat(results.get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-6));
  }

  @Test
  void vectorsOfAnotherLengthAreRejectedWithTheModelsName() {
    EmbeddingModel shifting =
        new EmbeddingModel() {
          int calls;

          @Override
          public String name() {
            return "shifting";
          }

          @Override
          public synchronized float[] embed(String text) {
            return new float[++calls + 1];
          }
        };
    VectorMemory memory = VectorMemory.builder("docs", shifting).build();
    memory.add(MemoryContent.of("first"));

    assertThatThrownBy(() -> memory.query("q", 1))
        .hasMessageContaining("memory 'docs'")
        .hasMessageContaining("embedding model 'shifting' returned a vector of 3 dimensions")
        .hasMessageContaining("holds vectors of 2");
  }

  @Test
  void badSettingsNameTheMemory() {
    assertThatThrownBy(() -> hashing().topK(0))
        .hasMessageContaining("memory 'docs': topK must be at least 1, was 0");
    assertThatThrownBy(() -> hashing().minScore(1.5))
        .hasMessageContaining("memory 'docs': minScore must be between -1 and 1, was 1.5");
    assertThatThrownBy(() -> VectorMemory.builder("docs", null))
        .hasMessageContaining("memory 'docs' needs an embedding model");
  }

  @Test
  void hashingVectorsAreUnitLengthDeterministicAndLexical() {
    HashingEmbeddingModel model = new HashingEmbeddingModel(256);

    float[] invoice = model.embed("Send the invoice");
    double norm = 0;
    for (float v : invoice) {
      norm += v * v;
    }

    assertThat(invoice).hasSize(256);
    assertThat(norm).isCloseTo(1.0, within(1e-5));
    assertThat(model.embed("Send the invoice")).containsExactly(invoice);
    assertThat(new HashingEmbeddingModel(256).embed("send THE invoice!")).containsExactly(invoice);
    assertThat(VectorMemory.cosine(model.embed("invoices"), model.embed("invoice")))
        .isGreaterThan(0.5);
    assertThat(model.embed("...")).containsOnly(0f);
    assertThatThrownBy(() -> new HashingEmbeddingModel(8)).hasMessageContaining("at least 16");
  }
}
