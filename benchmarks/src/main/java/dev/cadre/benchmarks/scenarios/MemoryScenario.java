package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.CommandLine;
import dev.cadre.benchmarks.report.FigureLines;
import dev.cadre.memory.EmbeddingModel;
import dev.cadre.memory.Embeddings;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryQuery;
import dev.cadre.memory.Scope;
import dev.cadre.memory.ScoredEntry;
import dev.cadre.memory.lucene.LuceneMemoryStore;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scenario 9, memory: how well and how fast the Lucene memory's HNSW index finds the nearest
 * vectors, against exact search, with LangChain4j's in-memory embedding store beside it. Not a
 * JMH benchmark: it builds one index and measures it, as its own process.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.cadre.benchmarks.scenarios.MemoryScenario \
 *     [--vectors 100000] [--queries 500] [--dimensions 64] [--batch 1000]
 * </pre>
 *
 * <p>The vectors are seeded: clustered points (a thousand centres, each point near one), which is
 * closer to real embeddings than uniform noise, where every point is about as far as any other.
 * Queries are fresh points drawn the same way. Figures:
 *
 * <ul>
 *   <li>{@code recall_at_10}: of the exact 10 nearest (cosine, brute force), the share the HNSW
 *       query returned, averaged over the queries; LangChain4j's store is exact, and its recall is
 *       measured the same way as a check;
 *   <li>{@code p50_us}, {@code p99_us}: per-query latency, after a warm-up of the same queries;
 *   <li>{@code ingest_per_s}: entries written per second, in batches, each batch committed to disk
 *       (Lucene) or added (LangChain4j).
 * </ul>
 *
 * <p>The Lucene store is measured twice: as written, and after {@code compact()} merges its
 * segments into one ({@code compact_ms}), since a vector search visits every segment's graph.
 *
 * <p>One JSON line per contestant starts {@code {"scenario":"memory"}. {@code --vectors 2000
 * --queries 50} is the smoke run.
 */
public final class MemoryScenario {

  private static final int K = 10;
  private static final Scope SCOPE = Scope.agent("bench");

  private MemoryScenario() {}

  record Options(int vectors, int queries, int dimensions, int batch) {
    static Options parse(String[] args) {
      int[] o = {100_000, 500, 64, 1000};
      CommandLine.forEachOption(
          args,
          (name, value) -> {
            switch (name) {
              case "--vectors" -> o[0] = CommandLine.positive(name, value);
              case "--queries" -> o[1] = CommandLine.positive(name, value);
              case "--dimensions" -> o[2] = CommandLine.positive(name, value);
              case "--batch" -> o[3] = CommandLine.positive(name, value);
              default -> throw new IllegalArgumentException("unknown option " + name);
            }
          });
      return new Options(o[0], o[1], o[2], o[3]);
    }
  }

  /** Runs the scenario with the options above; prints two lines per measurement. */
  public static void main(String[] args) throws IOException {
    Options options =
        CommandLine.parseOrExit(
            args,
            Options::parse,
            "usage: MemoryScenario [--vectors N] [--queries Q] [--dimensions D] [--batch B]");
    Random random = new Random(42);
    float[][] centres = points(random, 1000, options.dimensions(), null);
    float[][] data = points(random, options.vectors(), options.dimensions(), centres);
    float[][] queries = points(random, options.queries(), options.dimensions(), centres);
    List<Set<Integer>> exact = new ArrayList<>();
    for (float[] query : queries) {
      exact.add(exactTop(data, query));
    }
    lucene(options, data, queries, exact).forEach(MemoryScenario::print);
    print(langchain4j(options, data, queries, exact));
  }

  private static void print(Map<String, Object> figures) {
    System.out.println(FigureLines.readable(figures));
    System.out.println(FigureLines.json(figures));
  }

  /** Unit vectors: around {@code centres} when given (a random centre plus noise), else uniform. */
  static float[][] points(Random random, int count, int dimensions, float[][] centres) {
    float[][] out = new float[count][dimensions];
    for (int i = 0; i < count; i++) {
      float[] centre = centres == null ? null : centres[random.nextInt(centres.length)];
      double norm = 0;
      for (int d = 0; d < dimensions; d++) {
        float noise = (float) random.nextGaussian();
        // Noise of about the centre's own length: clusters overlap, as topics do.
        out[i][d] =
            centre == null ? noise : centre[d] + 1.4f * noise / (float) Math.sqrt(dimensions);
        norm += out[i][d] * out[i][d];
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dimensions; d++) {
        out[i][d] *= scale;
      }
    }
    return out;
  }

  /** The indexes of the {@value #K} points nearest {@code query} by cosine, by brute force. */
  static Set<Integer> exactTop(float[][] data, float[] query) {
    PriorityQueue<double[]> best = new PriorityQueue<>(Comparator.comparingDouble(a -> a[0]));
    for (int i = 0; i < data.length; i++) {
      best.add(new double[] {Embeddings.cosine(query, data[i]), i});
      if (best.size() > K) {
        best.poll();
      }
    }
    Set<Integer> top = new HashSet<>();
    best.forEach(a -> top.add((int) a[1]));
    return top;
  }

  /** An embedding model that answers the benchmark's own vectors: "d17" is data point 17. */
  private record Lookup(float[][] data, float[][] queries) implements EmbeddingModel {
    @Override
    public float[] embed(String text) {
      int index = Integer.parseInt(text.substring(1));
      return text.charAt(0) == 'd' ? data[index] : queries[index];
    }
  }

  /**
   * The Lucene store, searched as written (one small segment per committed batch, merged as Lucene
   * sees fit) and again after {@link LuceneMemoryStore#compact}: two figure lines.
   */
  private static List<Map<String, Object>> lucene(
      Options options, float[][] data, float[][] queries, List<Set<Integer>> exact)
      throws IOException {
    Path folder = Files.createTempDirectory("cadre-memory-bench");
    try (LuceneMemoryStore store = LuceneMemoryStore.open(folder, new Lookup(data, queries))) {
      long start = System.nanoTime();
      for (int from = 0; from < data.length; from += options.batch()) {
        List<MemoryEntry> batch = new ArrayList<>();
        for (int i = from; i < Math.min(data.length, from + options.batch()); i++) {
          batch.add(MemoryEntry.builder(SCOPE, "d" + i).id(Integer.toString(i)).build());
        }
        store.putAll(batch);
      }
      double ingestPerSecond = data.length / ((System.nanoTime() - start) / 1e9);
      List<Map<String, Object>> lines = new ArrayList<>();
      lines.add(luceneQueries("cadre-lucene-hnsw", store, options, queries, exact, ingestPerSecond));
      long compacting = System.nanoTime();
      store.compact();
      Map<String, Object> compacted =
          luceneQueries(
              "cadre-lucene-hnsw-compacted", store, options, queries, exact, ingestPerSecond);
      compacted.put("compact_ms", (System.nanoTime() - compacting) / 1_000_000);
      lines.add(compacted);
      return lines;
    } finally {
      deleteTree(folder);
    }
  }

  private static Map<String, Object> luceneQueries(
      String contestant,
      LuceneMemoryStore store,
      Options options,
      float[][] queries,
      List<Set<Integer>> exact,
      double ingestPerSecond) {
    long[] micros = new long[queries.length];
    double recall = 0;
    for (int pass = 0; pass < 2; pass++) { // the first pass warms up
      recall = 0;
      for (int q = 0; q < queries.length; q++) {
        long t = System.nanoTime();
        List<ScoredEntry> hits =
            store.search(
                MemoryQuery.of("q" + q, SCOPE, K).withMode(MemoryQuery.SearchMode.VECTOR));
        micros[q] = (System.nanoTime() - t) / 1000;
        Set<Integer> found = new HashSet<>();
        hits.forEach(hit -> found.add(Integer.parseInt(hit.entry().id())));
        found.retainAll(exact.get(q));
        recall += found.size() / (double) K;
      }
    }
    Map<String, Object> figures =
        figures(contestant, options, recall / queries.length, micros, ingestPerSecond);
    figures.put("segments", store.segments());
    return figures;
  }

  private static Map<String, Object> langchain4j(
      Options options, float[][] data, float[][] queries, List<Set<Integer>> exact) {
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    long start = System.nanoTime();
    for (int from = 0; from < data.length; from += options.batch()) {
      List<String> ids = new ArrayList<>();
      List<Embedding> embeddings = new ArrayList<>();
      List<TextSegment> texts = new ArrayList<>();
      for (int i = from; i < Math.min(data.length, from + options.batch()); i++) {
        ids.add(Integer.toString(i));
        embeddings.add(Embedding.from(data[i]));
        texts.add(TextSegment.from("d" + i));
      }
      store.addAll(ids, embeddings, texts);
    }
    double ingestSeconds = (System.nanoTime() - start) / 1e9;
    long[] micros = new long[queries.length];
    double recall = 0;
    for (int pass = 0; pass < 2; pass++) {
      recall = 0;
      for (int q = 0; q < queries.length; q++) {
        long t = System.nanoTime();
        List<EmbeddingMatch<TextSegment>> hits =
            store
                .search(
                    EmbeddingSearchRequest.builder()
                        .queryEmbedding(Embedding.from(queries[q]))
                        .maxResults(K)
                        .build())
                .matches();
        micros[q] = (System.nanoTime() - t) / 1000;
        Set<Integer> found = new HashSet<>();
        hits.forEach(hit -> found.add(Integer.parseInt(hit.embeddingId())));
        found.retainAll(exact.get(q));
        recall += found.size() / (double) K;
      }
    }
    return figures(
        "langchain4j-in-memory",
        options,
        recall / queries.length,
        micros,
        data.length / ingestSeconds);
  }

  private static Map<String, Object> figures(
      String contestant, Options options, double recall, long[] micros, double ingestPerSecond) {
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("scenario", "memory");
    figures.put("contestant", contestant);
    figures.put("vectors", options.vectors());
    figures.put("dimensions", options.dimensions());
    figures.put("queries", options.queries());
    figures.put("recall_at_10", Math.round(recall * 1000) / 1000.0);
    figures.put("p50_us", sorted[(int) Math.floor(0.50 * (sorted.length - 1))]);
    figures.put("p99_us", sorted[(int) Math.floor(0.99 * (sorted.length - 1))]);
    figures.put("ingest_per_s", Math.round(ingestPerSecond));
    return figures;
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
