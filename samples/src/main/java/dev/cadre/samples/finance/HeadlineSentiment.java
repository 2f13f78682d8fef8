package dev.cadre.samples.finance;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sentiment analyst's tool: scores a ticker's bundled headlines against word lists of positive
 * and negative words. A headline scores {@code (positive - negative) / (positive + negative)}, from
 * -1 to 1, and 0 when it has neither.
 */
public final class HeadlineSentiment {

  /** One dated headline about a ticker. */
  public record Headline(String date, String ticker, String text) {}

  /** How one headline scored, and the words that made it. */
  public record Scored(
      String date, String headline, double score, List<String> positive, List<String> negative) {}

  /** A ticker's headlines scored, with their average. */
  public record Sentiment(String ticker, List<Scored> headlines, double average) {}

  private final List<Headline> headlines;
  private final Set<String> positive;
  private final Set<String> negative;

  /** The tool on the bundled headlines, for team specs (see {@link PriceTools#PriceTools()}). */
  public HeadlineSentiment() {
    this(bundled());
  }

  private HeadlineSentiment(HeadlineSentiment bundled) {
    this(bundled.headlines, bundled.positive, bundled.negative);
  }

  /** Scores {@code headlines} with the {@code positive} and {@code negative} word lists. */
  public HeadlineSentiment(List<Headline> headlines, Set<String> positive, Set<String> negative) {
    this.headlines = List.copyOf(headlines);
    this.positive = Set.copyOf(positive);
    this.negative = Set.copyOf(negative);
  }

  /** The headlines and word lists bundled with the sample. */
  public static HeadlineSentiment bundled() {
    try (InputStream headlines = Resources.open("headlines.csv");
        InputStream positive = Resources.open("positive-words.txt");
        InputStream negative = Resources.open("negative-words.txt")) {
      return new HeadlineSentiment(
          readHeadlines(headlines, "headlines.csv"), readWords(positive), readWords(negative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Tool(
      name = "score_headlines",
      value =
          "Scores each recent news headline about a ticker from -1 (negative) to 1 (positive) with"
              + " a word lexicon, and averages them")
  public Sentiment scoreHeadlines(@Param("The ticker symbol, such as ACME") String ticker) {
    String symbol = PriceTools.symbol(ticker);
    List<Scored> scored =
        headlines.stream().filter(h -> h.ticker().equals(symbol)).map(this::score).toList();
    if (scored.isEmpty()) {
      throw new IllegalArgumentException(
          "no headlines for ticker '"
              + ticker
              + "'; there are headlines for "
              + headlines.stream().map(Headline::ticker).distinct().sorted().toList());
    }
    double average = scored.stream().mapToDouble(Scored::score).average().orElse(0);
    return new Sentiment(symbol, scored, PriceTools.round(average));
  }

  /** Scores one headline: matched words are lower-cased runs of letters. */
  public Scored score(Headline headline) {
    List<String> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    for (String word : headline.text().toLowerCase(Locale.ROOT).split("[^a-z]+")) {
      if (positive.contains(word)) {
        up.add(word);
      } else if (negative.contains(word)) {
        down.add(word);
      }
    }
    int matched = up.size() + down.size();
    double score = matched == 0 ? 0 : (double) (up.size() - down.size()) / matched;
    return new Scored(headline.date(), headline.text(), PriceTools.round(score), up, down);
  }

  static List<Headline> readHeadlines(InputStream in, String source) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (!"date,ticker,headline".equals(header)) {
      throw new IllegalArgumentException(
          source + ": the header must be 'date,ticker,headline', found '" + header + "'");
    }
    List<Headline> headlines = new ArrayList<>();
    String line;
    int number = 1;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      // The headline is the last cell, so it may hold commas of its own.
      String[] cells = line.split(",", 3);
      if (cells.length != 3) {
        throw new IllegalArgumentException(
            source + " line " + number + ": expected date,ticker,headline, found '" + line + "'");
      }
      headlines.add(new Headline(cells[0], cells[1], cells[2]));
    }
    return headlines;
  }

  static Set<String> readWords(InputStream in) throws IOException {
    Set<String> words = new HashSet<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      String word = line.strip().toLowerCase(Locale.ROOT);
      if (!word.isEmpty() && !word.startsWith("#")) {
        words.add(word);
      }
    }
    return words;
  }
}
