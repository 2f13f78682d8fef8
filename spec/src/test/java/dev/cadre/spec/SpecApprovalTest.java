package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec's {@code approval} key: which tool calls wait, and who approves (a person, or allow or deny
 * for tests); a refused call does not run, and the model sees the refusal.
 */
class SpecApprovalTest {

  @TempDir Path dir;

  private static final String SCRIPT =
      "{\"tool_calls\": [{\"id\": \"c1\", \"name\": \"shout\", \"arguments\": {\"text\": \"hi\"}},"
          + " {\"id\": \"c2\", \"name\": \"add\", \"arguments\": {\"a\": 2, \"b\": 3}}]}\n"
          + "{\"text\": \"Done.\"}\n";

  private Path spec(String approval) throws Exception {
    return OneAgentSpec.write(dir, SCRIPT, "[shout, add]", approval);
  }

  /** Every tool result of a run, "name: content", errors marked. */
  private static Consumer<TeamEvent> results(List<String> into) {
    return event -> {
      if (event instanceof TeamEvent.Activity activity
          && activity.event() instanceof AgentEvent.ToolCallsExecuted executed) {
        for (ToolResult result : executed.results()) {
          into.add((result.error() ? "ERROR " : "") + result.name() + ": " + result.content());
        }
      }
    };
  }

  private static List<String> run(Path spec, SpecOptions options) {
    List<String> results = new ArrayList<>();
    try (LoadedTeam loaded = Specs.load(spec, options)) {
      TaskResult result = loaded.team().run(List.of(AgentMessage.user("Go")), results(results));
      assertThat(result.lastMessage().content()).isEqualTo("Done.");
    }
    return results;
  }

  private static SpecOptions offline() {
    return SpecOptions.defaults().env(Map.of());
  }

  @Test
  void aDeniedToolDoesNotRunAndTheModelIsToldWhy() throws Exception {
    Path spec = spec("    approval: {tools: [shout], by: deny}\n");

    List<String> results = run(spec, offline());

    assertThat(results).hasSize(2);
    assertThat(results.get(0))
        .startsWith("ERROR shout: the call to tool 'shout' was refused, so it did not run")
        .contains("approval by deny");
    // Only the tools named wait: add runs without asking.
    assertThat(results.get(1)).isEqualTo("add: 5");
  }

  @Test
  void aPersonIsAskedAndTheirRefusalReachesTheModel() throws Exception {
    Path spec = spec("    approval: {tools: [add]}\n");
    List<Question> asked = new ArrayList<>();

    List<String> results =
        run(
            spec,
            offline()
                .person(
                    HumanInput.callback(
                        question -> {
                          asked.add(question);
                          return "not today";
                        })));

    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).agent()).isEqualTo("clerk");
    assertThat(asked.get(0).prompt()).contains("'add'", "Approve?");
    assertThat(results)
        .containsExactly(
            "shout: HI",
            "ERROR add: the call to tool 'add' was refused, so it did not run: refused by a"
                + " person: not today. Do not call it again with the same arguments; change the"
                + " request or ask why.");
  }

  @Test
  void withoutToolsEveryCallWaitsAndAllowLetsThemRun() throws Exception {
    Path spec = spec("    approval: {by: allow}\n");

    assertThat(run(spec, offline())).containsExactly("shout: HI", "add: 5");

    Path denied = spec("    approval: {by: deny}\n");
    assertThat(run(denied, offline())).allMatch(result -> result.startsWith("ERROR "));
  }

  @Test
  void anUnknownApproverOrToolIsATaggedFindingOnItsLine() throws Exception {
    Path spec = spec("    approval:\n      tools: [shuot]\n      by: persn\n");

    Throwable thrown = catchThrowable(() -> Specs.load(spec, offline()).close());

    assertThat(thrown).isInstanceOf(SpecException.class);
    assertThat(((SpecException) thrown).findings())
        .map(SpecFinding::toString)
        .containsExactly(
            dir.resolve("desk.yaml")
                + ":9:15: [Cadre/SpecApproval] participants[0].approval.tools[0]: agent 'clerk'"
                + " has no tool 'shuot' to approve (did you mean 'shout'?); name tools from its"
                + " tools [shout, add]",
            dir.resolve("desk.yaml")
                + ":10:11: [Cadre/SpecValue] participants[0].approval.by is 'persn'; use person"
                + " (asked on the console, or a durable run pauses for the answer), allow or deny"
                + " (did you mean 'person'?)");
  }

  @Test
  void aReadSpecWritesItsApprovalBack() throws Exception {
    Path spec = spec("    approval: {tools: [shout], by: deny}\n");

    TeamDef read = Specs.read(spec);
    String written = Specs.toYaml(read);

    assertThat(written).contains("  approval:\n    tools:\n    - shout\n    by: deny\n");
    assertThat(Specs.read(written, "again.yaml").participants().get(0))
        .isInstanceOfSatisfying(
            AgentDef.class,
            agent -> {
              assertThat(agent.approval().by()).isEqualTo(AgentDef.Approver.DENY);
              assertThat(agent.approval().tools())
                  .extracting(AgentDef.ToolRef::name)
                  .containsExactly("shout");
            });
  }
}
