package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.mcp.CadreMcpServerMain;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolLibrary;
import dev.cadre.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec builds a team that runs: models from the spec, tools from libraries and MCP servers. */
class SpecLoadTest {

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static SpecOptions offline() {
    return SpecOptions.defaults().env(Map.of());
  }

  private static List<String> transcript(TaskResult result) {
    return result.messages().stream().map(m -> m.source() + ": " + m.content()).toList();
  }

  private static List<SpecFinding> findings(Path file, SpecOptions options) {
    Throwable thrown = catchThrowable(() -> Specs.load(file, options).close());
    assertThat(thrown).isInstanceOf(SpecException.class);
    return ((SpecException) thrown).findings();
  }

  @Test
  void aSpecRunsOfflineOnTheReplayScriptItsAgentsShare() throws Exception {
    write("script.jsonl", "{\"text\": \"A draft.\"}\n{\"text\": \"APPROVE\"}\n");
    Path spec =
        write(
            "desk.yaml",
            "name: desk\n"
                + "pattern: roundRobin\n"
                + "model: {provider: replay, script: script.jsonl}\n"
                + "termination: textMention(\"APPROVE\") or maxMessages(6)\n"
                + "participants:\n"
                + "  - name: writer\n"
                + "    systemMessage: Write.\n"
                + "  - name: critic\n"
                + "    systemMessage: Say APPROVE when it is good.\n");

    try (LoadedTeam loaded = Specs.load(spec, offline())) {
      TaskResult result = loaded.team().run("Write a line.");

      assertThat(transcript(result))
          .containsExactly("user: Write a line.", "writer: A draft.", "critic: APPROVE");
      assertThat(result.stopReason()).isEqualTo("Text 'APPROVE' mentioned");
    }
  }

  @Test
  void toolsAreFoundByNameInTheServiceLoadersLibraries() throws Exception {
    write(
        "script.jsonl",
        "{\"tool_calls\": [{\"name\": \"add\", \"arguments\": {\"a\": 2, \"b\": 3}}]}\n"
            + "{\"text\": \"The sum is 5.\"}\n");
    Path spec =
        write(
            "calc.yaml",
            "name: calc\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 1\n"
                + "participants:\n"
                + "  - name: adder\n"
                + "    model: {provider: replay, script: script.jsonl}\n"
                + "    tools: [add]\n");

    try (LoadedTeam loaded = Specs.load(spec, offline())) {
      AssistantAgent adder = (AssistantAgent) loaded.team().spec().participants().get(0);
      TaskResult result = loaded.team().run("2 + 3?");

      assertThat(adder.toolNames()).containsExactly("add");
      assertThat(result.lastMessage().content()).isEqualTo("The sum is 5.");
      assertThat(toolOutputs(adder)).containsExactly("5");
    }
  }

  /** Two tools of one holder that share its state, as a holder's @Tool methods do. */
  static final class CounterTools implements ToolLibrary {
    @Override
    public String name() {
      return "counter";
    }

    @Override
    public List<String> toolNames() {
      return List.of("bump", "total");
    }

    @Override
    public List<Tool> tools() {
      AtomicInteger count = new AtomicInteger();
      return List.of(
          Tool.builder("bump").description("Counts one").function((a, c) -> count.incrementAndGet()).build(),
          Tool.builder("total").description("The count").function((a, c) -> count.get()).build());
    }
  }

  @Test
  void anAgentsToolsOfOneLibraryShareOneHolder() throws Exception {
    write(
        "script.jsonl",
        "{\"tool_calls\": [{\"name\": \"bump\", \"arguments\": {}}]}\n"
            + "{\"tool_calls\": [{\"name\": \"total\", \"arguments\": {}}]}\n"
            + "{\"text\": \"Counted.\"}\n");
    Path spec =
        write(
            "count.yaml",
            "name: count\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 1\n"
                + "participants:\n"
                + "  - name: counter\n"
                + "    model: {provider: replay, script: script.jsonl}\n"
                + "    tools: [bump, total]\n");

    try (LoadedTeam loaded =
        Specs.load(spec, offline().toolLibraries(List.of(new CounterTools())))) {
      loaded.team().run("Count");
      AssistantAgent counter = (AssistantAgent) loaded.team().spec().participants().get(0);

      assertThat(toolOutputs(counter)).containsExactly("1", "1");
    }
  }

  @Test
  void unknownToolsAndModelsThatCannotBeMadeAreReportedTogether() throws Exception {
    Path spec =
        write(
            "bad.yaml",
            "name: bad\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 3\n"
                + "participants:\n"
                + "  - name: one\n"
                + "    model: {provider: openai}\n"
                + "  - name: two\n"
                + "    model: {provider: anthropic, apiKeyEnv: MY_CLAUDE_KEY}\n"
                + "  - name: three\n"
                + "    model: {provider: replay, script: missing.jsonl}\n"
                + "    tools: [ad, shout]\n");

    List<SpecFinding> findings = findings(spec, offline());

    assertThat(findings)
        .extracting(f -> f.tag() + "@" + f.where().line())
        .containsExactly(
            "Cadre/SpecModel@6",
            "Cadre/SpecModel@8",
            "Cadre/SpecModel@10",
            "Cadre/SpecUnknownTool@11");
    assertThat(findings.get(0).message()).contains("CADRE_API_KEY (or OPENAI_API_KEY)");
    assertThat(findings.get(1).message()).contains("MY_CLAUDE_KEY, which is not set");
    assertThat(findings.get(3).message()).contains("no tool named 'ad' (did you mean 'add'?)");
  }

