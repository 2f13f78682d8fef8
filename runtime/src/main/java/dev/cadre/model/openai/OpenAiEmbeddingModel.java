package dev.cadre.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.memory.EmbeddingModel;
import dev.cadre.model.EmbeddingResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.Usage;
import dev.cadre.model.http.HttpModelClient;
import dev.cadre.model.http.RetryPolicy;
import dev.cadre.model.http.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * An {@link EmbeddingModel} that speaks the OpenAI embeddings API ({@code POST /embeddings}):
 * OpenAI itself, Azure OpenAI, and the servers that copy the API (Ollama, vLLM, LM Studio).
 *
 * <pre>{@code
 * EmbeddingModel embeddings = OpenAiEmbeddingModel.builder()
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .model("text-embedding-3-small")
 *     .dimensions(512)
 *     .build();
 * }</pre>
 *
 * <p>Inputs go out in batches of at most {@link Builder#batchSize} texts (2048 by default, OpenAI's
 * limit; lower it for servers that take fewer), as {@code "encoding_format": "float"}. Every reply
 * is checked: one vector per input, sorted back into input order by its {@code index}, all of one
 * length (the {@code dimensions} asked for, when set). The HTTP side, with its timeouts, retries
 * and masking of the key in every failure, is the one the chat clients use.
 *
 * <p>Usage: {@link #embed(List, CancellationToken)} returns each call's tokens, and {@link
 * #usage()} sums every call this instance made.
 */
public final class OpenAiEmbeddingModel implements EmbeddingModel {

  /** OpenAI's limit on the inputs of one request, the default batch size. */
  public static final int OPENAI_MAX_INPUTS = 2048;

  private final HttpModelClient client;
  private final HttpUrl url;
  private final String model;
  private final Integer dimensions;
  private final int batchSize;
  private final boolean hasKey;
  private final AtomicReference<Usage> usage = new AtomicReference<>(Usage.ZERO);

  private OpenAiEmbeddingModel(Builder b, HttpModelClient client, HttpUrl url) {
    this.client = client;
    this.url = url;
    this.model = b.model;
    this.dimensions = b.dimensions;
    this.batchSize = b.batchSize;
    this.hasKey = b.apiKey != null;
  }

  /** Starts a model; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return client.provider() + ":" + model;
  }

  /** The vector for {@code text}. */
  @Override
  public float[] embed(String text) {
    return embedAll(List.of(text)).get(0);
  }

  /** The vectors for {@code texts}, in order, in as few requests as the batch size allows. */
  @Override
  public List<float[]> embedAll(List<String> texts) {
    return embed(texts, CancellationToken.none()).vectors();
  }

  /**
   * The vectors for {@code texts}, in order, with the tokens the provider counted for them.
   *
   * @throws IllegalArgumentException for a null or empty input, naming its position (the API
   *     rejects empty strings)
   * @throws ModelException when the provider fails or answers with the wrong vectors
   */
  public EmbeddingResponse embed(List<String> texts, CancellationToken cancellation) {
    Objects.requireNonNull(texts, "texts");
    Objects.requireNonNull(cancellation, "cancellation");
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null || text.isEmpty()) {
        throw new IllegalArgumentException(
            name()
                + ": input "
                + i
                + " is "
                + (text == null ? "null" : "empty")
                + "; the"
                + " embeddings API takes only non-empty text");
      }
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    Usage total = Usage.ZERO;
    String answered = null;
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
      EmbeddingResponse response = batch(batch, cancellation);
      if (!vectors.isEmpty() && response.vectors().get(0).length != vectors.get(0).length) {
        throw new ModelException(
            client.provider(),
            0,
            "the reply's vectors have "
                + response.vectors().get(0).length
                + " entries, an earlier batch's had "
                + vectors.get(0).length,
            false);
      }
      vectors.addAll(response.vectors());
      total = total.plus(response.usage());
      answered = response.model();
      usage.accumulateAndGet(response.usage(), Usage::plus);
    }
    return new EmbeddingResponse(vectors, total, answered);
  }

  /** The tokens of every call this instance has made, summed. */
  public Usage usage() {
    return usage.get();
  }

  private EmbeddingResponse batch(List<String> batch, CancellationToken cancellation) {
    ObjectNode body = Json.object();
    if (model != null) {
      body.put("model", model);
    }
    ArrayNode input = body.putArray("input");
    batch.forEach(input::add);
    body.put("encoding_format", "float");
    if (dimensions != null) {
      body.put("dimensions", dimensions);
    }
    return client.postJson(
        url.toString(), body, cancellation, (reply, requestId) -> read(reply, batch.size()));
  }

  /** The reply's vectors in input order, after checking there is one per input, each whole. */
  private EmbeddingResponse read(JsonNode reply, int expected) {
    JsonNode data = reply.path("data");
    if (!data.isArray()) {
      throw malformed("it has no 'data' array");
    }
    if (data.size() != expected) {
      throw malformed("it has " + data.size() + " embeddings for " + expected + " inputs");
    }
    float[][] ordered = new float[expected][];
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      JsonNode indexNode = item.path("index");
      int index = indexNode.isIntegralNumber() ? indexNode.asInt() : i;
      if (index < 0 || index >= expected || ordered[index] != null) {
        throw malformed("data[" + i + "] has index " + indexNode + ", out of range or repeated");
      }
      JsonNode embedding = item.path("embedding");
      if (!embedding.isArray() || embedding.isEmpty()) {
        throw malformed(
            "data["
                + i
                + "].embedding is not a list of numbers"
                + (embedding.isTextual() ? " (base64? this client asks for floats)" : ""));
      }
      float[] vector = new float[embedding.size()];
      for (int j = 0; j < vector.length; j++) {
        JsonNode value = embedding.get(j);
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
          throw malformed("data[" + i + "].embedding[" + j + "] is " + value + ", not a number");
        }
        vector[j] = (float) value.asDouble();
      }
      if (dimensions != null && vector.length != dimensions) {
        throw malformed(
            "data[" + i + "] has " + vector.length + " dimensions; " + dimensions + " were asked");
      }
      if (i > 0 && vector.length != firstLength(ordered)) {
        throw malformed("data[" + i + "] has " + vector.length + " dimensions, unlike the others");
      }
      ordered[index] = vector;
    }
    JsonNode usageNode = reply.path("usage");
    long prompt = usageNode.path("prompt_tokens").asLong(0);
    Usage used = prompt > 0 ? new Usage(prompt, 0) : Usage.ZERO;
    String answered = reply.path("model").isTextual() ? reply.path("model").asText() : null;
    return new EmbeddingResponse(List.of(ordered), used, answered);
  }

  private static int firstLength(float[][] ordered) {
    for (float[] vector : ordered) {
      if (vector != null) {
        return vector.length;
      }
    }
    return -1;
  }

  private ModelException malformed(String why) {
    return new ModelException(client.provider(), 0, "malformed embeddings reply: " + why, false);
  }

  @Override
  public String toString() {
    return "OpenAiEmbeddingModel["
        + client.provider()
        + ", model="
        + model
        + ", url="
        + url.newBuilder().username("").password("").build()
        + ", apiKey="
        + (hasKey ? "***" : "none")
        + "]";
  }

  /** Builds an {@link OpenAiEmbeddingModel}; {@link #model} is required (or {@link #azure}). */
  public static final class Builder {
    private String baseUrl;
    private String apiKey;
    private String model;
    private Integer dimensions;
    private int batchSize = OPENAI_MAX_INPUTS;
    private String azureEndpoint;
    private String azureDeployment;
    private String azureApiVersion;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private RetryPolicy retry;
    private OkHttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Where the API lives, up to and including its version ({@code http://localhost:11434/v1} for
     * Ollama); requests go to {@code baseUrl + "/embeddings"}. Defaults to OpenAI's.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * The API key, sent as {@code Authorization: Bearer} ({@code api-key} on Azure), never shown.
     */
    public Builder apiKey(String apiKey) {
      if (apiKey != null && apiKey.isBlank()) {
        throw new IllegalArgumentException(
            "apiKey is blank: pass the key, or leave apiKey unset for a server that needs none");
      }
      this.apiKey =
          apiKey == null ? null : Secrets.checkKey("OpenAiEmbeddingModel: apiKey", apiKey);
      return this;
    }

    /** The embedding model id, such as {@code text-embedding-3-small}. */
    public Builder model(String model) {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model must not be null or blank");
      }
      this.model = model;
      return this;
    }

    /**
     * The length of the vectors to ask for (OpenAI's {@code text-embedding-3} models shorten their
     * vectors on request); unset, the model's own length. Replies of another length fail.
     */
    public Builder dimensions(int dimensions) {
      if (dimensions < 1) {
        throw new IllegalArgumentException("dimensions must be at least 1, was " + dimensions);
      }
      this.dimensions = dimensions;
      return this;
    }

    /** The most inputs one request carries; {@value #OPENAI_MAX_INPUTS} by default. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Talks to Azure OpenAI: {@code POST
     * {endpoint}/openai/deployments/{deployment}/embeddings?api-version={apiVersion}}.
     */
    public Builder azure(String endpoint, String deployment, String apiVersion) {
      this.azureEndpoint = Objects.requireNonNull(endpoint, "azure endpoint");
      this.azureDeployment = Objects.requireNonNull(deployment, "azure deployment");
      this.azureApiVersion = Objects.requireNonNull(apiVersion, "azure apiVersion");
      return this;
    }

    /** A header sent with every request; credential-like names are masked like the key. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "header name"), value);
      return this;
    }

    /** Every entry as {@link #header}. */
    public Builder headers(Map<String, String> headers) {
      headers.forEach(this::header);
      return this;
    }

    /** The longest a connection may take to open. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /** The longest silence allowed between two bytes of a reply. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "readTimeout");
      return this;
    }

    /** The longest one attempt may take. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "callTimeout");
      return this;
    }

    /** How failed calls are retried; {@link RetryPolicy#DEFAULT} unless set. */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** An OkHttp client to share its connection pool; timeouts still come from this builder. */
    public Builder http(OkHttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * Builds the model.
     *
     * @throws IllegalStateException when the model is missing, when both a base URL and Azure are
     *     set, or when OpenAI's own endpoint is used without a key
     */
    public OpenAiEmbeddingModel build() {
      boolean azure = azureEndpoint != null;
      if (azure && baseUrl != null) {
        throw new IllegalStateException(
            "OpenAiEmbeddingModel: set either baseUrl or azure(...), not both");
      }
      if (!azure && model == null) {
        throw new IllegalStateException(
            "OpenAiEmbeddingModel needs a model: call .model(\"text-embedding-3-small\") or the"
                + " id your server serves");
      }
      HttpUrl url;
      HttpModelClient.Builder client;
      if (azure) {
        client = HttpModelClient.builder("azure-openai");
        url =
            OpenAiChatModel.Builder.parseUrl(azureEndpoint, "azure endpoint")
                .newBuilder()
                .addPathSegment("openai")
                .addPathSegment("deployments")
                .addPathSegment(azureDeployment)
                .addPathSegment("embeddings")
                .addQueryParameter("api-version", azureApiVersion)
                .build();
        if (apiKey != null) {
          client.secretHeader("api-key", apiKey);
        }
        if (model == null) {
          model = azureDeployment;
        }
      } else {
        client = HttpModelClient.builder("openai");
        HttpUrl base =
            OpenAiChatModel.Builder.parseUrl(
                baseUrl != null ? baseUrl : OpenAiChatModel.OPENAI_BASE_URL, "baseUrl");
        if (base.host().equals("api.openai.com") && apiKey == null) {
          throw new IllegalStateException(
              "OpenAiEmbeddingModel needs an apiKey for api.openai.com: call"
                  + " .apiKey(System.getenv(\"OPENAI_API_KEY\")), or set baseUrl for a server"
                  + " that needs no key");
        }
        url = base.newBuilder().addPathSegment("embeddings").build();
        if (apiKey != null) {
          client.secretHeader("Authorization", "Bearer " + apiKey);
        }
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
      return new OpenAiEmbeddingModel(this, client.build(), url);
    }
  }
}
