package dev.cadre.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reciprocal-rank fusion: how {@link MemoryQuery.SearchMode#HYBRID} merges a vector ranking and a
 * keyword ranking whose scores are not comparable. Each item scores {@code sum 1 / (K + rank)}
 * (rank from 1) over the rankings it appears in.
 */
public final class RankFusion {

  /** The usual constant: it damps the weight of the very first ranks. */
  public static final int K = 60;

  private RankFusion() {}

  /**
   * Fuses {@code rankings} (each best first), identifying entries by scope and id, and returns at
   * most {@code limit} of them, best first; ties keep the order in which items were first seen.
   */
  public static List<ScoredEntry> fuse(List<List<ScoredEntry>> rankings, int limit) {
    Function<ScoredEntry, String> key = s -> s.entry().scope().key() + "\n" + s.entry().id();
    Map<String, ScoredEntry> fused = new LinkedHashMap<>();
    for (List<ScoredEntry> ranking : rankings) {
      for (int rank = 0; rank < ranking.size(); rank++) {
        ScoredEntry item = ranking.get(rank);
        double add = 1.0 / (K + rank + 1);
        fused.merge(
            key.apply(item),
            new ScoredEntry(item.entry(), add),
            (a, b) -> new ScoredEntry(a.entry(), a.score() + b.score()));
      }
    }
    List<ScoredEntry> out = new ArrayList<>(fused.values());
    out.sort(Comparator.comparingDouble(ScoredEntry::score).reversed());
    return List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }
}
