package dev.cadre.memory;

import dev.cadre.tool.Tool;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code remember} and {@code recall} tools, which let an agent's model write to and search a
 * {@link MemoryStore} itself, in the scopes given here (the model never picks a scope).
 *
 * <pre>{@code
 * MemoryTools memory = MemoryTools.of(store, Scope.user("alice"), Set.of(Scope.user("alice")));
 * AssistantAgent agent = AssistantAgent.builder("support")
 *     .tools(memory.remember(), memory.recall())
 *     .toolApproval(ToolApprover.askPerson(input), MemoryTools.REMEMBER) // writes need a person
 *     .build();
 * }</pre>
 *
 * <p>Writes can be gated by a person through the agent's tool approval, as above: a refused {@code
 * remember} writes nothing and the model reads why. What the model writes is bounded ({@value
 * #MAX_TEXT} characters, {@value #MAX_TAGS} tags); a bad argument is an error the model reads.
 */
public final class MemoryTools {

  /** The name of the tool that writes. */
  public static final String REMEMBER = "remember";

  /** The name of the tool that searches. */
  public static final String RECALL = "recall";

  /** The longest text one {@code remember} call may store. */
  public static final int MAX_TEXT = 2000;

  /** The most tags one {@code remember} call may set. */
  public static final int MAX_TAGS = 10;

  /** The most results one {@code recall} call returns. */
  public static final int MAX_RESULTS = 20;

  private final MemoryStore store;
  private final Scope writeScope;
  private final Set<Scope> readScopes;
  private final String source;

  private MemoryTools(MemoryStore store, Scope writeScope, Set<Scope> readScopes, String source) {
    this.store = Objects.requireNonNull(store, "store");
    this.writeScope = Objects.requireNonNull(writeScope, "writeScope");
    this.readScopes = Set.copyOf(readScopes);
    if (this.readScopes.isEmpty()) {
      throw new IllegalArgumentException("recall needs at least one scope to read");
    }
    this.source = source;
  }

  /**
   * Tools that write to {@code writeScope} and search {@code readScopes}; entries written have the
   * source {@code "remember"}.
   */
  public static MemoryTools of(MemoryStore store, Scope writeScope, Set<Scope> readScopes) {
    return new MemoryTools(store, writeScope, readScopes, REMEMBER);
  }

  /** The arguments of {@code remember}. */
  public record RememberArguments(String text, Optional<List<String>> tags) {}

  /** The arguments of {@code recall}. */
  public record RecallArguments(String query, Optional<Integer> limit) {}

  /** The tool that stores a fact: {@code {"text": "...", "tags": ["..."]}}. */
  public Tool remember() {
    return Tool.fromRecord(
        REMEMBER,
        "Store a durable fact for later conversations (a preference, a decision, a detail about"
            + " the user). One short, self-contained sentence per call.",
        RememberArguments.class,
        args -> {
          String text = args.text() == null ? "" : args.text().strip();
          if (text.isEmpty()) {
            throw new IllegalArgumentException("text is empty; give the fact to remember");
          }
          if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException(
                "text has " + text.length() + " characters; keep it under " + MAX_TEXT);
          }
          List<String> tags = args.tags().orElse(List.of());
          if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException(
                "tags has " + tags.size() + " entries; at most " + MAX_TAGS);
          }
          for (String tag : tags) {
            if (tag == null || tag.isBlank() || tag.length() > 64 || tag.contains(",")) {
              throw new IllegalArgumentException(
                  "each tag must be 1 to 64 characters without commas");
            }
          }
          MemoryEntry entry =
              MemoryEntry.builder(writeScope, text).source(source).tags(tags).build();
          store.put(entry);
          return "remembered (id " + entry.id() + ")";
        });
  }

  /** The tool that searches: {@code {"query": "...", "limit": 5}}; answers one line per result. */
  public Tool recall() {
    return Tool.fromRecord(
        RECALL,
        "Search what was stored earlier about the user and past conversations. Returns the most"
            + " relevant facts, best first, with when they were stored.",
        RecallArguments.class,
        args -> {
          String query = args.query() == null ? "" : args.query().strip();
          if (query.isEmpty()) {
            throw new IllegalArgumentException("query is empty; say what to look for");
          }
          int limit = args.limit().orElse(5);
          if (limit < 1 || limit > MAX_RESULTS) {
            throw new IllegalArgumentException("limit is " + limit + "; use 1 to " + MAX_RESULTS);
          }
          List<ScoredEntry> hits =
              store.search(new MemoryQuery(query, readScopes, MemoryFilter.ANY, limit, null));
          if (hits.isEmpty()) {
            return "nothing stored matches";
          }
          StringBuilder out = new StringBuilder();
          for (ScoredEntry hit : hits) {
            out.append("- ")
                .append(hit.entry().text())
                .append(" (stored ")
                .append(hit.entry().time())
                .append(")\n");
          }
          return out.toString().strip();
        });
  }
}
