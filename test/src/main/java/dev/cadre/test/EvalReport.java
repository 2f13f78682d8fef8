package dev.cadre.test;

import dev.cadre.model.Prices;
import dev.cadre.model.Usage;
import dev.cadre.present.Html;
import dev.cadre.test.Evaluation.CaseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an {@link Evaluation} found: each case's scores, tokens and cost, and the pass rates, as a
 * text table ({@link #table()}) and as HTML pages ({@link #write(Path)}): an index of the cases and
 * one transcript page per case.
 */
public final class EvalReport {

  private final List<CaseResult> cases;
  private final List<String> scorers;
  private final Prices prices;

  EvalReport(List<CaseResult> cases, List<String> scorers, Prices prices) {
    this.cases = List.copyOf(cases);
    this.scorers = List.copyOf(scorers);
    this.prices = prices;
  }

  /** Every case's outcome, in the dataset's order. */
  public List<CaseResult> cases() {
    return cases;
  }

  /** The share of cases that passed every scorer, from 0 to 1. */
  public double passRate() {
    return cases.stream().filter(CaseResult::passed).count() / (double) cases.size();
  }

  /** The share of cases that passed the scorer named {@code scorer}, from 0 to 1. */
  public double passRate(String scorer) {
    if (!scorers.contains(scorer)) {
      throw new IllegalArgumentException("no scorer named '" + scorer + "'; there are " + scorers);
    }
    long passed =
        cases.stream()
            .filter(c -> c.scores().stream().anyMatch(s -> s.scorer().equals(scorer) && s.passed()))
            .count();
    return passed / (double) cases.size();
  }

  /** The cases as a text table, one row each, then the pass rates; text cleaned for a terminal. */
  public String table() {
    List<String> header = new ArrayList<>(List.of("case", "result"));
    header.addAll(scorers);
    header.add("tokens");
    if (prices != null) {
      header.add("cost");
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (CaseResult c : cases) {
      List<String> row = new ArrayList<>();
      row.add(Transcripts.clean(c.evalCase().id()));
      row.add(c.passed() ? "pass" : c.failure() != null ? "error" : "fail");
      for (String scorer : scorers) {
        row.add(
            c.scores().stream()
                .filter(s -> s.scorer().equals(scorer))
                .map(s -> s.passed() ? "pass" : "fail")
                .findFirst()
                .orElse("-"));
      }
      row.add(Long.toString(usage(c).totalTokens()));
      if (prices != null) {
        row.add(RunCosts.of(c.events(), prices).shown());
      }
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == 0 ? "" : "  ").append(pad(row.get(i), widths[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    out.append(summary()).append('\n');
    return out.toString();
  }

  /** One line of pass rates: all scorers, then each. */
  public String summary() {
    StringBuilder out =
        new StringBuilder("passed ")
            .append(cases.stream().filter(CaseResult::passed).count())
            .append(" of ")
            .append(cases.size())
            .append(" (")
            .append(percent(passRate()))
            .append(")");
    for (String scorer : scorers) {
      out.append("; ").append(scorer).append(" ").append(percent(passRate(scorer)));
    }
    return out.toString();
  }

  /** The index page: pass rates, and a row per case linking to its transcript page. */
  public String html() {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .append(" style-src 'unsafe-inline'\">");
    out.append("<title>Evaluation</title><style>")
        .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}")
        .append(".pass{background:#e6f4ea}.fail{background:#fce8e6}")
        .append("</style></head><body>\n");
    out.append("<h1>Evaluation</h1>\n<p>").append(Html.escape(summary())).append("</p>\n");
    out.append("<table><tr><th>case</th><th>task</th><th>result</th>");
    for (String scorer : scorers) {
      out.append("<th>").append(Html.escape(scorer)).append("</th>");
    }
    out.append("<th>tokens</th>").append(prices == null ? "" : "<th>cost</th>").append("</tr>\n");
    for (int i = 0; i < cases.size(); i++) {
      CaseResult c = cases.get(i);
      String id = Html.escape(c.evalCase().id());
      out.append("<tr class=\"").append(c.passed() ? "pass" : "fail").append("\"><td>");
      if (c.transcriptHtml() != null) {
        out.append("<a href=\"").append(page(i)).append("\">").append(id).append("</a>");
      } else {
        out.append(id);
      }
      out.append("</td><td>").append(Html.escape(c.evalCase().task())).append("</td><td>");
      out.append(c.passed() ? "pass" : "fail");
      if (c.failure() != null) {
        out.append(": ").append(Html.escape(c.failure()));
      }
      out.append("</td>");
      for (String scorer : scorers) {
        out.append("<td>");
        c.scores().stream()
            .filter(s -> s.scorer().equals(scorer))
            .findFirst()
            .ifPresent(
                s ->
                    out.append(s.passed() ? "pass" : "fail")
                        .append(": ")
                        .append(Html.escape(s.reason())));
        out.append("</td>");
      }
      out.append("<td>").append(usage(c).totalTokens()).append("</td>");
      if (prices != null) {
        out.append("<td>").append(Html.escape(RunCosts.of(c.events(), prices).shown())).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n</body></html>\n");
    return out.toString();
  }

  /**
   * Writes {@code index.html} into {@code directory}, and each case's transcript beside it as
   * {@code case-<n>.html} (numbered, since a case id may be any text).
   */
  public void write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("index.html"), html(), StandardCharsets.UTF_8);
    for (int i = 0; i < cases.size(); i++) {
      String transcript = cases.get(i).transcriptHtml();
      if (transcript != null) {
        Files.writeString(directory.resolve(page(i)), transcript, StandardCharsets.UTF_8);
      }
    }
  }

  private static String page(int index) {
    return "case-" + (index + 1) + ".html";
  }

  private static Usage usage(CaseResult c) {
    return c.result() == null ? Usage.ZERO : c.result().usage();
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.0f%%", rate * 100);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
