package dev.cadre.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ResponseFormat;
import dev.cadre.tool.JsonSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Distils durable facts from a conversation into a {@link MemoryStore}, as Mem0 does: after a turn,
 * {@link #afterTurn} asks a model which facts are worth keeping ("the customer prefers email"),
 * drops those already stored, and writes the rest to its scope.
 *
 * <p>A fact is a duplicate when the store already holds one of the same text (ignoring case), or
 * one whose vector is at least {@link Builder#duplicateSimilarity} similar (0.9 by default); facts
 * repeated within one answer count once. Every outcome is a {@link MemoryEvent} handed to the
 * listener and returned: a write, a duplicate skipped, or a failure. What the model writes is
 * untrusted: a reply that is not the JSON asked for is a {@link MemoryEvent.Failed}, never an
 * exception, and at most {@value #MAX_FACTS} facts of up to {@value #MAX_FACT_LENGTH} characters
 * are taken from one reply.
 */
public final class MemoryExtractor {

  /** The instructions the model gets unless {@link Builder#prompt} replaces them. */
  public static final String DEFAULT_PROMPT =
      "You keep long-term memory for an assistant. From the conversation below, list the durable"
          + " facts worth remembering in later conversations: preferences, personal details,"
          + " decisions, commitments. Leave out small talk, questions, and anything true only for"
          + " this moment. Write each fact as one short sentence that stands on its own (name the"
          + " person). Answer as JSON: {\"facts\": [\"...\"]}, with an empty list when there is"
          + " nothing to keep.";

  /** The most facts taken from one reply. */
  public static final int MAX_FACTS = 20;

  /** The longest fact taken; longer ones are refused as a failure. */
  public static final int MAX_FACT_LENGTH = 500;

  /** The source of every entry the extractor writes. */
  public static final String SOURCE = "extractor";

  private static final ResponseFormat FACTS =
      ResponseFormat.jsonSchema(
          "facts",
          JsonSchemas.object()
              .property("facts", JsonSchemas.arrayOf(JsonSchemas.string()), "durable facts")
              .build());

  private final ChatModel model;
  private final MemoryStore store;
  private final Scope scope;
  private final String prompt;
  private final double duplicateSimilarity;
  private final Consumer<MemoryEvent> listener;

  private MemoryExtractor(Builder b) {
    this.model = b.model;
    this.store = b.store;
    this.scope = b.scope;
    this.prompt = b.prompt;
    this.duplicateSimilarity = b.duplicateSimilarity;
    this.listener = b.listener;
  }

  /** Starts an extractor asking {@code model} and writing to {@code scope} of {@code store}. */
  public static Builder builder(ChatModel model, MemoryStore store, Scope scope) {
    return new Builder(model, store, scope);
  }

  /**
   * Extracts facts from {@code turn} (the messages of the turn just ended, or more), writes the new
   * ones, and returns what happened, in order.
   *
   * @param session the conversation's id, kept on each entry; may be null
   */
  public List<MemoryEvent> afterTurn(List<ChatMessage> turn, String session) {
    List<MemoryEvent> events = new ArrayList<>();
    String transcript = transcript(turn);
    if (transcript.isEmpty()) {
      return List.of();
    }
    String reply;
    try {
      reply =
          model
              .chat(
                  ChatRequest.builder()
                      .message(ChatMessage.system(prompt))
                      .message(ChatMessage.user(transcript))
                      .responseFormat(FACTS)
                      .build())
              .text();
    } catch (RuntimeException e) {
      return emit(events, new MemoryEvent.Failed("the extraction model failed: " + e.getMessage()));
    }
    List<String> facts;
    try {
      facts = facts(reply);
    } catch (IllegalArgumentException e) {
      return emit(events, new MemoryEvent.Failed(e.getMessage()));
    }
    List<String> seen = new ArrayList<>();
    for (String fact : facts) {
      String normal = fact.toLowerCase(Locale.ROOT);
      if (seen.contains(normal)) {
        continue;
      }
      seen.add(normal);
      ScoredEntry existing = duplicate(fact);
      if (existing != null) {
        emit(events, new MemoryEvent.Duplicate(fact, existing.entry(), existing.score()));
        continue;
      }
      MemoryEntry entry = MemoryEntry.builder(scope, fact).source(SOURCE).session(session).build();
      try {
        store.put(entry);
      } catch (RuntimeException e) {
        emit(events, new MemoryEvent.Failed("writing '" + fact + "' failed: " + e.getMessage()));
        continue;
      }
      emit(events, new MemoryEvent.Written(entry));
    }
    return List.copyOf(events);
  }

  private List<MemoryEvent> emit(List<MemoryEvent> events, MemoryEvent event) {
    events.add(event);
    listener.accept(event);
    return List.copyOf(events);
  }

  private ScoredEntry duplicate(String fact) {
    List<ScoredEntry> near =
        store.search(new MemoryQuery(fact, Set.of(scope), null, 3, MemoryQuery.SearchMode.VECTOR));
    for (ScoredEntry hit : near) {
      if (hit.entry().text().strip().equalsIgnoreCase(fact)) {
        return new ScoredEntry(hit.entry(), 1.0);
      }
    }
    return near.isEmpty() || near.get(0).score() < duplicateSimilarity ? null : near.get(0);
  }

  /** The facts in the model's reply, checked. */
  static List<String> facts(String reply) {
    if (reply == null || reply.isBlank()) {
      throw new IllegalArgumentException("the extraction model answered nothing");
    }
    JsonNode json;
    try {
      json = Json.parse(reply.strip());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the extraction model's answer is not JSON (" + e.getOriginalMessage() + ")");
    }
    JsonNode list = json.path("facts");
    if (!list.isArray()) {
      throw new IllegalArgumentException("the extraction model's answer has no \"facts\" list");
    }
    if (list.size() > MAX_FACTS) {
      throw new IllegalArgumentException(
          "the extraction model listed " + list.size() + " facts; at most " + MAX_FACTS);
    }
    List<String> facts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode fact = list.get(i);
      if (!fact.isTextual()) {
        throw new IllegalArgumentException("facts[" + i + "] is not text");
      }
      String text = fact.asText().strip();
      if (text.length() > MAX_FACT_LENGTH) {
        throw new IllegalArgumentException(
            "facts[" + i + "] has " + text.length() + " characters; at most " + MAX_FACT_LENGTH);
      }
      if (!text.isEmpty()) {
        facts.add(text);
      }
    }
    return facts;
  }

  /** The user and assistant text of {@code turn}, one {@code role: text} paragraph each. */
  private static String transcript(List<ChatMessage> turn) {
    StringBuilder out = new StringBuilder();
    for (ChatMessage message : turn) {
      String role = null;
      String text = null;
      if (message instanceof ChatMessage.User user) {
        role = "user";
        text = user.content();
      } else if (message instanceof ChatMessage.Assistant assistant) {
        role = "assistant";
        text = assistant.content();
      }
      if (text != null && !text.isBlank()) {
        out.append(role).append(": ").append(text.strip()).append("\n\n");
      }
    }
    return out.toString().strip();
  }

  /** Builds a {@link MemoryExtractor}. */
  public static final class Builder {
    private final ChatModel model;
    private final MemoryStore store;
    private final Scope scope;
    private String prompt = DEFAULT_PROMPT;
    private double duplicateSimilarity = 0.9;
    private Consumer<MemoryEvent> listener = event -> {};

    private Builder(ChatModel model, MemoryStore store, Scope scope) {
      this.model = Objects.requireNonNull(model, "model");
      this.store = Objects.requireNonNull(store, "store");
      this.scope = Objects.requireNonNull(scope, "scope");
    }

    /**
     * Replaces {@link #DEFAULT_PROMPT}. The reply must still be {@code {"facts": [...]}}: say so in
     * the prompt.
     */
    public Builder prompt(String prompt) {
      Objects.requireNonNull(prompt, "prompt");
      if (prompt.isBlank()) {
        throw new IllegalArgumentException("the extraction prompt must not be blank");
      }
      this.prompt = prompt;
      return this;
    }

    /** How similar (cosine, 0 to 1) a stored entry must be for a fact to count as known. */
    public Builder duplicateSimilarity(double similarity) {
      if (!(similarity > 0 && similarity <= 1)) {
        throw new IllegalArgumentException(
            "duplicateSimilarity must be above 0 and at most 1, was " + similarity);
      }
      this.duplicateSimilarity = similarity;
      return this;
    }

    /** Receives every event as it happens. */
    public Builder listener(Consumer<MemoryEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The extractor. */
    public MemoryExtractor build() {
      return new MemoryExtractor(this);
    }
  }
}
