package dev.cadre.model.openai;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A {@link ChatModel} that speaks the OpenAI Chat Completions API: OpenAI itself, Azure OpenAI, and
 * the servers that copy the API (Ollama, vLLM, LM Studio and others).
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .model("gpt-4o-mini")
 *     .build();
 * ChatModel local = OpenAiChatModel.builder()
 *     .baseUrl("http://localhost:11434/v1")
 *     .model("llama3.2")
 *     .build();
 * }</pre>
 *
 * <p>The output token limit goes out as {@code max_completion_tokens} to OpenAI and to Azure from
 * api-version 2024-09-01 on (OpenAI's reasoning and newer models reject the older {@code
 * max_tokens}), and as {@code max_tokens} everywhere else, since that is the field compatible
 * servers understand. {@link Builder#maxCompletionTokens(boolean)} overrides the choice.
 *
 * <p>Replies: a {@code refusal} (OpenAI's safety answer under structured output) becomes the text,
 * streamed like text, with {@link dev.cadre.model.FinishReason#CONTENT_FILTER}; a reply with tool
 * calls whose finish reason says {@code stop} (Ollama does this) reports {@code TOOL_CALLS}; tool
 * arguments sent as a JSON object rather than JSON text are written back to text; a tool call
 * without an id gets {@code call_<index>}. In participant names, whitespace and {@code <|\/>},
 * which OpenAI rejects, are replaced by {@code _}. Failures name the provider {@code openai}
 * ({@code azure-openai} on Azure).
 *
 * <p>A request's {@code extra} entries are merged into the body last and may override anything
 * except {@code stream} and {@code stream_options}, which {@link #chat} and {@link #stream} decide.
 * Streams from compatible servers are read as {@code StreamAssembler} describes: index-less tool
 * calls, no {@code [DONE]}, bare CR line endings.
 */
public final class OpenAiChatModel implements ChatModel {

  /** OpenAI's own endpoint, the default base URL. */
  public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";

  // Azure's first api-version that accepts max_completion_tokens (2024-09-01-preview).
  private static final String AZURE_MAX_COMPLETION_TOKENS_SINCE = "2024-09-01";

  private final HttpModelClient client;
  private final HttpUrl url;
  private final String model;
  private final ModelInfo info;
  private final boolean maxCompletionTokens;
  private final boolean hasKey;
  private final ReasoningEffort reasoningEffort;
  private final Verbosity verbosity;

  private OpenAiChatModel(
      HttpModelClient client,
      HttpUrl url,
      String model,
      ModelInfo info,
      boolean maxCompletionTokens,
      boolean hasKey,
      ReasoningEffort reasoningEffort,
      Verbosity verbosity) {
    this.client = client;
    this.reasoningEffort = reasoningEffort;
    this.verbosity = verbosity;
    this.url = url;
    this.model = model;
    this.info = info;
    this.maxCompletionTokens = maxCompletionTokens;
    this.hasKey = hasKey;
  }

  /** Starts a builder of this client. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** {@code openai}, or {@code azure.ai.openai} on Azure, as the GenAI conventions name them. */
  @Override
  public String provider() {
    return client.provider().equals("azure-openai") ? "azure.ai.openai" : "openai";
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
        ChatCompletions.requestBody(withDefaults(request), model, maxCompletionTokens, false);
    return client.postJson(
        url.toString(),
        body,
        cancellation,
        (reply, requestId) ->
            ChatCompletions.parseResponse(reply, client.provider()).withRequestId(requestId));
  }

  /** The request with this model's reasoning effort and verbosity where it sets none. */
  private ChatRequest withDefaults(ChatRequest request) {
    return request.withDefaults(reasoningEffort, verbosity);
  }

  @Override
  public ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
    ObjectNode body =
        ChatCompletions.requestBody(withDefaults(request), model, maxCompletionTokens, true);
    StreamAssembler assembler = new StreamAssembler(client.provider(), listener);
    String requestId = client.postStream(url.toString(), body, cancellation, assembler);
    return assembler.response().withRequestId(requestId);
  }

  @Override
  public String toString() {
    return "OpenAiChatModel["
        + client.provider()
        + ", model="
        + info.model()
        + ", url="
        + url.newBuilder().username("").password("").build()
        + ", apiKey="
        + (hasKey ? "***" : "none")
        + "]";
  }

  /** Builds an {@link OpenAiChatModel}; only {@link #model} is required (or {@link #azure}). */
  public static final class Builder {
    private String baseUrl;
    private String apiKey;
    private String model;
    private String azureEndpoint;
    private String azureDeployment;
    private String azureApiVersion;
    private ModelInfo modelInfo;
    private Boolean maxCompletionTokens;
    private ReasoningEffort reasoningEffort;
    private Verbosity verbosity;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private RetryPolicy retry;
    private OkHttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Where the API lives, up to and including its version, such as {@code
     * http://localhost:11434/v1} for Ollama; requests go to {@code baseUrl + "/chat/completions"}.
     * Defaults to {@value #OPENAI_BASE_URL}.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * The API key, sent as {@code Authorization: Bearer} (as {@code api-key} on Azure) and never
     * shown. Optional: local servers such as Ollama need none.
     */
    public Builder apiKey(String apiKey) {
      if (apiKey != null && apiKey.isBlank()) {
        throw new IllegalArgumentException(
            "apiKey is blank: pass the key, or leave apiKey unset for a server that needs none");
      }
      this.apiKey = apiKey == null ? null : Secrets.checkKey("OpenAiChatModel: apiKey", apiKey);
      return this;
    }

    /**
     * A header sent with every request, such as {@code OpenAI-Organization} or {@code
     * OpenAI-Project}; a later value for the same name replaces an earlier one. A header whose name
     * marks a credential ({@code Authorization}, {@code *-key}, {@code *token*}...) is masked in
     * failures like the key.
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

    /** The model id, such as {@code gpt-4o-mini}; required except on Azure. */
    public Builder model(String model) {
      this.model = requireText(model, "model");
      return this;
    }

    /**
     * Talks to Azure OpenAI: {@code POST
     * {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={apiVersion}}, with
     * the key in the {@code api-key} header. The deployment names the model, so {@link #model} is
     * optional here.
     *
     * @param endpoint the resource endpoint, such as {@code https://my-resource.openai.azure.com}
     */
    public Builder azure(String endpoint, String deployment, String apiVersion) {
      this.azureEndpoint = requireText(endpoint, "azure endpoint");
      this.azureDeployment = requireText(deployment, "azure deployment");
      this.azureApiVersion = requireText(apiVersion, "azure apiVersion");
      return this;
    }

    /** What the model can do; defaults to {@link ModelInfo#capable} of the model id. */
    public Builder modelInfo(ModelInfo modelInfo) {
      this.modelInfo = Objects.requireNonNull(modelInfo, "modelInfo");
      return this;
    }

    /**
     * Whether the output limit goes out as {@code max_completion_tokens} (true) or {@code
     * max_tokens} (false). The default suits the server; see the class comment.
     */
    public Builder maxCompletionTokens(boolean maxCompletionTokens) {
      this.maxCompletionTokens = maxCompletionTokens;
      return this;
    }

    /**
     * The reasoning effort of every request that sets none, for a reasoning model; null (the
     * default) leaves it to the model. A request that sets one goes out as
     * {@code max_completion_tokens}, which reasoning models require.
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

    /** How long to wait for a connection. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireNotNegative(timeout, "connectTimeout");
      return this;
    }

    /** The longest silence allowed between two bytes of a reply. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = requireNotNegative(timeout, "readTimeout");
      return this;
    }

    /** The longest one attempt may take, streaming included. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = requireNotNegative(timeout, "callTimeout");
      return this;
    }

    /** When and how often to retry a failed call. */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * An OkHttp client to share its connection pool and interceptors. Timeouts come from this
     * builder (or its defaults), not from {@code http}.
     */
    public Builder http(OkHttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * Builds the model.
     *
     * @throws IllegalStateException when the model id is missing, when both a base URL and Azure
     *     are set, or when OpenAI's own endpoint is used without an API key
     * @throws IllegalArgumentException when the base URL or Azure endpoint is not an http(s) URL
     */
    public OpenAiChatModel build() {
      boolean azure = azureEndpoint != null;
      if (azure && baseUrl != null) {
        throw new IllegalStateException(
            "OpenAiChatModel: set either baseUrl or azure(...), not both (Azure builds its own"
                + " URL)");
      }
      if (!azure && model == null) {
        throw new IllegalStateException(
            "OpenAiChatModel needs a model: call .model(\"gpt-4o-mini\") or the id your server"
                + " serves");
      }
      HttpUrl url;
      String provider;
      boolean completionTokens;
      HttpModelClient.Builder client;
      if (azure) {
        provider = "azure-openai";
        url =
            parseUrl(azureEndpoint, "azure endpoint")
                .newBuilder()
                .addPathSegment("openai")
                .addPathSegment("deployments")
                .addPathSegment(azureDeployment)
                .addPathSegment("chat")
                .addPathSegment("completions")
                .addQueryParameter("api-version", azureApiVersion)
                .build();
        completionTokens = azureApiVersion.compareTo(AZURE_MAX_COMPLETION_TOKENS_SINCE) >= 0;
        client = HttpModelClient.builder(provider);
        if (apiKey != null) {
          client.secretHeader("api-key", apiKey);
        }
      } else {
        provider = "openai";
        HttpUrl base = parseUrl(baseUrl != null ? baseUrl : OPENAI_BASE_URL, "baseUrl");
        url = base.newBuilder().addPathSegment("chat").addPathSegment("completions").build();
        boolean openAi = base.host().equals("api.openai.com");
        if (openAi && apiKey == null) {
          throw new IllegalStateException(
              "OpenAiChatModel needs an apiKey for "
                  + base.host()
                  + ": call .apiKey(System.getenv(\"OPENAI_API_KEY\")), or set baseUrl for a"
                  + " server that needs no key");
        }
        completionTokens = openAi;
        client = HttpModelClient.builder(provider);
        if (apiKey != null) {
          client.secretHeader("Authorization", "Bearer " + apiKey);
        }
      }
      if (maxCompletionTokens != null) {
        completionTokens = maxCompletionTokens;
      }
      if (connectTimeout != null) {
        client.connectTimeout(connectTimeout);
      }
      if (readTimeout != null) {
        client.readTimeout(readTimeout);
      }
      if (callTimeout != null) {
        client.callTimeout(callTimeout);
      }
      if (retry != null) {
        client.retry(retry);
      }
      if (http != null) {
        client.http(http);
      }
      headers.forEach(client::header);
      String modelId = model != null ? model : azureDeployment;
      ModelInfo info = modelInfo != null ? modelInfo : ModelInfo.capable(modelId);
      return new OpenAiChatModel(
          client.build(),
          url,
          model,
          info,
          completionTokens,
          apiKey != null,
          reasoningEffort,
          verbosity);
    }

    static HttpUrl parseUrl(String url, String what) {
      HttpUrl parsed = HttpUrl.parse(url.strip());
      if (parsed == null) {
        throw new IllegalArgumentException(
            what + " '" + url + "' is not an http(s) URL, such as " + OPENAI_BASE_URL);
      }
      if (parsed.query() != null || parsed.fragment() != null) {
        throw new IllegalArgumentException(
            what + " '" + url + "' must not have a query or fragment; give the API's root URL");
      }
      return parsed;
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be null or blank");
      }
      return value;
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