  @Test
  void aSpecWithoutModelsTakesThemFromCodeOrIsReportedAtEachAgent() throws Exception {
    Path spec =
        write(
            "bare.yaml",
            "name: bare\n"
                + "pattern: selector\n"
                + "maxTurns: 2\n"
                + "participants:\n"
                + "  - name: one\n"
                + "    description: First\n"
                + "  - name: two\n"
                + "    description: Second\n");

    assertThat(findings(spec, offline()))
        .extracting(SpecFinding::toString)
        .containsExactly(
            spec
                + ":1:1: [Cadre/SpecMissing] selector team 'bare' has no model: give it one,"
                + " or give its team a model (or load the spec with SpecOptions.models)",
            spec
                + ":5:5: [Cadre/SpecMissing] agent 'one' has no model: give it one, or give its"
                + " team a model (or load the spec with SpecOptions.models)",
            spec
                + ":7:5: [Cadre/SpecMissing] agent 'two' has no model: give it one, or give its"
                + " team a model (or load the spec with SpecOptions.models)");

    List<String> roles = new java.util.ArrayList<>();
    SpecOptions fromCode =
        offline()
            .models(
                (role, model) -> {
                  roles.add(role + (model == null ? "" : "=" + model.provider()));
                  return role.endsWith(".selector")
                      ? ReplayChatModel.ofTexts("two")
                      : ReplayChatModel.ofTexts(role + " speaks.");
                });
    try (LoadedTeam loaded = Specs.load(spec, fromCode)) {
      assertThat(transcript(loaded.team().run("Go")))
          .containsExactly("user: Go", "two: two speaks.", "one: one speaks.");
    }
    assertThat(roles).containsExactly("bare.selector", "one", "two");
  }

  @Test
  void keysComeFromTheEnvironmentAndNeverReachAnError() throws Exception {
    Path spec =
        write(
            "live.yaml",
            "name: live\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 1\n"
                + "participants:\n"
                + "  - name: one\n"
                + "    model: {provider: anthropic, name: claude-haiku-4-5, apiKeyEnv: MY_KEY}\n"
                + "    tools: [nothing_here]\n");
    SpecOptions withKey = SpecOptions.defaults().env(Map.of("MY_KEY", "sk-ant-secret-123"));

    Throwable thrown = catchThrowable(() -> Specs.load(spec, withKey));

    // The model was made (its key found); only the tool is missing, and the key is nowhere.
    assertThat(thrown).isInstanceOf(SpecException.class).hasMessageNotContaining("sk-ant");
    assertThat(((SpecException) thrown).findings())
        .extracting(SpecFinding::tag)
        .containsExactly("Cadre/SpecUnknownTool");
  }

  @Test
  void mcpServersToolsAreNamedLikeAnyOtherAndClashesAreReported() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String server =
        "    command: ["
            + String.join(
                ", ",
                List.of(
                    quote(java),
                    "-cp",
                    quote(System.getProperty("java.class.path")),
                    CadreMcpServerMain.class.getName(),
                    "spec-test-tools"))
            + "]\n";
    write(
        "script.jsonl",
        "{\"tool_calls\": [{\"name\": \"mcp_shout\", \"arguments\": {\"text\": \"hi\"}}]}\n"
            + "{\"text\": \"Shouted.\"}\n");
    Path prefixed =
        write(
            "mcp.yaml",
            "name: loud\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 1\n"
                + "mcpServers:\n"
                + "  - name: shouter\n"
                + "    toolPrefix: mcp_\n"
                + server
                + "participants:\n"
                + "  - name: crier\n"
                + "    model: {provider: replay, script: script.jsonl}\n"
                + "    tools: [mcp_shout]\n");

    try (LoadedTeam loaded = Specs.load(prefixed, offline())) {
      TaskResult result = loaded.team().run("Shout hi");
      AssistantAgent crier = (AssistantAgent) loaded.team().spec().participants().get(0);

      assertThat(result.lastMessage().content()).isEqualTo("Shouted.");
      assertThat(toolOutputs(crier)).singleElement().asString().contains("HI");
    }

    Path clashing =
        write(
            "clash.yaml",
            Files.readString(prefixed)
                .replace("    toolPrefix: mcp_\n", "")
                .replace("[mcp_shout]", "[shout]"));
    assertThat(findings(clashing, offline()))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.tag()).isEqualTo("Cadre/SpecAmbiguousTool");
              assertThat(finding.message()).contains("[spec-test-tools, an MCP server]");
            });
  }

  @Test
  void anMcpServerThatCannotBeReachedIsAFindingAtItsEntry() throws Exception {
    Path spec =
        write(
            "down.yaml",
            "name: down\n"
                + "pattern: roundRobin\n"
                + "maxTurns: 1\n"
                + "mcpServers:\n"
                + "  - name: nowhere\n"
                + "    command: [/nonexistent/mcp-server]\n"
                + "participants:\n"
                + "  - name: one\n"
                + "    model: {provider: replay, script: none.jsonl}\n");

    assertThat(findings(spec, offline()))
        .extracting(f -> f.tag() + "@" + f.where().line())
        .containsExactly("Cadre/SpecMcp@5", "Cadre/SpecModel@9");
  }

  /** What the agent's tools returned, as its model was shown. */
  private static List<String> toolOutputs(AssistantAgent agent) {
    return agent.context().history().stream()
        .filter(ChatMessage.ToolResults.class::isInstance)
        .flatMap(m -> ((ChatMessage.ToolResults) m).results().stream())
        .map(ToolResult::content)
        .toList();
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
