package dev.cadre.samples.finance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Daily closing prices per ticker, read from a {@code date,ticker,close} CSV, oldest first. */
public final class PriceHistory {

  /** One day's closing price. */
  public record Close(String date, double price) {}

  private final Map<String, List<Close>> closes;

  private PriceHistory(Map<String, List<Close>> closes) {
    this.closes = closes;
  }

  /**
   * The prices bundled with the sample ({@code prices.csv}): three made-up tickers, 60 days each.
   */
  public static PriceHistory bundled() {
    try (InputStream in = Resources.open("prices.csv")) {
      return read(in, "prices.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a CSV with the header {@code date,ticker,close}; rows of a ticker must be in date order.
   *
   * @param source names the data in errors
   */
  public static PriceHistory read(InputStream in, String source) throws IOException {
    Map<String, List<Close>> closes = new LinkedHashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (!"date,ticker,close".equals(header)) {
      throw new IllegalArgumentException(
          source + ": the header must be 'date,ticker,close', found '" + header + "'");
    }
    String line;
    int number = 1;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != 3) {
        throw new IllegalArgumentException(
            source + " line " + number + ": expected date,ticker,close, found '" + line + "'");
      }
      double price;
      try {
        price = Double.parseDouble(cells[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            source + " line " + number + ": close '" + cells[2] + "' is not a number", e);
      }
      List<Close> series = closes.computeIfAbsent(cells[1], ticker -> new ArrayList<>());
      if (!series.isEmpty() && series.get(series.size() - 1).date().compareTo(cells[0]) >= 0) {
        throw new IllegalArgumentException(
            source + " line " + number + ": " + cells[1] + " rows must be in date order");
      }
      series.add(new Close(cells[0], price));
    }
    Map<String, List<Close>> frozen = new LinkedHashMap<>();
    closes.forEach((ticker, series) -> frozen.put(ticker, List.copyOf(series)));
    return new PriceHistory(Map.copyOf(frozen));
  }

  /** The tickers with prices, sorted. */
  public List<String> tickers() {
    return closes.keySet().stream().sorted().toList();
  }

  /**
   * The closes of {@code ticker} (case ignored), oldest first.
   *
   * @throws IllegalArgumentException naming the tickers there are, when there is no such one
   */
  public List<Close> closes(String ticker) {
    List<Close> series = closes.get(ticker.strip().toUpperCase(Locale.ROOT));
    if (series == null) {
      throw new IllegalArgumentException(
          "no prices for ticker '" + ticker + "'; the tickers are " + tickers());
    }
    return series;
  }

  /** The closing prices of {@code ticker}, oldest first. */
  public double[] prices(String ticker) {
    return closes(ticker).stream().mapToDouble(Close::price).toArray();
  }
}
