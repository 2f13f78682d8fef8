package dev.cadre.model.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.StreamListener;
import dev.cadre.model.http.HttpModelClient;
import dev.cadre.model.http.RetryPolicy;
import dev.cadre.model.http.Secrets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A {@link ChatModel} for Claude over Anthropic's Messages API ({@code POST /v1/messages}), and for
 * gateways that speak the same protocol.
 *
 * <p>How Cadre's request maps onto the Messages API, where the two differ:
 *
 * <ul>
 *   <li>System messages, wherever they stand, become the top-level {@code system} text, joined by
 *       blank lines. Consecutive messages of one role are merged into one message, since the API
 *       expects user and assistant turns to alternate; within a merged user message the {@code
 *       tool_result} blocks go first, as the API requires.
 *   <li>A tool call whose arguments are not a JSON object (the model wrote something unparsable, or
 *       a scalar) is sent back as {@code {"_raw": "<the text>"}} rather than failing the whole
 *       conversation: the model can see what it wrote and correct itself.
 *   <li>{@code seed} has no Anthropic counterpart and is ignored; so are the {@code name}s of user
 *       and assistant messages. {@code max_tokens} is mandatory for the API, so {@link
 *       Builder#defaultMaxTokens} fills it when the request has none.
 *   <li>Usage counts prompt tokens read from or written to the prompt cache as input tokens, so
 *       that totals compare with other providers'.
 *   <li>{@code extra} entries are merged into the body last and may override anything except {@code
 *       stream}, which {@link #chat} and {@link #stream} decide.
 * </ul>
 *
 * <p><b>Structured output.</b> By default a {@link dev.cadre.model.ResponseFormat} is served with a
 * synthetic tool: a tool named after the format whose {@code input_schema} is the response schema,
 * forced with {@code tool_choice} {@code {"type":"tool"}} when the request offers no other tools
 * and {@code {"type":"any"}} when it does (the model may then still call a real tool first). When
 * the model calls that tool, its input becomes the reply's text and the finish reason {@link
 * dev.cadre.model.FinishReason#STOP}; if it calls real tools in the same turn, those win and the
 * synthetic call is dropped, so the agent runs them and asks again. A schema that is not an object
 * is wrapped as the property {@code value} of one, since tool inputs must be objects, and unwrapped
 * on the way back. This works on every Claude model and Anthropic-compatible gateway. Anthropic
 * also has native JSON outputs ({@code output_config.format}, constrained decoding), but only on
 * recent models and with a restricted schema dialect (for example every object needs {@code
 * "additionalProperties": false}); {@link Builder#nativeStructuredOutput(boolean)} opts in to it
 * where those limits are acceptable.
 *
 * <p>The API key travels in the {@code x-api-key} header and never appears in {@link #toString()},
 * exceptions or logs.
 */
public final class AnthropicChatModel implements ChatModel {

  static final String PROVIDER = "anthropic";

  private final String url;
  private final String model;
  private final int defaultMaxTokens;
  private final boolean nativeStructuredOutput;
  private final int thinkingBudget;
  private final ModelInfo info;
  private final HttpModelClient http;
  private final InetSocketAddress server;

  private AnthropicChatModel(Builder b, String url) {
    this.url = url;
    HttpUrl parsed = HttpUrl.get(url);
    this.server = InetSocketAddress.createUnresolved(parsed.host(), parsed.port());
    this.model = b.model;
    this.defaultMaxTokens = b.defaultMaxTokens;
    this.nativeStructuredOutput = b.nativeStructuredOutput;
    this.thinkingBudget = b.thinkingBudget;
    this.info = b.modelInfo != null ? b.modelInfo : ModelInfo.capable(b.model);
    HttpModelClient.Builder http =
        HttpModelClient.builder(PROVIDER)
            .header("anthropic-version", b.version)
            .secretHeader("x-api-key", b.apiKey)
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.readTimeout)
            .callTimeout(b.callTimeout)
            .retry(b.retry);
    b.headers.forEach(http::header);
    if (b.http != null) {
      http.http(b.http);
    }
    this.http = http.build();
  }

  /** Starts a builder of this client. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** The host and port of the endpoint the requests go to. */
  @Override
  public InetSocketAddress server() {
    return server;
  }

  /** True: Anthropic takes the system prompt in a field of its own. */
  @Override
  public boolean separatesSystemInstructions() {
    return true;
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(cancellation, "cancellation");
    MessagesRequest wire = wire(request);
    ObjectNode body = wire.body();
    body.remove("stream");
    return http.postJson(
        url,
        body,
        cancellation,
        (reply, requestId) ->
            MessagesReply.parse(reply, wire.structuredTool()).withRequestId(requestId));
  }

  @Override
  public ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
    MessagesRequest wire = wire(request);
    ObjectNode body = wire.body();
    body.put("stream", true);
    MessagesStream assembler = new MessagesStream(listener, wire.structuredTool());
    String requestId = http.postStream(url, body, cancellation, assembler);
    return assembler.response().withRequestId(requestId);
  }

  private MessagesRequest wire(ChatRequest request) {
    MessagesRequest wire =
        MessagesRequest.of(request, model, defaultMaxTokens, nativeStructuredOutput);
    // A request's own "thinking" in extra wins over the model's budget.
    if (thinkingBudget > 0 && !wire.body().has("thinking")) {
      int maxTokens = wire.body().path("max_tokens").asInt();
      if (maxTokens <= thinkingBudget) {
        throw new IllegalArgumentException(
            "maxTokens "
                + maxTokens
                + " must be above the thinking budget "
                + thinkingBudget
                + ", which it includes");
      }
      wire.body()
          .putObject("thinking")
          .put("type", "enabled")
          .put("budget_tokens", thinkingBudget);
    }
    return wire;
  }

  @Override
  public String toString() {
    return "AnthropicChatModel[model=" + model + ", url=" + url + "]";
  }

  /** Builds an {@link AnthropicChatModel}; {@code apiKey} and {@code model} are required. */
  public static final class Builder {
    private String baseUrl = "https://api.anthropic.com";
    private String apiKey;
    private String model;
    private String version = "2023-06-01";
    private int defaultMaxTokens = 4096;
    private boolean nativeStructuredOutput;
    private int thinkingBudget;
    private ModelInfo modelInfo;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(120);
    private Duration callTimeout = Duration.ofMinutes(10);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private OkHttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Where the API lives; requests go to {@code baseUrl + "/v1/messages"}. A trailing slash, or a
     * trailing {@code /v1}, is tolerated.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The API key, sent as the {@code x-api-key} header and never shown. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * A header sent with every request, such as {@code anthropic-beta}; a later value for the same
     * name replaces an earlier one. A header whose name marks a credential ({@code Authorization},
     * {@code *-key}, {@code *token*}...) is masked in failures like the key.
     */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "header name"), value);
      return this;
    }

    /** Every entry as {@link #header}. */
    public Builder headers(Map<String, String> headers) {
      headers.forEach(this::header);
      return this;
    }

    /** The model id, such as {@code claude-sonnet-4-5}. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** The {@code anthropic-version} header; {@code 2023-06-01} unless set. */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** {@code max_tokens} for requests that set no {@code maxTokens}; 4096 unless set. */
    public Builder defaultMaxTokens(int defaultMaxTokens) {
      this.defaultMaxTokens = defaultMaxTokens;
      return this;
    }

    /**
     * Serve response formats with Anthropic's native JSON outputs ({@code output_config.format})
     * instead of the synthetic tool; only for models and schemas that support it. Off by default.
     */
    public Builder nativeStructuredOutput(boolean nativeStructuredOutput) {
      this.nativeStructuredOutput = nativeStructuredOutput;
      return this;
    }

    /**
     * Turns on extended thinking for every call, with up to {@code budgetTokens} tokens of it (at
     * least 1024, and below the calls' {@code max_tokens}, which includes it); 0, the default,
     * leaves it off. The thinking comes back with the reply and goes back to the model in the tool
     * loop, as the API requires.
     */
    public Builder thinkingBudget(int budgetTokens) {
      if (budgetTokens != 0 && budgetTokens < 1024) {
        throw invalid(
            "thinkingBudget is at least 1024 tokens (or 0 for none), was " + budgetTokens);
      }
      this.thinkingBudget = budgetTokens;
      return this;
    }

    /** What the model can do; {@link ModelInfo#capable(String)} of the model unless set. */
    public Builder modelInfo(ModelInfo modelInfo) {
      this.modelInfo = modelInfo;
      return this;
    }

    /** How long to wait for a connection. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The longest silence between two bytes of a reply. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /** The longest one attempt may take, streaming included. */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /** When and how often to retry a failed call. */
    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /** An OkHttp client to derive from, to share its connection pool and dispatcher. */
    public Builder http(OkHttpClient http) {
      this.http = http;
      return this;
    }

    /** Checks the settings and builds the model; the exception names whatever is missing. */
    public AnthropicChatModel build() {
      if (apiKey == null || apiKey.isBlank()) {
        throw invalid("apiKey is required: pass the Anthropic API key (it is sent as x-api-key)");
      }
      apiKey = Secrets.checkKey("AnthropicChatModel: apiKey", apiKey);
      if (model == null || model.isBlank()) {
        throw invalid("model is required: pass a model id such as \"claude-sonnet-4-5\"");
      }
      if (version == null || version.isBlank()) {
        throw invalid("version must not be blank: leave it unset for \"2023-06-01\"");
      }
      if (defaultMaxTokens <= 0) {
        throw invalid("defaultMaxTokens must be positive, was " + defaultMaxTokens);
      }
      requireDuration("connectTimeout", connectTimeout);
      requireDuration("readTimeout", readTimeout);
      requireDuration("callTimeout", callTimeout);
      if (retry == null) {
        throw invalid("retry must not be null: use RetryPolicy.NONE for no retries");
      }
      return new AnthropicChatModel(this, messagesUrl());
    }

    private String messagesUrl() {
      HttpUrl parsed = baseUrl == null ? null : HttpUrl.parse(baseUrl.strip());
      if (parsed == null) {
        throw invalid(
            "baseUrl '" + baseUrl + "' is not an http(s) URL, such as https://api.anthropic.com");
      }
      String base = parsed.toString();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages";
    }

    private static void requireDuration(String name, Duration value) {
      if (value == null || value.isNegative()) {
        throw invalid(name + " must be zero (no limit) or positive, was " + value);
      }
    }

    private static IllegalArgumentException invalid(String message) {
      return new IllegalArgumentException("AnthropicChatModel: " + message);
    }
  }
}
