package dev.cadre.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Names.distance("reviewer", "reviwer")).isEqualTo(1);
    assertThat(Names.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Names.distance("", "abc")).isEqualTo(3);
    assertThat(Names.distance("same", "same")).isZero();
  }

  @Test
  void closestSuggestsOnlyLikelyMisspellings() {
    List<String> names = List.of("writer", "reviewer", "publisher");

    assertThat(Names.closest("reviwer", names)).isEqualTo("reviewer");
    assertThat(Names.closest("Writer", names)).isEqualTo("writer");
    assertThat(Names.closest("lawyer", names)).isNull();
    assertThat(Names.closest("x", List.of("y"))).isNull();
    assertThat(Names.closest("x", List.of())).isNull();
  }
}
