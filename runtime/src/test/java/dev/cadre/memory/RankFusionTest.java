package dev.cadre.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {

  private static ScoredEntry hit(String id, double score) {
    return new ScoredEntry(
        MemoryEntry.builder(Scope.user("u"), "text " + id).id(id).build(), score);
  }

  @Test
  void anEntryBothRankingsFindBeatsOneOnlyOneRanksFirst() {
    List<ScoredEntry> vector = List.of(hit("a", 0.9), hit("both", 0.8));
    List<ScoredEntry> keyword = List.of(hit("b", 12.0), hit("both", 7.0));

    List<ScoredEntry> fused = RankFusion.fuse(List.of(vector, keyword), 3);

    assertThat(fused).extracting(s -> s.entry().id()).containsExactly("both", "a", "b");
    assertThat(fused.get(0).score()).isEqualTo(2.0 / 62);
    assertThat(fused.get(1).score()).isEqualTo(1.0 / 61);
  }

  @Test
  void entriesOfTwoScopesWithOneIdStayApart() {
    ScoredEntry alice =
        new ScoredEntry(MemoryEntry.builder(Scope.user("alice"), "x").id("1").build(), 1);
    ScoredEntry bob =
        new ScoredEntry(MemoryEntry.builder(Scope.user("bob"), "x").id("1").build(), 1);

    assertThat(RankFusion.fuse(List.of(List.of(alice), List.of(bob)), 5)).hasSize(2);
  }
}
