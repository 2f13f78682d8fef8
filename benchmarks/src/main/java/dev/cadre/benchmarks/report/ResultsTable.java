package dev.cadre.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results ({@code -rf json}) into the Markdown table of BENCHMARKS.md: one row per
 * benchmark, a column per contestant with its score and allocation per operation, and the ratios
 * Cadre/LangChain4j and Cadre/floor.
 *
 * <p>Ratios compare cost, so below 1 is in Cadre's favour whatever the mode: times are divided
 * as they are, throughputs the other way round.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.cadre.benchmarks.report.ResultsTable results.json...}
 */
public final class ResultsTable {

  private static final String[] CONTESTANTS = {"cadre", "langchain4j", "floor"};

  private ResultsTable() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: ResultsTable <jmh-results.json>...");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    for (String file : args) {
      System.out.print(render(json.readTree(Files.readString(Path.of(file)))));
    }
  }

  /** The table for a JMH results document. */
  public static String render(JsonNode results) {
    Map<String, Map<String, JsonNode>> rows = new LinkedHashMap<>();
    for (JsonNode result : results) {
      String benchmark = shortName(result.path("benchmark").asText());
      String contestant = result.path("params").path("contestant").asText("-");
      rows.computeIfAbsent(benchmark, key -> new LinkedHashMap<>()).put(contestant, result);
    }
    StringBuilder table = new StringBuilder();
    table.append("| benchmark | unit | Cadre | LangChain4j | floor | Cadre/LangChain4j | Cadre/floor |\n");
    table.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Map<String, JsonNode>> row : rows.entrySet()) {
      Map<String, JsonNode> byContestant = row.getValue();
      JsonNode any = byContestant.values().iterator().next();
      String unit = any.path("primaryMetric").path("scoreUnit").asText();
      boolean throughput = "thrpt".equals(any.path("mode").asText());
      table.append("| ").append(row.getKey()).append(" | ").append(unit);
      for (String contestant : CONTESTANTS) {
        table.append(" | ").append(cell(byContestant.get(contestant)));
      }
      table.append(" | ").append(ratio(byContestant, "langchain4j", throughput));
      table.append(" | ").append(ratio(byContestant, "floor", throughput));
      table.append(" |\n");
    }
    return table.toString();
  }

  private static String cell(JsonNode result) {
    if (result == null) {
      return "n/a";
    }
    JsonNode primary = result.path("primaryMetric");
    String cell = number(primary.path("score").asDouble());
    double error = primary.path("scoreError").asDouble(Double.NaN);
    if (!Double.isNaN(error)) {
      cell += " ± " + number(error);
    }
    JsonNode allocation = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
    if (!allocation.isMissingNode()) {
      cell += " (" + bytes(allocation.path("score").asDouble()) + "/op)";
    }
    return cell;
  }

  private static String ratio(Map<String, JsonNode> row, String other, boolean throughput) {
    JsonNode cadre = row.get("cadre");
    JsonNode them = row.get(other);
    if (cadre == null || them == null) {
      return "n/a";
    }
    double ours = cadre.path("primaryMetric").path("score").asDouble();
    double theirs = them.path("primaryMetric").path("score").asDouble();
    double ratio = throughput ? theirs / ours : ours / theirs;
    return String.format(Locale.ROOT, "%.2f", ratio);
  }

  private static String shortName(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  private static String number(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String bytes(double value) {
    if (value >= 10_240) {
      return String.format(Locale.ROOT, "%.0f KB", value / 1024);
    }
    return String.format(Locale.ROOT, "%.0f B", value);
  }
}
