package dev.cadre.memory.documents;

import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryFilter;
import dev.cadre.memory.MemoryQuery;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.Scope;
import dev.cadre.memory.ScoredEntry;
import dev.cadre.tool.Tool;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code search_documents} tool: searches what a {@link DocumentIngestor} wrote and answers
 * each result with a citation (source, characters, page, section) the model can quote.
 */
public final class DocumentSearch {

  /** The tool's name. */
  public static final String NAME = "search_documents";

  /** The most results one call returns. */
  public static final int MAX_RESULTS = 10;

  private DocumentSearch() {}

  /** The arguments of {@code search_documents}. */
  public record Arguments(String query, Optional<Integer> limit) {}

  /** A citation of {@code entry}: {@code guide.md, characters 120-560, section "Refunds"}. */
  public static String citation(MemoryEntry entry) {
    var a = entry.attributes();
    StringBuilder out =
        new StringBuilder(entry.source() == null ? "unknown source" : entry.source());
    if (a.containsKey("page")) {
      out.append(", page ").append(a.get("page"));
    }
    out.append(", characters ").append(a.get("start")).append('-').append(a.get("end"));
    String heading = a.getOrDefault("heading", "");
    if (!heading.isEmpty()) {
      out.append(", section \"").append(heading).append('"');
    }
    return out.toString();
  }

  /** The chunk's own text, without the heading path that leads it in the store. */
  public static String quote(MemoryEntry entry) {
    String heading = entry.attributes().getOrDefault("heading", "");
    String text = entry.text();
    return !heading.isEmpty() && text.startsWith(heading + "\n\n")
        ? text.substring(heading.length() + 2)
        : text;
  }

  /** The tool, searching the documents of {@code scopes} in {@code store} (hybrid search). */
  public static Tool tool(MemoryStore store, Set<Scope> scopes) {
    Set<Scope> readable = Set.copyOf(scopes);
    return Tool.fromRecord(
        NAME,
        "Search the documents. Each result starts with its citation in brackets (source, page,"
            + " characters, section); quote the citation when you use a result.",
        Arguments.class,
        args -> {
          String query = args.query() == null ? "" : args.query().strip();
          if (query.isEmpty()) {
            throw new IllegalArgumentException("query is empty; say what to look for");
          }
          int limit = args.limit().orElse(3);
          if (limit < 1 || limit > MAX_RESULTS) {
            throw new IllegalArgumentException("limit is " + limit + "; use 1 to " + MAX_RESULTS);
          }
          List<ScoredEntry> hits =
              store.search(
                  new MemoryQuery(
                      query,
                      readable,
                      MemoryFilter.ANY.withTags(List.of(DocumentIngestor.TAG)),
                      limit,
                      MemoryQuery.SearchMode.HYBRID));
          if (hits.isEmpty()) {
            return "no document matches";
          }
          StringBuilder out = new StringBuilder();
          for (ScoredEntry hit : hits) {
            out.append('[')
                .append(citation(hit.entry()))
                .append("]\n")
                .append(quote(hit.entry()))
                .append("\n\n");
          }
          return out.toString().strip();
        });
  }
}
