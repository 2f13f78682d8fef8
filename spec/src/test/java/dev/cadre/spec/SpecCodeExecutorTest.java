package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cadre.agent.AgentEvent;
import dev.cadre.code.CodeExecutorAgent;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A participant written with {@code codeExecutor:}: a code executor agent in a spec's team. */
@Timeout(60)
class SpecCodeExecutorTest {

  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Files.writeString(dir.resolve("numbers.txt"), "3\n4\n5\n");
    Files.writeString(
        dir.resolve("coder.jsonl"),
        "{\"text\": \"```python\\nprint(sum(int(n) for n in open('numbers.txt')))\\n```\"}\n"
            + "{\"text\": \"The sum is 12.\"}\n");
    return Files.writeString(dir.resolve("team.yaml"), text);
  }

  /** A team of one coder whose agent keys, from line 6 on, are {@code keys}. */
  private Path coder(String keys) throws Exception {
    return write(
        "name: desk\n"
            + "pattern: roundRobin\n"
            + "maxTurns: 1\n"
            + "participants:\n"
            + "  - name: coder\n"
            + keys);
  }

  private static List<SpecFinding> findings(Path spec) {
    Throwable thrown = catchThrowable(() -> Specs.load(spec, SpecOptions.defaults().env(Map.of())));
    assertThat(thrown).isInstanceOf(SpecException.class);
    return ((SpecException) thrown).findings();
  }

  /** Loading {@code spec} fails with one finding: {@code tag}, on {@code line}, saying each part. */
  private static void oneFinding(Path spec, String tag, int line, String... parts) {
    assertThat(findings(spec))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.tag()).isEqualTo(tag);
              assertThat(finding.message()).contains(parts);
              assertThat(finding.where().line()).isEqualTo(line);
            });
  }

  @Test
  void theAgentsCodeRunsInTheSandboxOnTheFilesCopiedIn() throws Exception {
    Path spec =
        coder(
            "    description: Adds up numbers\n"
                + "    model: {provider: replay, script: coder.jsonl}\n"
                + "    codeExecutor: {executor: bubblewrap, files: [numbers.txt]}\n");

    Path workingDirectory;
    try (LoadedTeam loaded = Specs.load(spec, SpecOptions.defaults().env(Map.of()))) {
      CodeExecutorAgent coder = (CodeExecutorAgent) loaded.team().spec().participants().get(0);
      workingDirectory = coder.executor().workingDirectory();
      assertThat(coder.executor().name()).isEqualTo("bubblewrap");
      assertThat(coder.description()).isEqualTo("Adds up numbers");
      TaskResult result = loaded.team().run("Add up the numbers in numbers.txt");

      List<String> inner =
          result.timeline().stream()
              .filter(TeamEvent.Activity.class::isInstance)
              .map(event -> ((TeamEvent.Activity) event).event())
              .filter(AgentEvent.InnerMessage.class::isInstance)
              .map(event -> ((AgentEvent.InnerMessage) event).message().content())
              .toList();
      // The code, then what the sandbox printed from the copied file.
      assertThat(inner).hasSize(2);
      assertThat(inner.get(1)).isEqualTo("12\n");
      assertThat(result.lastMessage().content()).isEqualTo("The sum is 12.");
    }
    // Closing the loaded team closes its executor, and the working directory goes with it.
    assertThat(workingDirectory).doesNotExist();
  }

  @Test
  void anUnknownExecutorIsAFindingNamingTheAgentAndTheKnownNames() throws Exception {
    Path spec =
        coder(
            "    model: {provider: replay, script: coder.jsonl}\n"
                + "    codeExecutor: {executor: firejail}\n");

    oneFinding(
        spec, "Cadre/SpecValue", 7, "agent 'coder'", "'firejail'", "bubblewrap", "unsandboxed");
  }

  @Test
  void aCodeExecutorAgentGivenToolsIsAFindingOnTheToolsKey() throws Exception {
    Path spec =
        coder(
            "    model: {provider: replay, script: coder.jsonl}\n"
                + "    tools: [search]\n"
                + "    codeExecutor: {executor: bubblewrap}\n");

    oneFinding(
        spec,
        "Cadre/SpecCodeExecutor",
        7,
        "participants[0].tools",
        "code executor agent",
        "run_code");
  }

  @Test
  void aFileThatIsNotThereIsAFindingNamingIt() throws Exception {
    Path spec =
        coder(
            "    model: {provider: replay, script: coder.jsonl}\n"
                + "    codeExecutor: {files: [missing.csv]}\n");

    oneFinding(
        spec,
        "Cadre/SpecCodeExecutor",
        7,
        "agent 'coder'",
        "missing.csv",
        "there is no such file");
  }
}
