package dev.cadre.samples.devteam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Json;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The devteam sample offline, end to end: the script plays the agents, and the tester's tools
 * really compile and test the code the script's coder wrote.
 */
class DevTeamSampleTest {

  private final DevTeamSample sample = new DevTeamSample();
  private final List<TeamEvent> events = new CopyOnWriteArrayList<>();

  private TaskResult runOffline() {
    return sample.run(sample.offlineModel(), sample.defaultTask(), events::add);
  }

  private List<ToolCall> toolCalls() {
    List<ToolCall> calls = new ArrayList<>();
    for (TeamEvent event : events) {
      if (event instanceof TeamEvent.Activity activity
          && activity.event() instanceof AgentEvent.ToolCallsRequested requested) {
        assertThat(requested.source()).isEqualTo("tester");
        calls.addAll(requested.calls());
      }
    }
    return calls;
  }

  private List<ToolResult> toolResults() {
    List<ToolResult> results = new ArrayList<>();
    for (TeamEvent event : events) {
      if (event instanceof TeamEvent.Activity activity
          && activity.event() instanceof AgentEvent.ToolCallsExecuted executed) {
        results.addAll(executed.results());
      }
    }
    return results;
  }

  @Test
  void describesItselfForTheCommandLine() {
    assertThat(sample.name()).isEqualTo("devteam");
    assertThat(sample.description()).contains("coder", "tester", "reviewer");
    assertThat(sample.defaultTask()).contains("RomanNumerals.toRoman");
  }

  @Test
  void theTeamFixesTheCompileErrorTheTesterFoundAndTheReviewerApproves() {
    TaskResult result = runOffline();

    assertThat(result.messages())
        .extracting(AgentMessage::source)
        .containsExactly(
            "user", "planner", "coder", "tester", "reviewer", "coder", "tester", "reviewer");
    assertThat(result.messages().get(0).content()).isEqualTo(DevTeamSample.TASK);
    assertThat(result.lastMessage().content()).startsWith("APPROVE");
    assertThat(result.messages().get(4).content())
        .startsWith("CHANGES NEEDED")
        .doesNotContain("APPROVE");
    // Approval leaves the graph nothing to run: the run ends there, not at a bound.
    assertThat(result.stopReason()).isEqualTo("Digraph execution is complete");
    // Every scripted reply was used: the usage of the script's ten lines.
    assertThat(result.usage().inputTokens()).isEqualTo(10_200);
    assertThat(result.usage().outputTokens()).isEqualTo(1_624);
    assertThat(events).last().isInstanceOf(TeamEvent.Finished.class);
  }

  @Test
  void theToolResultsAreTheRealCompilerAndTestOutcomes() {
    runOffline();

    assertThat(toolCalls())
        .extracting(ToolCall::name)
        .containsExactly("compileJava", "compileJava", "runTests");
    List<ToolResult> results = toolResults();
    assertThat(results)
        .extracting(ToolResult::name)
        .containsExactly("compileJava", "compileJava", "runTests");
    assertThat(results).noneMatch(ToolResult::error);
    // javac's own words, about the coder's first attempt: `return out;` where out is a builder.
    assertThat(results.get(0).content())
        .isEqualTo(
            "did not compile, 1 error:\n"
                + "RomanNumerals.java:21: error: incompatible types: java.lang.StringBuilder cannot"
                + " be converted to java.lang.String\n"
                + "    return out;");
    assertThat(results.get(1).content()).isEqualTo("compiled");
    assertThat(results.get(2).content())
        .isEqualTo(
            "3 tests, 3 passed, 0 failed\n"
                + "PASS convertsSimpleNumbers\n"
                + "PASS usesSubtractiveNotation\n"
                + "PASS rejectsNumbersOutOfRange");
  }

  @Test
  void theFixIsWhatTurnedTheCompileErrorIntoPassingTests() throws Exception {
    runOffline();
    List<ToolCall> calls = toolCalls();
    JavaWorkbench workbench = new JavaWorkbench();
    String first = Json.parse(calls.get(0).arguments()).get("source").asText();
    String fixed = Json.parse(calls.get(1).arguments()).get("source").asText();

    assertThat(first.replace("return out;", "return out.toString();")).isEqualTo(fixed);
    assertThat(workbench.compileJava(first)).startsWith("did not compile");
    assertThat(workbench.compileJava(fixed)).isEqualTo("compiled");
  }
}
