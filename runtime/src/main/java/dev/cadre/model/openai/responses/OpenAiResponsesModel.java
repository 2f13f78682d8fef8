package dev.cadre.model.openai.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.ReasoningEffort;
import dev.cadre.model.StreamListener;
import dev.cadre.model.Verbosity;
import dev.cadre.model.http.HttpModelClient;
import dev.cadre.model.http.RetryPolicy;
import dev.cadre.model.http.Secrets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A {@link ChatModel} that speaks OpenAI's Responses API ({@code POST /v1/responses}), the API
 * OpenAI recommends for its reasoning models.
 *
 * <pre>{@code
 * ChatModel model = OpenAiResponsesModel.builder()
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .model("o4-mini")
 *     .build();
 * ChatRequest request = ChatRequest.builder()
 *     .message(ChatMessage.user("Plan the migration."))
 *     .reasoningEffort(ReasoningEffort.HIGH)
 *     .build();
 * }</pre>
 *
 * <p>The request's {@link dev.cadre.model.ReasoningEffort} goes out as {@code reasoning.effort} and
 * its {@link dev.cadre.model.Verbosity} as {@code text.verbosity}.
 *
 * <p>Reasoning is carried between turns without the server keeping anything: requests go out with
 * {@code store: false} and {@code include: ["reasoning.encrypted_content"]}, each reply's reasoning
 * items come back as {@link dev.cadre.model.Reasoning} parts of {@link ChatResponse#reasoning()},
 * the assistant message keeps them, and the next request sends them back, before the message's text
 * and tool calls, as the reply ordered them. That is what lets a reasoning model keep its thinking
 * across a tool loop.
 *
 * <p>Function tools go out with {@code strict: false}, so their schemas are read as written (the
 * API would otherwise rewrite them to strict, making every field required); a response format goes
 * out as {@code text.format} of type {@code json_schema}. The output limit is {@code
 * max_output_tokens}. A reply whose status is {@code incomplete} reports {@link
 * dev.cadre.model.FinishReason#LENGTH} for {@code max_output_tokens} and {@code CONTENT_FILTER} for
 * {@code content_filter}; a {@code failed} or {@code cancelled} one, or a stream's {@code error}
 * event, fails with a {@link dev.cadre.model.ModelException} that quotes the error's code and
 * message. The API has no stop sequences, seed or participant names: a request with stop sequences
 * or a seed is refused, and names are left out.
 */
public final class OpenAiResponsesModel implements ChatModel {

  /** OpenAI's own endpoint, the default base URL. */
  public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";

  private final HttpModelClient client;
  private final HttpUrl url;
  private final ResponsesWire.Options options;
  private final ModelInfo info;
  private final boolean hasKey;
  private final ReasoningEffort reasoningEffort; // a default for requests that set none; or null
  private final Verbosity verbosity; // likewise

  private OpenAiResponsesModel(
      HttpModelClient client,
      HttpUrl url,
      ResponsesWire.Options options,
      ModelInfo info,
      boolean hasKey,
      ReasoningEffort reasoningEffort,
      Verbosity verbosity) {
    this.client = client;
    this.url = url;
    this.options = options;
    this.info = info;
    this.hasKey = hasKey;
    this.reasoningEffort = reasoningEffort;
    this.verbosity = verbosity;
  }

  /** A builder; only {@link Builder#model} and, for OpenAI itself, the key are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** {@code openai}, as the GenAI conventions name the provider. */
  @Override
  public String provider() {
    return "openai";
  }

  /** The host and port of the endpoint the requests go to. */
  @Override
  public InetSocketAddress server() {
    return InetSocketAddress.createUnresolved(url.host(), url.port());
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(cancellation, "cancellation");
    ObjectNode body =
        ResponsesWire.requestBody(request.withDefaults(reasoningEffort, verbosity), options, false);
    return client.postJson(
        url.toString(),
        body,
        cancellation,
        (reply, requestId) ->
            ResponsesWire.parseResponse(reply, client.provider()).withRequestId(requestId));
  }

  @Override
  public ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
    ObjectNode body =
        ResponsesWire.requestBody(request.withDefaults(reasoningEffort, verbosity), options, true);
    ResponsesStream events = new ResponsesStream(client.provider(), listener);
    String requestId = client.postStream(url.toString(), body, cancellation, events);
    return events.response().withRequestId(requestId);
  }

  @Override
  public String toString() {
    return "OpenAiResponsesModel[model="
        + info.model()
        + ", url="
        + url.newBuilder().username("").password("").build()
        + ", apiKey="
        + (hasKey ? "***" : "none")
        + "]";
  }

  /** Builds an {@link OpenAiResponsesModel}. */
  public static final class Builder {
    // Failures name this client, so a user running both OpenAI clients sees which one failed.
    private final HttpModelClient.Builder client = HttpModelClient.builder("openai-responses");
    private String baseUrl = OPENAI_BASE_URL;
    private String apiKey;
    private String model;
    private ModelInfo modelInfo;
    private boolean store;
    private String reasoningSummary;
    private ReasoningEffort reasoningEffort;
    private Verbosity verbosity;

    private Builder() {}

    /**
     * Where the API lives, up to and including its version; requests go to {@code baseUrl +
     * "/responses"}. Defaults to {@value #OPENAI_BASE_URL}.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** The API key, sent as {@code Authorization: Bearer} and never shown. */
    public Builder apiKey(String apiKey) {
      if (apiKey != null && apiKey.isBlank()) {
        throw new IllegalArgumentException(
            "apiKey is blank: pass the key, or leave apiKey unset for a server that needs none");
      }
      this.apiKey =
          apiKey == null ? null : Secrets.checkKey("OpenAiResponsesModel: apiKey", apiKey);
      return this;
    }

    /**
     * A header sent with every request, such as {@code OpenAI-Organization} or {@code
     * OpenAI-Project}; one whose name marks a credential is masked in failures like the key.
     */
    public Builder header(String name, String value) {
      client.header(name, value);
      return this;
    }

    /** Every entry as {@link #header}. */
    public Builder headers(Map<String, String> headers) {
      headers.forEach(this::header);
      return this;
    }

    /** The model id, such as {@code o4-mini} or {@code gpt-5}; required. */
    public Builder model(String model) {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model must not be null or blank");
      }
      this.model = model;
      return this;
    }

    /** What the model can do; defaults to {@link ModelInfo#capable} of the model id. */
    public Builder modelInfo(ModelInfo modelInfo) {
      this.modelInfo = Objects.requireNonNull(modelInfo, "modelInfo");
      return this;
    }

    /**
     * Asks for a summary of the reasoning, sent as {@code reasoning.summary}: {@code auto}, {@code
     * concise} or {@code detailed}. The summary is the text of the reply's reasoning parts.
     */
    public Builder reasoningSummary(String summary) {
      this.reasoningSummary = requireText(summary, "reasoningSummary");
      return this;
    }

    /**
     * The reasoning effort of every request that sets none; null (the default) leaves it to the
     * model.
     */
    public Builder reasoningEffort(ReasoningEffort reasoningEffort) {
      this.reasoningEffort = reasoningEffort;
      return this;
    }

    /** The verbosity of every request that sets none; null (the default) leaves it to the model. */
    public Builder verbosity(Verbosity verbosity) {
      this.verbosity = verbosity;
      return this;
    }

    /**
     * Whether OpenAI keeps the responses ({@code store}). False by default: the reasoning then
     * travels encrypted with the conversation, which works under zero data retention too. With true
     * nothing is asked to be included, and reasoning items go back by id alone.
     */
    public Builder store(boolean store) {
      this.store = store;
      return this;
    }

    /** How long to wait for a connection. */
    public Builder connectTimeout(Duration timeout) {
      client.connectTimeout(requireNotNegative(timeout, "connectTimeout"));
      return this;
    }

    /** The longest silence allowed between two bytes of a reply. */
    public Builder readTimeout(Duration timeout) {
      client.readTimeout(requireNotNegative(timeout, "readTimeout"));
      return this;
    }

    /** The longest one attempt may take, streaming included. */
    public Builder callTimeout(Duration timeout) {
      client.callTimeout(requireNotNegative(timeout, "callTimeout"));
      return this;
    }

    /** When and how often to retry a failed call. */
    public Builder retry(RetryPolicy retry) {
      client.retry(Objects.requireNonNull(retry, "retry"));
      return this;
    }

    /**
     * An OkHttp client to share its connection pool and interceptors. Timeouts come from this
     * builder (or its defaults), not from {@code http}.
     */
    public Builder http(OkHttpClient http) {
      client.http(Objects.requireNonNull(http, "http"));
      return this;
    }

    /**
     * Builds the model.
     *
     * @throws IllegalStateException when the model id is missing, or OpenAI's own endpoint is used
     *     without an API key
     * @throws IllegalArgumentException when the base URL is not an http(s) URL
     */
    public OpenAiResponsesModel build() {
      if (model == null) {
        throw new IllegalStateException(
            "OpenAiResponsesModel needs a model: call .model(\"o4-mini\") or the id your server"
                + " serves");
      }
      HttpUrl base = HttpUrl.parse(baseUrl.strip());
      if (base == null || base.query() != null || base.fragment() != null) {
        throw new IllegalArgumentException(
            "baseUrl '"
                + Secrets.redactUrl(baseUrl)
                + "' is not an http(s) URL without query or fragment, such as "
                + OPENAI_BASE_URL);
      }
      if (apiKey == null && base.host().equals("api.openai.com")) {
        throw new IllegalStateException(
            "OpenAiResponsesModel needs an apiKey for api.openai.com: call"
                + " .apiKey(System.getenv(\"OPENAI_API_KEY\")), or set baseUrl for a server that"
                + " needs no key");
      }
      if (apiKey != null) {
        client.secretHeader("Authorization", "Bearer " + apiKey);
      }
      HttpUrl url = base.newBuilder().addPathSegment("responses").build();
      return new OpenAiResponsesModel(
          client.build(),
          url,
          new ResponsesWire.Options(model, store, reasoningSummary),
          modelInfo != null ? modelInfo : ModelInfo.capable(model),
          apiKey != null,
          reasoningEffort,
          verbosity);
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be null or blank");
      }
      return value.strip();
    }

    private static Duration requireNotNegative(Duration timeout, String what) {
      Objects.requireNonNull(timeout, what);
      if (timeout.isNegative()) {
        throw new IllegalArgumentException(what + " cannot be negative, was " + timeout);
      }
      return timeout;
    }
  }
}
