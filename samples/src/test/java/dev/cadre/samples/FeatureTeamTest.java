package dev.cadre.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.team.TaskResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FeatureTeamTest {

  @Test
  void theOfflineTeamBuildsTheFeatureAndStopsWhenTheWriterIsDone() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    TaskResult result =
        FeatureTeam.run(
            Main.replay("feature-team.jsonl"),
            Main.TASK,
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(result.messages())
        .extracting(AgentMessage::source)
        .containsExactly("user", "planner", "researcher", "coder", "reviewer", "tester", "writer");
    assertThat(result.stopReason()).isEqualTo("text \"DONE\" mentioned by writer");
    assertThat(result.failed()).isFalse();
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    assertThat(transcript)
        .contains("user> Add a --dry-run flag")
        .contains("<- search_docs: DeployCommand parses its flags with picocli")
        .contains("writer> Release note:")
        .contains("[stopped: text \"DONE\" mentioned by writer; 4695 tokens in, 277 out]");
  }
}
