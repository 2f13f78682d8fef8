package dev.cadre.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.samples.devteam.DevTeamSample;
import dev.cadre.samples.finance.FinanceSample;
import dev.cadre.samples.process.AnnotatedProcessSample;
import dev.cadre.samples.process.ProcessSample;
import dev.cadre.samples.research.ResearchSample;
import dev.cadre.spec.LoadedTeam;
import dev.cadre.spec.SpecOptions;
import dev.cadre.spec.TeamDef;
import dev.cadre.spec.Specs;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every spec in {@code samples/specs} loads (its tools from the samples' tool libraries, its model
 * the sample's replay script) and runs offline as the sample written in Java runs.
 */
class SampleSpecsTest {

  private static final Path SPECS = Path.of("specs");

  private static List<String> transcript(TaskResult result) {
    return result.messages().stream()
        .map(message -> message.source() + ": " + message.content())
        .toList();
  }

  private static TaskResult runSpec(String file, String task) {
    return runSpec(file, task, (TeamEvent event) -> {});
  }

  private static TaskResult runSpec(String file, String task, Consumer<TeamEvent> events) {
    try (LoadedTeam loaded =
        Specs.load(SPECS.resolve(file), SpecOptions.defaults().env(Map.of()))) {
      return loaded.team().run(List.of(AgentMessage.user(task)), events);
    }
  }

  /** Collects "tool: result" for every tool a run executes, errors marked. */
  private static Consumer<TeamEvent> toolResults(List<String> into) {
    return event -> {
      if (event instanceof TeamEvent.Activity activity
          && activity.event() instanceof AgentEvent.ToolCallsExecuted executed) {
        for (ToolResult result : executed.results()) {
          into.add((result.error() ? "ERROR " : "") + result.name() + ": " + result.content());
        }
      }
    };
  }

  @Test
  void everySampleSpecIsRunHere() throws IOException {
    try (Stream<Path> files = Files.list(SPECS)) {
      assertThat(files.map(file -> file.getFileName().toString()).sorted())
          .containsExactly(
              "devteam.yaml", "feature.yaml", "finance.yaml", "process.yaml", "research.yaml");
    }
  }

  @Test
  void theFeatureTeamsSpecRunsTheSamplesTranscript() {
    FeatureTeam sample = new FeatureTeam();
    TaskResult expected =
        sample.run(sample.offlineModel(), sample.defaultTask(), (TeamEvent event) -> {});

    TaskResult result = runSpec("feature.yaml", sample.defaultTask());

    assertThat(transcript(result)).isEqualTo(transcript(expected));
    assertThat(result.stopReason()).isEqualTo("Text 'DONE' mentioned");
  }

  @Test
  void theDevTeamsSpecRunsTheAnnotatedSamplesTranscript() {
    DevTeamSample sample = new DevTeamSample();
    TaskResult expected =
        sample.run(sample.offlineModel(), sample.defaultTask(), (TeamEvent event) -> {});

    TaskResult result = runSpec("devteam.yaml", sample.defaultTask());

    assertThat(transcript(result)).isEqualTo(transcript(expected));
    assertThat(result.stopReason()).isEqualTo(expected.stopReason());
  }

  @Test
  void theFinanceDesksSpecRunsTheSamplesTranscriptWithTheBundledData() {
    FinanceSample sample = new FinanceSample();
    List<String> expectedTools = new ArrayList<>();
    TaskResult expected =
        sample.run(sample.offlineModel(), sample.defaultTask(), toolResults(expectedTools));

    List<String> tools = new ArrayList<>();
    TaskResult result = runSpec("finance.yaml", sample.defaultTask(), toolResults(tools));

    assertThat(transcript(result)).isEqualTo(transcript(expected));
    assertThat(result.stopReason()).isEqualTo(expected.stopReason());
    // The transcript holds no tool results: these show the spec's tools ran, on the same data.
    assertThat(tools).isEqualTo(expectedTools).hasSize(5).noneMatch(r -> r.startsWith("ERROR"));
    assertThat(tools).anyMatch(r -> r.startsWith("value_at_risk: ") && r.contains("CRXB"));
  }

  @Test
  void theResearchDesksSpecRunsTheSamplesTranscriptWithAScriptPerResearcher() {
    ResearchSample sample = new ResearchSample();
    List<String> expectedTools = new ArrayList<>();
    TaskResult expected =
        sample.run(sample.offlineModel(), sample.defaultTask(), toolResults(expectedTools));

    List<String> tools = new ArrayList<>();
    TaskResult result = runSpec("research.yaml", sample.defaultTask(), toolResults(tools));

    assertThat(transcript(result)).isEqualTo(transcript(expected));
    assertThat(result.stopReason()).isEqualTo(expected.stopReason());
    // The researchers search at once, so their results arrive in any order.
    assertThat(tools)
        .containsExactlyInAnyOrderElementsOf(expectedTools)
        .anyMatch(r -> r.startsWith("checkCitations: ") && r.contains("\"passed\":true"))
        .noneMatch(r -> r.startsWith("ERROR"));
  }

  @Test
  void theCustomerServiceSpecRunsTheProcessSamplesTranscript() {
    ProcessSample sample = new ProcessSample();
    List<String> expectedTools = new ArrayList<>();
    TaskResult expected =
        sample.run(sample.offlineModel(), sample.defaultTask(), toolResults(expectedTools));
    AnnotatedProcessSample annotated = new AnnotatedProcessSample();
    TaskResult annotatedResult =
        annotated.run(annotated.offlineModel(), sample.defaultTask(), (TeamEvent event) -> {});
    assertThat(transcript(annotatedResult)).isEqualTo(transcript(expected));

    List<String> tools = new ArrayList<>();
    TaskResult result = runSpec("process.yaml", sample.defaultTask(), toolResults(tools));

    assertThat(transcript(result)).isEqualTo(transcript(expected));
    assertThat(result.stopReason()).isEqualTo(expected.stopReason());
    assertThat(tools)
        .isEqualTo(expectedTools)
        .anyMatch(r -> r.startsWith("issue_refund: "))
        .noneMatch(r -> r.startsWith("ERROR"));
  }

  @Test
  void theProcessorsFinanceDeskSpecReadsItsQuotedTextMention() throws IOException {
    String name = "META-INF/cadre/dev.cadre.samples.finance.FinanceDesk.yaml";
    String text;
    try (InputStream in = SampleSpecsTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    TeamDef team = Specs.read(text, name);

    assertThat(team.termination()).isEqualTo("textMention(\"\\\"recommendation\\\"\")");
  }
}
