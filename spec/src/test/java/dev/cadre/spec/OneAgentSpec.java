package dev.cadre.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The spec file of the approval and memory tests: one agent, one turn, on a replay script. */
final class OneAgentSpec {

  private OneAgentSpec() {}

  /**
   * Writes {@code script} and {@code desk.yaml} into {@code dir}: a round robin of the agent {@code
   * clerk} with {@code tools}, followed by the agent's {@code more} keys (indented by four).
   */
  static Path write(Path dir, String script, String tools, String more) throws IOException {
    Files.writeString(dir.resolve("script.jsonl"), script);
    return Files.writeString(
        dir.resolve("desk.yaml"),
        "name: desk\n"
            + "pattern: roundRobin\n"
            + "model: {provider: replay, script: script.jsonl}\n"
            + "maxTurns: 1\n"
            + "participants:\n"
            + "  - name: clerk\n"
            + "    tools: "
            + tools
            + "\n"
            + more);
  }
}
