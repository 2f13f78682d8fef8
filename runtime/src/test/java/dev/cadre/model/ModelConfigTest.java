package dev.cadre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.Json;
import dev.cadre.model.anthropic.AnthropicChatModel;
import dev.cadre.model.openai.OpenAiChatModel;
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
        .hasMessageContaining("openai, azure, anthropic, ollama or replay");
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
}
