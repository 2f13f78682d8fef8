package dev.cadre.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.distance("reviewer", "reviwer")).isEqualTo(1);
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isZero();
  }

  @Test
  void closestSuggestsOnlyLikelyMisspellings() {
    List<String> names = List.of("writer", "reviewer", "publisher");

    assertThat(Suggestions.closest("reviwer", names)).isEqualTo("reviewer");
    assertThat(Suggestions.closest("Writer", names)).isEqualTo("writer");
    assertThat(Suggestions.closest("lawyer", names)).isNull();
    assertThat(Suggestions.closest("x", List.of("y"))).isNull();
    assertThat(Suggestions.closest("x", List.of())).isNull();
  }
}
