package dev.cadre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.model.anthropic.AnthropicChatModel;
import dev.cadre.model.openai.OpenAiChatModel;
import dev.cadre.model.openai.responses.OpenAiResponsesModel;
import dev.cadre.model.replay.ReplayChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

  private static final ReplayChatModel OFFLINE = ReplayChatModel.ofTexts("offline");

  @Test
  void noVariablesMeansOffline() {
    ModelConfig config = ModelConfig.fromEnvironment(Map.of());

    assertThat(config.offline()).isTrue();
    assertThat(config.create(() -> OFFLINE)).isSameAs(OFFLINE);
  }

  @Test
  void aReplayFileReplacesTheOfflineDefault(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("s.jsonl"), "{\"text\":\"from file\"}\n");
    ChatModel model =
        ModelConfig.fromEnvironment(Map.of("CADRE_REPLAY_FILE", script.toString()))
            .create(() -> OFFLINE);

    assertThat(
            model
                .chat(dev.cadre.model.ChatRequest.builder().message(ChatMessage.user("q")).build())
                .text())
        .isEqualTo("from file");
    assertThatThrownBy(
            () ->
                ModelConfig.fromEnvironment(
                        Map.of("CADRE_REPLAY_FILE", dir.resolve("no").toString()))
                    .create(() -> OFFLINE))
        .hasMessageContaining("CADRE_REPLAY_FILE");
  }

  @Test
  void aKeyChoosesTheLiveProviderItBelongsTo() {
    assertThat(ModelConfig.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-1")).create(() -> OFFLINE))
        .isInstanceOf(OpenAiChatModel.class);
    assertThat(
            ModelConfig.fromEnvironment(Map.of("ANTHROPIC_API_KEY", "sk-ant"))
                .create(() -> OFFLINE))
        .isInstanceOf(AnthropicChatModel.class);
    ModelConfig ollama =
        ModelConfig.fromEnvironment(Map.of("CADRE_PROVIDER", "Ollama", "CADRE_MODEL", "llama3.1"));
    assertThat(ollama.provider()).isEqualTo("ollama");
    assertThat(ollama.create(() -> OFFLINE)).isInstanceOf(OpenAiChatModel.class);
  }

  @Test
  void missingSettingsNameTheVariable() {
    assertThatThrownBy(
            () ->
                ModelConfig.fromEnvironment(Map.of("CADRE_PROVIDER", "anthropic"))
                    .create(() -> OFFLINE))
        .hasMessageContaining("ANTHROPIC_API_KEY");
    assertThatThrownBy(
            () ->
                ModelConfig.fromEnvironment(Map.of("CADRE_PROVIDER", "azure", "CADRE_API_KEY", "k"))
                    .create(() -> OFFLINE))
        .hasMessageContaining("CADRE_BASE_URL");
    assertThatThrownBy(
            () ->
                ModelConfig.fromEnvironment(Map.of("CADRE_PROVIDER", "gemini"))
                    .create(() -> OFFLINE))
        .hasMessageContaining("gemini")
        .hasMessageContaining("openai, openai-responses, azure, anthropic, ollama or replay");
  }

  @Test
  void theKeyIsNeverShownOrSerialised() {
    ModelConfig config = ModelConfig.fromEnvironment(Map.of("CADRE_API_KEY", "sk-secret-123"));

    assertThat(config.apiKey()).isEqualTo("sk-secret-123");
    assertThat(config.toString()).doesNotContain("sk-secret-123");
    assertThat(Json.write(config)).doesNotContain("sk-secret-123");
    assertThat(config.create(() -> OFFLINE).toString()).doesNotContain("sk-secret-123");
  }

  @Test
  void toStringHidesCredentialsInTheBaseUrlAndHeaderValues() {
    ModelConfig config =
        ModelConfig.fromEnvironment(
            Map.of(
                "CADRE_PROVIDER",
                "openai",
                "CADRE_BASE_URL",
                "https://cadre:pa55w0rd@gateway.example/v1?key=AIzaSyD-0123&region=eu",
                "CADRE_HEADER_X_GATEWAY_TOKEN",
                "tok-9f8e7d6c"));

    assertThat(config.toString())
        .contains("baseUrl=https://***:***@gateway.example/v1?key=***&region=eu")
        .contains("headers=[x-gateway-token]")
        .doesNotContain("pa55w0rd")
        .doesNotContain("AIzaSyD-0123")
        .doesNotContain("tok-9f8e7d6c");
    assertThat(Json.write(config)).doesNotContain("tok-9f8e7d6c");
  }

  @Test
  void headerVariablesAndOpenAisOrganizationAndProjectAreSent() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .setHeader("Content-Type", "application/json")
              .body(
                  "{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                      + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}")
              .build());
      ModelConfig config =
          ModelConfig.fromEnvironment(
              Map.of(
                  "CADRE_BASE_URL", server.url("/v1").toString(),
                  "CADRE_API_KEY", "sk-header-test",
                  "OPENAI_ORG_ID", "org-cadre",
                  "OPENAI_PROJECT_ID", "proj_cadre",
                  "CADRE_HEADER_X_TRACE_ID", "trace-1"));

      assertThat(config.headers())
          .containsOnly(
              Map.entry("OpenAI-Organization", "org-cadre"),
              Map.entry("OpenAI-Project", "proj_cadre"),
              Map.entry("x-trace-id", "trace-1"));
      config
          .create(() -> OFFLINE)
          .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

      RecordedRequest sent = server.takeRequest();
      assertThat(sent.getHeaders().get("OpenAI-Organization")).isEqualTo("org-cadre");
      assertThat(sent.getHeaders().get("OpenAI-Project")).isEqualTo("proj_cadre");
      assertThat(sent.getHeaders().get("X-Trace-Id")).isEqualTo("trace-1");
    }
  }

  @Test
  void anAnthropicBetaHeaderComesFromItsVariable() {
    ModelConfig config =
        ModelConfig.fromEnvironment(
            Map.of(
                "ANTHROPIC_API_KEY", "sk-ant-1",
                "CADRE_HEADER_ANTHROPIC_BETA", "prompt-caching-2024-07-31",
                "OPENAI_ORG_ID", "org-not-for-anthropic"));

    assertThat(config.headers())
        .containsOnly(Map.entry("anthropic-beta", "prompt-caching-2024-07-31"));
  }

  @Test
  void openaiResponsesPicksTheResponsesClientWithOpenAisKeyAndHeaders() throws Exception {
    ModelConfig live =
        ModelConfig.fromEnvironment(
            Map.of("CADRE_PROVIDER", "OpenAI-Responses", "OPENAI_API_KEY", "sk-resp-1"));
    ChatModel model = live.create(() -> OFFLINE);
    assertThat(model).isInstanceOf(OpenAiResponsesModel.class);
    assertThat(model.info().model()).isEqualTo("o4-mini");
    assertThat(model.provider()).isEqualTo("openai");
    assertThat(model.toString()).doesNotContain("sk-resp-1");
    assertThatThrownBy(
            () ->
                ModelConfig.fromEnvironment(Map.of("CADRE_PROVIDER", "openai-responses"))
                    .create(() -> OFFLINE))
        .hasMessageContaining("CADRE_API_KEY (or OPENAI_API_KEY)");

    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .setHeader("Content-Type", "application/json")
              .body(
                  "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                      + "\"model\":\"gpt-5-mini\",\"output\":[{\"type\":\"message\","
                      + "\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":"
                      + "[{\"type\":\"output_text\",\"text\":\"ok\"}]}]}")
              .build());
      ModelConfig config =
          ModelConfig.fromEnvironment(
              Map.of(
                  "CADRE_PROVIDER", "openai-responses",
                  "CADRE_BASE_URL", server.url("/v1").toString(),
                  "CADRE_MODEL", "gpt-5-mini",
                  "OPENAI_API_KEY", "sk-resp-2",
                  "OPENAI_PROJECT_ID", "proj_cadre",
                  "CADRE_REASONING_EFFORT", "high",
                  "CADRE_VERBOSITY", "low"));

      ChatResponse reply =
          config
              .create(() -> OFFLINE)
              .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

      assertThat(reply.text()).isEqualTo("ok");
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/responses");
      assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-resp-2");
      assertThat(sent.getHeaders().get("OpenAI-Project")).isEqualTo("proj_cadre");
      JsonNode body = Json.parse(sent.getBody().utf8());
      assertThat(body.path("model").asText()).isEqualTo("gpt-5-mini");
      // The environment's reasoning settings are the model's defaults, as for Chat Completions.
      assertThat(body.at("/reasoning/effort").asText()).isEqualTo("high");
      assertThat(body.at("/text/verbosity").asText()).isEqualTo("low");
    }
  }
  @Test
  void theEmbeddingModelVariableSelectsTheProvidersEmbeddingsEndpoint() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .setHeader("Content-Type", "application/json")
              .body(
                  "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
                      + "\"embedding\":[0.5,0.5]}],\"model\":\"m\","
                      + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}")
              .build());
      ModelConfig config =
          ModelConfig.fromEnvironment(
              Map.of(
                  "CADRE_BASE_URL", server.url("/v1").toString(),
                  "CADRE_API_KEY", "sk-embedding-test",
                  "CADRE_EMBEDDING_MODEL", "text-embedding-3-small",
                  "CADRE_EMBEDDING_DIMENSIONS", "2"));

      assertThat(config.embeddingModel()).isEqualTo("text-embedding-3-small");
      float[] vector = config.createEmbeddings(HashingEmbeddingModel::new).embed("hello");

      assertThat(vector).containsExactly(0.5f, 0.5f);
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
      assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-embedding-test");
      JsonNode body = Json.parse(sent.getBody().utf8());
      assertThat(body.path("model").asText()).isEqualTo("text-embedding-3-small");
      assertThat(body.path("dimensions").asInt()).isEqualTo(2);
    }
  }

  @Test
  void withoutAnEmbeddingModelTheOfflineDefaultEmbeds() {
    HashingEmbeddingModel hashing = new HashingEmbeddingModel();

    assertThat(
            ModelConfig.fromEnvironment(Map.of("CADRE_API_KEY", "sk-x"))
                .createEmbeddings(() -> hashing))
        .isSameAs(hashing);
  }

  @Test
  void embeddingSettingsThatCannotWorkNameTheVariable() {
    assertThatThrownBy(
            () ->
                ModelConfig.fromEnvironment(
                        Map.of(
                            "ANTHROPIC_API_KEY", "sk-ant-x",
                            "CADRE_EMBEDDING_MODEL", "voyage-3"))
                    .createEmbeddings(HashingEmbeddingModel::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CADRE_EMBEDDING_MODEL")
        .hasMessageContaining("anthropic");
    assertThatThrownBy(
            () -> ModelConfig.fromEnvironment(Map.of("CADRE_EMBEDDING_DIMENSIONS", "zero")))
        .hasMessageContaining("CADRE_EMBEDDING_DIMENSIONS is 'zero'");
  }
}
