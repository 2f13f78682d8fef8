package dev.cadre.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.dsl.Cadre;
import dev.cadre.model.CachePolicy;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ContentPart;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Choosing a model" examples, run as written on a replay model. */
class ModelChoicesTest {

  @TempDir Path dir;

  @Test
  void thePhotoReachesTheModelAsAnImageWithItsDetail() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1};
    Path photo = Files.write(dir.resolve("cat.png"), png);
    ReplayChatModel model = ReplayChatModel.ofTexts("A cat.");

    assertThat(ModelChoices.describe(model, photo).message().content()).isEqualTo("A cat.");

    ChatMessage.User asked = (ChatMessage.User) model.requests().get(0).messages().get(1);
    assertThat(asked.parts())
        .containsExactly(
            ContentPart.text("What is in this photo?"),
            ContentPart.image(png, "image/png").withDetail("low"));
  }

  @Test
  void theReasoningModelsAreBuiltForTheirProviders() {
    List<ChatModel> models = ModelChoices.reasoningModels("sk-test-0000", "sk-ant-test-0000");

    assertThat(models).extracting(ChatModel::provider).containsExactly("openai", "anthropic");
  }

  @Test
  void theAnalystAsksForTheConversationToBeCached() {
    ReplayChatModel model = ReplayChatModel.ofTexts("Revenue rose.");

    ModelChoices.cachedAgent(model).run("How did Q3 go?");

    assertThat(model.requests().get(0).cachePolicy()).isEqualTo(CachePolicy.CONVERSATION);
  }

  @Test
  void theConsoleAndTheReportShowTheCost() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .info(ModelInfo.capable("gpt-4.1-2025-04-14"))
            .usage(new Usage(100_000, 10_000, 0, 80_000, 0))
            .text("Q3 revenue rose 12%.")
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Path html;
    try (Team team =
        Cadre.roundRobin("summary")
            .participant(Cadre.assistant("writer").model(model))
            .termination(Terminations.maxMessages(2))
            .build()) {
      html =
          ModelChoices.runWithCost(
              team, new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    }

    // 20,000 uncached at 2.00, 80,000 cached at 0.50 and 10,000 out at 8.00 per million: 0.16.
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("0.1600");
    assertThat(Files.readString(html)).contains("cost <span class=\"cost\">0.1600</span>");
  }
}
