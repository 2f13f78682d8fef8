package dev.cadre.model.openai;

import static dev.cadre.model.openai.OpenAiFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.model.ModelInfo;
import org.junit.jupiter.api.Test;

/** Configuration errors and the secrecy of the key in {@link OpenAiChatModel.Builder}. */
class OpenAiChatModelBuilderTest {

  @Test
  void modelIsRequired() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().apiKey(KEY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a model")
        .hasMessageContaining(".model(");
  }

  @Test
  void openAiItselfNeedsAKey() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().model("gpt-4o-mini").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey")
        .hasMessageContaining("api.openai.com");
  }

  @Test
  void localServerNeedsNoKey() {
    OpenAiChatModel model =
        OpenAiChatModel.builder().baseUrl("http://localhost:11434/v1").model("llama3.2").build();

    assertThat(model.toString()).contains("apiKey=none").contains("llama3.2");
  }

  @Test
  void baseUrlAndAzureTogetherAreRejected() {
    assertThatThrownBy(
            () ->
                OpenAiChatModel.builder()
                    .baseUrl("http://localhost:8000/v1")
                    .azure("https://r.openai.azure.com", "d", "2024-10-21")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl")
        .hasMessageContaining("azure");
  }

  @Test
  void badUrlsAreNamed() {
    assertThatThrownBy(
            () -> OpenAiChatModel.builder().baseUrl("localhost:11434").model("m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl 'localhost:11434'");
    assertThatThrownBy(
            () -> OpenAiChatModel.builder().azure("my-resource", "d", "2024-10-21").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("azure endpoint 'my-resource'");
    assertThatThrownBy(() -> OpenAiChatModel.builder().azure("https://r", " ", "2024-10-21"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("azure deployment");
  }

  @Test
  void blankKeyIsRejected() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().apiKey("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
  }

  @Test
  void toStringHidesTheKey() {
    OpenAiChatModel openAi = OpenAiChatModel.builder().apiKey(KEY).model("gpt-4o-mini").build();
    OpenAiChatModel azure =
        OpenAiChatModel.builder()
            .azure("https://r.openai.azure.com", "prod", "2024-10-21")
            .apiKey(KEY)
            .build();

    assertThat(openAi.toString())
        .doesNotContain(KEY)
        .contains("apiKey=***")
        .contains("https://api.openai.com/v1/chat/completions");
    assertThat(azure.toString()).doesNotContain(KEY).contains("azure-openai");
  }

  @Test
  void modelInfoDefaultsToCapableAndCanBeSet() {
    OpenAiChatModel plain =
        OpenAiChatModel.builder().baseUrl("http://localhost:1234/v1").model("qwen2.5").build();
    ModelInfo limited = new ModelInfo("qwen2.5", false, false, false, false, 32_768);
    OpenAiChatModel custom =
        OpenAiChatModel.builder()
            .baseUrl("http://localhost:1234/v1")
            .model("qwen2.5")
            .modelInfo(limited)
            .build();

    assertThat(plain.info()).isEqualTo(ModelInfo.capable("qwen2.5"));
    assertThat(custom.info()).isEqualTo(limited);
  }

  @Test
  void aKeyReadWithItsNewlineIsStrippedAndOneWithALineBreakInsideIsRefusedUnshown() {
    assertThat(OpenAiChatModel.builder().apiKey(KEY + "\n").model("m").build().toString())
        .contains("apiKey=***");
    assertThatThrownBy(() -> OpenAiChatModel.builder().apiKey(KEY + "\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "OpenAiChatModel: apiKey contains a line break at position "
                + (KEY.length() + 1)
                + "; it cannot be sent")
        .hasMessageNotContaining(KEY);
    assertThatThrownBy(
            () ->
                OpenAiChatModel.builder()
                    .apiKey(KEY)
                    .model("m")
                    .header("OpenAI-Project", "prøj")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header 'OpenAI-Project' contains a non-ASCII character (U+00F8)");
  }
}
