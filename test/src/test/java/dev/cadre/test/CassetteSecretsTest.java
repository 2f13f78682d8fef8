package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret that reaches an exchange (a tool echoing it, a model quoting it) is never written. */
class CassetteSecretsTest {

  private static final String KEY = "sk-live-9d8c7b6a5f4e3d2c1b0a";

  @TempDir Path dir;

  private static AssistantAgent agent(Cassette cassette, Tool tool) {
    return AssistantAgent.builder("ops").model(cassette.model("model")).tool(tool).build();
  }

  private static Tool config(String value) {
    return Tool.builder("read_config")
        .description("Reads the service's configuration")
        .function((arguments, context) -> "api_key=" + value)
        .build();
  }

  @Test
  void aSecretEchoedByAToolOrAModelIsMaskedWholeAndInPieces() throws Exception {
    Path file = dir.resolve("secret.jsonl");
    ReplayChatModel live =
        ReplayChatModel.builder()
            .toolCall("read_config", "{}")
            // The model quotes part of the key back, as providers' error messages do.
            .text("The key starts with " + KEY.substring(0, 12) + ".")
            .build();
    try (Cassette cassette =
        Cassette.builder(file).mode(Mode.RECORD).live(track -> live).secret(KEY).build()) {
      agent(cassette, cassette.tool(config(KEY))).run("What key does the service use?");
    }

    String written = Files.readString(file);
    assertThat(written).doesNotContain(KEY).doesNotContain(KEY.substring(0, 12));
    for (int i = 0; i + 8 <= KEY.length(); i++) {
      assertThat(written).doesNotContain(KEY.substring(i, i + 8));
    }
    assertThat(written).contains("api_key=***").contains("The key starts with ***.");

    // The replay answers with the masked values and matches the masked requests.
    try (Cassette cassette = Cassette.builder(file).build()) {
      String answer =
          agent(cassette, cassette.tool(config("unused")))
              .run("What key does the service use?")
              .text();
      assertThat(answer).isEqualTo("The key starts with ***.");
    }
  }
}
