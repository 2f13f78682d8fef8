package dev.cadre.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cadre.agent.AgentMessage;
import dev.cadre.code.CodeExecutor;
import dev.cadre.code.CodeExecutors;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Code execution through the DSL, on the real bubblewrap sandbox. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CodeExecutionDslTest {

  @BeforeAll
  static void bubblewrap() {
    boolean installed = Files.isExecutable(Path.of("/usr/bin/bwrap"));
    if (!installed && "1".equals(System.getenv("CADRE_REQUIRE_BWRAP"))) {
      throw new AssertionError("CADRE_REQUIRE_BWRAP=1 and /usr/bin/bwrap is missing");
    }
    assumeTrue(installed, "bubblewrap is not installed (apt-get install bubblewrap)");
  }

  @Test
  void aCoderAndACodeExecutorInARoundRobin() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "```python\nimport statistics\nprint(statistics.mean([3, 5, 10]))\n```",
            "The mean is 6. TERMINATE");
    try (CodeExecutor sandbox = CodeExecutors.sandboxed();
        Team team =
            Cadre.roundRobin("dev")
                .participant(Cadre.assistant("coder").model(model).systemMessage("Write Python."))
                .participant(Cadre.codeExecutor("executor").executor(sandbox).build())
                .termination(Terminations.textMention("TERMINATE"))
                .build()) {
      TaskResult result = team.run("What is the mean of 3, 5 and 10?");
      assertThat(result.messages())
          .extracting(AgentMessage::source)
          .containsExactly("user", "coder", "executor", "coder");
      assertThat(result.messages().get(2).content()).isEqualTo("6\n");
    }
  }

  @Test
  void anAssistantWithTheRunCodeTool() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("run_code", "{\"language\": \"sh\", \"code\": \"echo $((6 * 7))\"}")
            .text("It is 42.")
            .build();
    try (CodeExecutor sandbox = CodeExecutors.sandboxed()) {
      var assistant = Cadre.assistant("calc").model(model).tool(Cadre.runCode(sandbox)).build();
      var response =
          assistant.onMessages(
              java.util.List.of(AgentMessage.user("6 times 7?")),
              dev.cadre.core.CancellationToken.none(),
              event -> {});
      assertThat(response.text()).isEqualTo("It is 42.");
      var results = (ChatMessage.ToolResults) model.lastRequest().messages().get(3);
      assertThat(results.results().get(0).content()).isEqualTo("42\n");
    }
  }
}
