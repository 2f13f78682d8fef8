package dev.cadre.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.present.Console;
import dev.cadre.team.TaskResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FeatureTeamTest {

  @Test
  void theOfflineTeamBuildsTheFeatureAndStopsWhenTheWriterIsDone() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FeatureTeam sample = new FeatureTeam();

    TaskResult result;
    try (Console console =
        Console.builder(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .terminal(false)
            .build()) {
      result = sample.run(sample.offlineModel(), sample.defaultTask(), console);
    }

    assertThat(result.messages())
        .extracting(AgentMessage::source)
        .containsExactly("user", "planner", "researcher", "coder", "reviewer", "tester", "writer");
    assertThat(result.stopReason()).isEqualTo("Text 'DONE' mentioned");
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    assertThat(transcript)
        .contains("---------- user ----------\nAdd a --dry-run flag")
        .contains("  <- search_docs: DeployCommand parses its flags with picocli")
        .contains("---------- writer ----------\nRelease note:")
        .contains("stop reason: Text 'DONE' mentioned")
        .contains("total           6           1       4695         277");
  }
}
