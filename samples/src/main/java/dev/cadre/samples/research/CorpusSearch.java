package dev.cadre.samples.research;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The researchers' search tool: BM25 ranking ({@link Bm25Index}) over the corpus, answering with
 * the best few documents, each with its id (what a citation names), title, score and the sentence
 * that matched best. Read-only once built, so concurrent researchers share one.
 */
public final class CorpusSearch {

  /** How many documents one search returns at most. */
  public static final int MAX_HITS = 3;

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final int SNIPPET_LIMIT = 200;

  private final Bm25Index index;

  /**
   * The search on the bundled corpus; the no-argument constructor lets a team spec name the tool
   * (the generated tool library makes the instance only when a spec uses it).
   */
  public CorpusSearch() {
    this(Corpus.bundled());
  }

  /** The search on {@code corpus}. */
  public CorpusSearch(Corpus corpus) {
    this.index = new Bm25Index(corpus);
  }

  /**
   * One search result.
   *
   * @param id the document's id, to cite as {@code [id]}
   * @param title the document's title
   * @param score its BM25 score, to two decimals
   * @param snippet the document's sentence that shares most words with the query
   */
  public record Hit(String id, String title, double score, String snippet) {}

  @Tool(
      "Searches the research corpus and returns the best matching documents, each with the id to"
          + " cite it by, its title, a relevance score and the sentence that matched best")
  public List<Hit> searchCorpus(
      @Param("What to look for, in a few keywords, such as 'heat pump emissions'") String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query is empty: give a few keywords to search for");
    }
    return index.rank(query).stream()
        .limit(MAX_HITS)
        .map(
            scored ->
                new Hit(
                    scored.document().id(),
                    scored.document().title(),
                    Math.round(scored.score() * 100) / 100.0,
                    snippet(scored.document(), query)))
        .toList();
  }

  private static String snippet(Document document, String query) {
    Set<String> wanted = Set.copyOf(Bm25Index.terms(query));
    String best = "";
    long bestCount = -1;
    for (String sentence : SENTENCE_END.split(document.text())) {
      long count = Bm25Index.terms(sentence).stream().filter(wanted::contains).count();
      if (count > bestCount) {
        best = sentence;
        bestCount = count;
      }
    }
    return best.length() <= SNIPPET_LIMIT ? best : best.substring(0, SNIPPET_LIMIT - 3) + "...";
  }
}
