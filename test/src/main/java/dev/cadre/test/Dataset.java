package dev.cadre.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cases of an evaluation, read from JSON lines ({@code {"id": "...", "task": "...", "expected":
 * "..."}} a line) or CSV (a header row naming the columns, then a case a row; fields in double
 * quotes may hold commas, line breaks and doubled quotes). {@code task} is required; {@code id}
 * defaults to the line number; every other field is kept by name. A bad line fails naming the file
 * and the line.
 */
public final class Dataset {

  private final List<EvalCase> cases;

  private Dataset(List<EvalCase> cases) {
    this.cases = List.copyOf(cases);
  }

  /** A dataset of these cases. */
  public static Dataset of(EvalCase... cases) {
    return checked(List.of(cases), "the dataset");
  }

  /** Reads {@code file}: CSV when its name ends in {@code .csv}, JSON lines otherwise. */
  public static Dataset read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") ? fromCsv(file) : fromJsonLines(file);
  }

  /** Reads a JSON-lines file; blank lines and lines starting with {@code #} are skipped. */
  public static Dataset fromJsonLines(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<EvalCase> cases = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      JsonNode node;
      try {
        node = Json.parse(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            where + ": not valid JSON: " + e.getOriginalMessage(), e);
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException(where + ": each line must be a JSON object");
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        if (!value.isNull()) {
          fields.put(field.getKey(), value.isTextual() ? value.asText() : value.toString());
        }
      }
      cases.add(toCase(fields, i + 1, where));
    }
    return checked(cases, file.toString());
  }

  /** Reads a CSV file with a header row. */
  public static Dataset fromCsv(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<Row> rows = Csv.rows(text, file.toString());
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": the CSV file is empty; it needs a header row");
    }
    List<String> header = rows.get(0).cells();
    List<EvalCase> cases = new ArrayList<>();
    for (Row row : rows.subList(1, rows.size())) {
      String where = file + ":" + row.line();
      if (row.cells().size() != header.size()) {
        throw new IllegalArgumentException(
            where
                + ": the row has "
                + row.cells().size()
                + " fields and the header "
                + header.size()
                + " "
                + header);
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        fields.put(header.get(c).strip(), row.cells().get(c));
      }
      cases.add(toCase(fields, row.line(), where));
    }
    return checked(cases, file.toString());
  }

  /** The cases, in the file's order. */
  public List<EvalCase> cases() {
    return cases;
  }

  private static EvalCase toCase(Map<String, String> fields, int line, String where) {
    String task = fields.remove("task");
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException(where + ": the case has no \"task\"");
    }
    String id = fields.remove("id");
    String expected = fields.remove("expected");
    return new EvalCase(
        id == null || id.isBlank() ? "line-" + line : id,
        task,
        expected == null || expected.isEmpty() ? null : expected,
        fields);
  }

  private static Dataset checked(List<EvalCase> cases, String source) {
    if (cases.isEmpty()) {
      throw new IllegalArgumentException(source + ": the dataset has no case in it");
    }
    Set<String> ids = new HashSet<>();
    for (EvalCase c : cases) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException(source + ": two cases have the id '" + c.id() + "'");
      }
    }
    return new Dataset(cases);
  }

  /** A CSV row and the line it starts on. */
  record Row(int line, List<String> cells) {}

  /** RFC 4180 CSV: quoted fields may hold separators, line breaks and doubled quotes. */
  static final class Csv {
    private Csv() {}

    static List<Row> rows(String text, String source) {
      List<Row> rows = new ArrayList<>();
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      boolean afterQuote = false;
      int line = 1;
      int rowLine = 1;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              cell.append('"');
              i++;
            } else {
              quoted = false;
              afterQuote = true;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            cell.append(c);
          }
        } else if (c == '"' && cell.length() == 0 && !afterQuote) {
          quoted = true;
        } else if (c == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
          afterQuote = false;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          cells.add(cell.toString());
          cell.setLength(0);
          afterQuote = false;
          if (!(cells.size() == 1 && cells.get(0).isEmpty())) {
            rows.add(new Row(rowLine, List.copyOf(cells)));
          }
          cells.clear();
          line++;
          rowLine = line;
        } else if (afterQuote) {
          throw new IllegalArgumentException(
              source + ":" + line + ": text after a closing quote; double a quote inside a field");
        } else {
          cell.append(c);
        }
      }
      if (quoted) {
        throw new IllegalArgumentException(
            source + ":" + rowLine + ": a quoted field is never closed");
      }
      if (cell.length() > 0 || !cells.isEmpty()) {
        cells.add(cell.toString());
        rows.add(new Row(rowLine, List.copyOf(cells)));
      }
      return rows;
    }
  }
}
