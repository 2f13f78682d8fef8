package dev.cadre.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one model call sends. Build with {@link #builder()}.
 *
 * @param messages the conversation, system message first if there is one
 * @param tools the tools the model may call
 * @param toolChoice whether and which tools it may call; null leaves it to the provider
 * @param responseFormat a JSON schema the reply must match, or null for free text
 * @param temperature sampling temperature, or null for the provider's default
 * @param maxTokens the most tokens to write, or null for the client's default
 * @param stop stop sequences
 * @param seed a sampling seed where the provider supports one, or null
 * @param parallelToolCalls whether several tool calls may come in one turn; null for the default
 * @param extra provider arguments Cadre does not model, merged into the request body as given
 * @param reasoningEffort how hard a reasoning model thinks, or null for its default
 * @param verbosity how long the answer is, or null for the model's default
 * @param cachePolicy which parts of the request to mark for prompt caching; null is {@link
 *     CachePolicy#OFF}
 */
public record ChatRequest(
    List<ChatMessage> messages,
    List<ToolSpec> tools,
    ToolChoice toolChoice,
    ResponseFormat responseFormat,
    Double temperature,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    Boolean parallelToolCalls,
    Map<String, JsonNode> extra,
    ReasoningEffort reasoningEffort,
    Verbosity verbosity,
    CachePolicy cachePolicy) {

  /** Copies the lists; a {@code null} cache policy is {@link CachePolicy#OFF}. */
  public ChatRequest {
    cachePolicy = cachePolicy == null ? CachePolicy.OFF : cachePolicy;
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    tools = tools == null ? List.of() : List.copyOf(tools);
    stop = stop == null ? List.of() : List.copyOf(stop);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
    if (maxTokens != null && maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
  }

  /** Starts an empty request. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The tool choice a provider should send: null when there is none, or when the request has no
   * tools and the choice is auto or none (providers reject a tool choice without tools, and these
   * two then mean nothing).
   *
   * @throws IllegalArgumentException when the choice needs tools the request does not have
   */
  public ToolChoice toolChoiceToSend() {
    if (toolChoice == null) {
      return null;
    }
    if (tools.isEmpty()) {
      if (toolChoice.mode() == ToolChoice.Mode.AUTO || toolChoice.mode() == ToolChoice.Mode.NONE) {
        return null;
      }
      throw new IllegalArgumentException(
          "toolChoice "
              + toolChoice.mode()
              + " needs tools, but the request has none: add the tools or drop the tool choice");
    }
    if (toolChoice.mode() == ToolChoice.Mode.TOOL
        && tools.stream().noneMatch(tool -> tool.name().equals(toolChoice.toolName()))) {
      throw new IllegalArgumentException(
          "toolChoice names tool '"
              + toolChoice.toolName()
              + "', which is not among the request's tools "
              + tools.stream().map(ToolSpec::name).toList());
    }
    return toolChoice;
  }

  /**
   * This request with {@code effort} and {@code verbosity} where it sets none: a model's own
   * defaults, which the request's settings override. A null argument changes nothing.
   */
  public ChatRequest withDefaults(ReasoningEffort effort, Verbosity words) {
    boolean setEffort = reasoningEffort == null && effort != null;
    boolean setWords = verbosity == null && words != null;
    if (!setEffort && !setWords) {
      return this;
    }
    Builder b = toBuilder();
    if (setEffort) {
      b.reasoningEffort(effort);
    }
    if (setWords) {
      b.verbosity(words);
    }
    return b.build();
  }

  /** A builder that starts from this request, to change a field or two. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.messages.addAll(messages);
    b.tools.addAll(tools);
    b.toolChoice = toolChoice;
    b.responseFormat = responseFormat;
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.stop.addAll(stop);
    b.seed = seed;
    b.parallelToolCalls = parallelToolCalls;
    b.extra.putAll(extra);
    b.reasoningEffort = reasoningEffort;
    b.verbosity = verbosity;
    b.cachePolicy = cachePolicy;
    return b;
  }

  /** Builds a {@link ChatRequest}. */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private final List<ToolSpec> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private ResponseFormat responseFormat;
    private Double temperature;
    private Integer maxTokens;
    private final List<String> stop = new ArrayList<>();
    private Long seed;
    private Boolean parallelToolCalls;
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();
    private ReasoningEffort reasoningEffort;
    private Verbosity verbosity;
    private CachePolicy cachePolicy;

    private Builder() {}

    /** Adds a message to the conversation. */
    public Builder message(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Adds messages to the conversation, in order. */
    public Builder messages(List<? extends ChatMessage> messages) {
      messages.forEach(this::message);
      return this;
    }

    /** Offers the model a tool. */
    public Builder tool(ToolSpec tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /** Offers the model tools. */
    public Builder tools(List<ToolSpec> tools) {
      tools.forEach(this::tool);
      return this;
    }

    /** Sets whether and which tools the model may call. */
    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    /** Asks for JSON that matches a schema. */
    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /** Sets the sampling temperature; {@code null} for the provider's default. */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Caps the reply's tokens; {@code null} for the provider's default. */
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Adds sequences that end the reply. */
    public Builder stop(String... sequences) {
      stop.addAll(List.of(sequences));
      return this;
    }

    /** Sets the sampling seed, where the provider supports one. */
    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets whether the model may call several tools at once; {@code null} for the provider's
     * default.
     */
    public Builder parallelToolCalls(Boolean parallelToolCalls) {
      this.parallelToolCalls = parallelToolCalls;
      return this;
    }

    /** A provider argument Cadre does not model, written into the request body as given. */
    public Builder extra(String name, JsonNode value) {
      extra.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** How hard a reasoning model thinks; null for its default. */
    public Builder reasoningEffort(ReasoningEffort reasoningEffort) {
      this.reasoningEffort = reasoningEffort;
      return this;
    }

    /** How long the answer is; null for the model's default. */
    public Builder verbosity(Verbosity verbosity) {
      this.verbosity = verbosity;
      return this;
    }

    /** Which parts of the request to mark for prompt caching; null is {@link CachePolicy#OFF}. */
    public Builder cachePolicy(CachePolicy cachePolicy) {
      this.cachePolicy = cachePolicy;
      return this;
    }

    /** Builds the request. */
    public ChatRequest build() {
      return new ChatRequest(
          messages,
          tools,
          toolChoice,
          responseFormat,
          temperature,
          maxTokens,
          stop,
          seed,
          parallelToolCalls,
          extra,
          reasoningEffort,
          verbosity,
          cachePolicy);
    }
  }
}
