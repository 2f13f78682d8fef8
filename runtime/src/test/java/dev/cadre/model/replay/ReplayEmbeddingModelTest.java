package dev.cadre.model.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.memory.HashingEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayEmbeddingModelTest {

  @TempDir Path dir;

  @Test
  void answersRecordedVectorsByInput() {
    ReplayEmbeddingModel model =
        ReplayEmbeddingModel.of(Map.of("cat", new float[] {1, 0}, "dog", new float[] {0, 1}));

    assertThat(model.embedAll(List.of("dog", "cat")))
        .containsExactly(new float[] {0, 1}, new float[] {1, 0});
    assertThat(model.dimensions()).isEqualTo(2);
  }

  @Test
  void anUnknownInputFailsNamingIt() {
    ReplayEmbeddingModel model = ReplayEmbeddingModel.of(Map.of("cat", new float[] {1, 0}));

    assertThatThrownBy(() -> model.embed("a horse"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no vector recorded for input 'a horse'")
        .hasMessageContaining("1 inputs recorded");
  }

  @Test
  void aRecordingReadsBackTheSameVectors() throws Exception {
    Path file = dir.resolve("embeddings.jsonl");
    HashingEmbeddingModel live = new HashingEmbeddingModel(32);

    ReplayEmbeddingModel.record(live, List.of("refunds take five days", "ship to Oslo"), file);
    ReplayEmbeddingModel replay = ReplayEmbeddingModel.fromJsonLines(file);

    assertThat(replay.embed("ship to Oslo")).containsExactly(live.embed("ship to Oslo"));
    assertThat(replay.embed("refunds take five days"))
        .containsExactly(live.embed("refunds take five days"));
  }

  @Test
  void aBadLineIsNamedByFileAndNumber() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"input\": \"a\", \"embedding\": [1, 2]}\n{\"input\": \"b\"}\n");

    assertThatThrownBy(() -> ReplayEmbeddingModel.fromJsonLines(file))
        .hasMessageContaining("bad.jsonl line 2");
  }

  @Test
  void vectorsOfDifferentLengthsAreRefused() {
    assertThatThrownBy(
            () ->
                ReplayEmbeddingModel.of(
                    new java.util.LinkedHashMap<>(
                        Map.of("a", new float[] {1, 2}, "b", new float[] {1}))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same, non-zero length");
  }
}
