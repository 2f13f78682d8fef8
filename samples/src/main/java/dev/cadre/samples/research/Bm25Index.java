package dev.cadre.samples.research;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Okapi BM25 ranking over a {@link Corpus}, built once: what {@link CorpusSearch} ranks with. Terms
 * are lower-cased words and numbers, stop words dropped and a plural {@code s} stripped, so that
 * "heat pumps" finds "heat pump"; a document's title counts as part of its text.
 */
final class Bm25Index {

  // The usual defaults: term-frequency saturation and length normalisation.
  private static final double K1 = 1.2;
  private static final double B = 0.75;

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
          "has", "have", "how", "if", "in", "into", "is", "it", "its", "more", "most", "of", "on",
          "or", "so", "than", "that", "the", "their", "them", "there", "they", "this", "to", "up",
          "was", "we", "what", "when", "which", "while", "who", "why", "will", "with", "would");

  /** A document's score for a query. */
  record Scored(Document document, double score) {}

  private final List<Document> documents;
  private final List<Map<String, Integer>> frequencies = new ArrayList<>();
  private final List<Integer> lengths = new ArrayList<>();
  private final Map<String, Integer> documentFrequency = new HashMap<>();
  private final double averageLength;

  Bm25Index(Corpus corpus) {
    this.documents = corpus.documents();
    long total = 0;
    for (Document document : documents) {
      List<String> terms = terms(document.title() + " " + document.text());
      Map<String, Integer> counts = new HashMap<>();
      terms.forEach(term -> counts.merge(term, 1, Integer::sum));
      counts.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
      frequencies.add(counts);
      lengths.add(terms.size());
      total += terms.size();
    }
    this.averageLength = (double) total / documents.size();
  }

  /** Documents that share at least one term with {@code query}, best first (ties by id). */
  List<Scored> rank(String query) {
    Set<String> wanted = new LinkedHashSet<>(terms(query));
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      double score = 0;
      for (String term : wanted) {
        int tf = frequencies.get(i).getOrDefault(term, 0);
        if (tf == 0) {
          continue;
        }
        double norm = K1 * (1 - B + B * lengths.get(i) / averageLength);
        score += idf(term) * tf * (K1 + 1) / (tf + norm);
      }
      if (score > 0) {
        scored.add(new Scored(documents.get(i), score));
      }
    }
    scored.sort(
        Comparator.comparingDouble(Scored::score)
            .reversed()
            .thenComparing(hit -> hit.document().id()));
    return scored;
  }

  private double idf(String term) {
    int n = documents.size();
    int df = documentFrequency.getOrDefault(term, 0);
    // BM25+'s non-negative form: a term in most documents still counts a little.
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The index terms of {@code text}, in order, repeats kept. */
  static List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    for (String word : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (word.isEmpty() || STOP_WORDS.contains(word)) {
        continue;
      }
      terms.add(stem(word));
    }
    return terms;
  }

  private static String stem(String word) {
    boolean plural =
        word.length() > 3
            && word.endsWith("s")
            && !word.endsWith("ss")
            && !word.endsWith("us")
            && !word.endsWith("is");
    return plural ? word.substring(0, word.length() - 1) : word;
  }
}
