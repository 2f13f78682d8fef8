package dev.cadre.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.cadre.memory.EmbeddingModel;
import dev.cadre.model.anthropic.AnthropicChatModel;
import dev.cadre.model.http.Secrets;
import dev.cadre.model.openai.OpenAiChatModel;
import dev.cadre.model.openai.OpenAiEmbeddingModel;
import dev.cadre.model.openai.responses.OpenAiResponsesModel;
import dev.cadre.model.replay.ReplayChatModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Which model to use, read from the environment, so one program runs offline by default and live
 * when a key or base URL is set.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th></tr>
 *   <tr><td>{@code CADRE_PROVIDER}</td><td>{@code openai}, {@code openai-responses} (OpenAI's
 *       Responses API, for reasoning models), {@code azure}, {@code anthropic}, {@code ollama} or
 *       {@code replay}; when unset, inferred from the other variables, and replay (offline) when
 *       none is set</td></tr>
 *   <tr><td>{@code CADRE_MODEL}</td><td>the model id, or the Azure deployment name</td></tr>
 *   <tr><td>{@code CADRE_API_KEY}</td><td>the key; {@code OPENAI_API_KEY},
 *       {@code AZURE_OPENAI_API_KEY} and {@code ANTHROPIC_API_KEY} also work</td></tr>
 *   <tr><td>{@code CADRE_BASE_URL}</td><td>the endpoint: an OpenAI-compatible base URL (vLLM,
 *       LM Studio, a proxy), the Azure resource endpoint, or Anthropic's</td></tr>
 *   <tr><td>{@code CADRE_AZURE_API_VERSION}</td><td>Azure's api-version; a current default
 *       otherwise</td></tr>
 *   <tr><td>{@code CADRE_REPLAY_FILE}</td><td>a JSON-lines replay script for the replay
 *       provider</td></tr>
 *   <tr><td>{@code CADRE_HEADER_<NAME>}</td><td>a header sent with every request, its name
 *       from {@code <NAME>} with {@code _} read as {@code -}: {@code
 *       CADRE_HEADER_ANTHROPIC_BETA} sends {@code anthropic-beta}</td></tr>
 *   <tr><td>{@code CADRE_REASONING_EFFORT}</td><td>{@code none}, {@code minimal}, {@code low},
 *       {@code medium} or {@code high}: how hard an OpenAI reasoning model thinks</td></tr>
 *   <tr><td>{@code CADRE_VERBOSITY}</td><td>{@code low}, {@code medium} or {@code high}: how long
 *       an OpenAI model's answers are</td></tr>
 *   <tr><td>{@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}</td><td>sent as {@code
 *       OpenAI-Organization} and {@code OpenAI-Project} to OpenAI, as openai-python does</td></tr>
 *   <tr><td>{@code CADRE_EMBEDDING_MODEL}</td><td>the embedding model id (the Azure deployment
 *       on Azure), for {@link #createEmbeddings}: sent to the provider's {@code /embeddings} with
 *       the same base URL, key and headers; unset, the offline default (hashing)</td></tr>
 *   <tr><td>{@code CADRE_EMBEDDING_DIMENSIONS}</td><td>the vector length to ask for, for models
 *       that shorten their vectors ({@code text-embedding-3-*})</td></tr>
 * </table>
 *
 * @param provider the provider chosen
 * @param model the model id, or null for the provider's default
 * @param apiKey the key, or null; never shown by {@link #toString()}
 * @param baseUrl the endpoint, or null for the provider's default
 * @param azureApiVersion Azure's api-version
 * @param replayFile a replay script, or null
 * @param headers headers sent with every request, by name; their values are never shown
 * @param reasoningEffort the reasoning effort of every call to an OpenAI-style model, or null
 * @param verbosity the verbosity of every call to an OpenAI-style model, or null
 * @param embeddingModel the embedding model id, or null for the offline default
 * @param embeddingDimensions the embedding vector length to ask for, or null for the model's own
 */
public record ModelConfig(
    String provider,
    String model,
    @JsonIgnore String apiKey,
    String baseUrl,
    String azureApiVersion,
    Path replayFile,
    @JsonIgnore Map<String, String> headers,
    ReasoningEffort reasoningEffort,
    Verbosity verbosity,
    String embeddingModel,
    Integer embeddingDimensions) {

  /** Azure OpenAI's api-version when none is set. */
  public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

  /** The variable prefix that names a header: {@code CADRE_HEADER_OPENAI_PROJECT=proj_1}. */
  public static final String HEADER_PREFIX = "CADRE_HEADER_";

  /** Checks the provider. */
  public ModelConfig {
    Objects.requireNonNull(provider, "provider");
    provider = provider.toLowerCase(Locale.ROOT);
    headers = headers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(headers));
  }

  /** A config that sends no extra headers. */
  public ModelConfig(
      String provider,
      String model,
      String apiKey,
      String baseUrl,
      String azureApiVersion,
      Path replayFile) {
    this(provider, model, apiKey, baseUrl, azureApiVersion, replayFile, Map.of());
  }

  /** A config without reasoning settings. */
  public ModelConfig(
      String provider,
      String model,
      String apiKey,
      String baseUrl,
      String azureApiVersion,
      Path replayFile,
      Map<String, String> headers) {
    this(provider, model, apiKey, baseUrl, azureApiVersion, replayFile, headers, null, null);
  }

  /** A config without an embedding model. */
  public ModelConfig(
      String provider,
      String model,
      String apiKey,
      String baseUrl,
      String azureApiVersion,
      Path replayFile,
      Map<String, String> headers,
      ReasoningEffort reasoningEffort,
      Verbosity verbosity) {
    this(
        provider,
        model,
        apiKey,
        baseUrl,
        azureApiVersion,
        replayFile,
        headers,
        reasoningEffort,
        verbosity,
        null,
        null);
  }

  /** Reads the process environment. */
  public static ModelConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Reads the given variables, as {@link #fromEnvironment()} reads the process's. */
  public static ModelConfig fromEnvironment(Map<String, String> env) {
    String provider = value(env, "CADRE_PROVIDER");
    String baseUrl = value(env, "CADRE_BASE_URL");
    String key = value(env, "CADRE_API_KEY");
    if (provider == null) {
      if (key != null || baseUrl != null || value(env, "OPENAI_API_KEY") != null) {
        provider = "openai";
      } else if (value(env, "ANTHROPIC_API_KEY") != null) {
        provider = "anthropic";
      } else if (value(env, "AZURE_OPENAI_API_KEY") != null) {
        provider = "azure";
      } else {
        provider = "replay";
      }
    }
    provider = provider.toLowerCase(Locale.ROOT);
    if (key == null) {
      key =
          switch (provider) {
            case "openai", "openai-responses" -> value(env, "OPENAI_API_KEY");
            case "azure" -> value(env, "AZURE_OPENAI_API_KEY");
            case "anthropic" -> value(env, "ANTHROPIC_API_KEY");
            default -> null;
          };
    }
    if (baseUrl == null && provider.equals("azure")) {
      baseUrl = value(env, "AZURE_OPENAI_ENDPOINT");
    }
    String version = value(env, "CADRE_AZURE_API_VERSION");
    String replay = value(env, "CADRE_REPLAY_FILE");
    return new ModelConfig(
        provider,
        value(env, "CADRE_MODEL"),
        key,
        baseUrl,
        version == null ? DEFAULT_AZURE_API_VERSION : version,
        replay == null ? null : Path.of(replay),
        headers(env, provider),
        choice(env, "CADRE_REASONING_EFFORT", ReasoningEffort.values()),
        choice(env, "CADRE_VERBOSITY", Verbosity.values()),
        value(env, "CADRE_EMBEDDING_MODEL"),
        positive(env, "CADRE_EMBEDDING_DIMENSIONS"));
  }

  /** The variable's value as a positive whole number, or null when it is unset. */
  private static Integer positive(Map<String, String> env, String name) {
    String value = value(env, name);
    if (value == null) {
      return null;
    }
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException(name + " is '" + value + "'; use a positive whole number");
  }

  /** The variable's value as one of {@code constants}, or null when it is unset. */
  private static <E extends Enum<E>> E choice(Map<String, String> env, String name, E[] constants) {
    String value = value(env, name);
    if (value == null) {
      return null;
    }
    for (E constant : constants) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : constants) {
      allowed.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(name + " is '" + value + "'; use one of " + allowed);
  }

  /** {@code CADRE_HEADER_*} variables, and OpenAI's organization and project for OpenAI. */
  private static Map<String, String> headers(Map<String, String> env, String provider) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (provider.equals("openai") || provider.equals("openai-responses")) {
      String organization = value(env, "OPENAI_ORG_ID");
      if (organization != null) {
        headers.put("OpenAI-Organization", organization);
      }
      String project = value(env, "OPENAI_PROJECT_ID");
      if (project != null) {
        headers.put("OpenAI-Project", project);
      }
    }
    for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
      String name = variable.getKey();
      if (name.startsWith(HEADER_PREFIX) && name.length() > HEADER_PREFIX.length()) {
        String value = value(env, name);
        if (value != null) {
          String header = name.substring(HEADER_PREFIX.length()).replace('_', '-');
          headers.put(header.toLowerCase(Locale.ROOT), value);
        }
      }
    }
    return headers;
  }

  /** Whether this config talks to no network at all. */
  public boolean offline() {
    return provider.equals("replay");
  }

  /**
   * Builds the model.
   *
   * @param offlineDefault the model to use for the replay provider when no replay file is set
   * @throws IllegalArgumentException naming the variable to set when something required is missing
   */
  public ChatModel create(Supplier<? extends ChatModel> offlineDefault) {
    switch (provider) {
      case "replay":
        if (replayFile != null) {
          if (!Files.isRegularFile(replayFile)) {
            throw new IllegalArgumentException(
                "CADRE_REPLAY_FILE names " + replayFile + ", which is not a readable file");
          }
          try {
            return ReplayChatModel.fromJsonLines(replayFile);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay script " + replayFile, e);
          }
        }
        return offlineDefault.get();
      case "openai":
        return OpenAiChatModel.builder()
            .baseUrl(baseUrl == null ? "https://api.openai.com/v1" : baseUrl)
            .apiKey(require(apiKey, baseUrl == null, "CADRE_API_KEY (or OPENAI_API_KEY)"))
            .model(model == null ? "gpt-4o-mini" : model)
            .headers(headers)
            .reasoningEffort(reasoningEffort)
            .verbosity(verbosity)
            .build();
      case "openai-responses":
        return OpenAiResponsesModel.builder()
            .baseUrl(baseUrl == null ? OpenAiResponsesModel.OPENAI_BASE_URL : baseUrl)
            .apiKey(require(apiKey, baseUrl == null, "CADRE_API_KEY (or OPENAI_API_KEY)"))
            .model(model == null ? "o4-mini" : model)
            .headers(headers)
            .reasoningEffort(reasoningEffort)
            .verbosity(verbosity)
            .build();
      case "ollama":
        return OpenAiChatModel.builder()
            .baseUrl(baseUrl == null ? "http://localhost:11434/v1" : baseUrl)
            .apiKey(apiKey)
            .model(require(model, true, "CADRE_MODEL (an Ollama model such as llama3.1)"))
            .headers(headers)
            .reasoningEffort(reasoningEffort)
            .verbosity(verbosity)
            .build();
      case "azure":
        return OpenAiChatModel.builder()
            .azure(
                require(baseUrl, true, "CADRE_BASE_URL (the Azure resource endpoint)"),
                require(model, true, "CADRE_MODEL (the Azure deployment name)"),
                azureApiVersion)
            .apiKey(require(apiKey, true, "CADRE_API_KEY (or AZURE_OPENAI_API_KEY)"))
            .model(model)
            .headers(headers)
            .reasoningEffort(reasoningEffort)
            .verbosity(verbosity)
            .build();
      case "anthropic":
        return AnthropicChatModel.builder()
            .baseUrl(baseUrl == null ? "https://api.anthropic.com" : baseUrl)
            .apiKey(require(apiKey, true, "CADRE_API_KEY (or ANTHROPIC_API_KEY)"))
            .model(model == null ? "claude-sonnet-4-5" : model)
            .headers(headers)
            .build();
      default:
        throw new IllegalArgumentException(
            "CADRE_PROVIDER is '"
                + provider
                + "'; use openai, openai-responses, azure, anthropic, ollama or replay");
    }
  }

  /**
   * Builds the embedding model: the provider's OpenAI-compatible {@code /embeddings} endpoint with
   * this config's base URL, key and headers when {@code CADRE_EMBEDDING_MODEL} is set, otherwise
   * (and always for the replay provider) {@code offlineDefault}.
   *
   * @throws IllegalArgumentException naming the variable to set, or for Anthropic, which has no
   *     embeddings API
   */
  public EmbeddingModel createEmbeddings(Supplier<? extends EmbeddingModel> offlineDefault) {
    if (embeddingModel == null || offline()) {
      return offlineDefault.get();
    }
    OpenAiEmbeddingModel.Builder builder = OpenAiEmbeddingModel.builder().headers(headers);
    switch (provider) {
      case "openai", "openai-responses" -> builder
          .baseUrl(baseUrl == null ? OpenAiChatModel.OPENAI_BASE_URL : baseUrl)
          .apiKey(require(apiKey, baseUrl == null, "CADRE_API_KEY (or OPENAI_API_KEY)"))
          .model(embeddingModel);
      case "ollama" -> builder
          .baseUrl(baseUrl == null ? "http://localhost:11434/v1" : baseUrl)
          .apiKey(apiKey)
          .model(embeddingModel);
      case "azure" -> builder
          .azure(
              require(baseUrl, true, "CADRE_BASE_URL (the Azure resource endpoint)"),
              embeddingModel,
              azureApiVersion)
          .apiKey(require(apiKey, true, "CADRE_API_KEY (or AZURE_OPENAI_API_KEY)"));
      default -> throw new IllegalArgumentException(
          "CADRE_EMBEDDING_MODEL is set, but the "
              + provider
              + " provider has no OpenAI-compatible embeddings API; unset it to embed offline,"
              + " or set CADRE_PROVIDER to openai, azure or ollama");
    }
    if (embeddingDimensions != null) {
      builder.dimensions(embeddingDimensions);
    }
    return builder.build();
  }

  private String require(String value, boolean required, String variable) {
    if (value == null && required) {
      throw new IllegalArgumentException(
          "the " + provider + " provider needs " + variable + " to be set");
    }
    return value;
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  @Override
  public String toString() {
    return "ModelConfig[provider="
        + provider
        + ", model="
        + model
        + ", apiKey="
        + (apiKey == null ? "unset" : "***")
        + ", baseUrl="
        + Secrets.redactUrl(baseUrl)
        + ", replayFile="
        + replayFile
        + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
        + (reasoningEffort == null ? "" : ", reasoningEffort=" + reasoningEffort)
        + (verbosity == null ? "" : ", verbosity=" + verbosity)
        + (embeddingModel == null ? "" : ", embeddingModel=" + embeddingModel)
        + (embeddingDimensions == null ? "" : ", embeddingDimensions=" + embeddingDimensions)
        + "]";
  }
}
