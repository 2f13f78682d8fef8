package dev.cadre.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.samples.devteam.DevTeamSample;
import dev.cadre.samples.finance.FinanceSample;
import dev.cadre.samples.magentic.MagenticSample;
import dev.cadre.samples.process.AnnotatedProcessSample;
import dev.cadre.samples.process.ProcessSample;
import dev.cadre.samples.research.ResearchSample;
import dev.cadre.samples.support.SupportSample;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.MemoryEntry;
import dev.cadre.memory.MemoryFilter;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.Scope;
import dev.cadre.memory.lucene.LuceneMemoryStore;
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
import org.junit.jupiter.api.io.TempDir;

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
    // No spec but process.yaml asks a person; its tests give their own.
    return runSpec(file, task, events, HumanInput.callback(question -> "unasked"));
  }

  private static TaskResult runSpec(
      String file, String task, Consumer<TeamEvent> events, HumanInput person) {
    try (LoadedTeam loaded =
        Specs.load(SPECS.resolve(file), SpecOptions.defaults().env(Map.of()).person(person))) {
      return loaded.team().run(List.of(AgentMessage.user(task)), events);
    }
  }

  /** Each approval asked and decided in a run, in order. */
  private static List<String> approvals(TaskResult result) {
    return result.timeline().stream()
        .filter(TeamEvent.Activity.class::isInstance)
        .map(event -> ((TeamEvent.Activity) event).event())
        .filter(
            event ->
                event instanceof AgentEvent.ApprovalRequested
                    || event instanceof AgentEvent.ApprovalDecided)
        .map(Object::toString)
        .toList();
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
              "devteam.yaml",
              "feature.yaml",
              "finance.yaml",
              "magentic.yaml",
              "process.yaml",
              "research.yaml",
              "support.yaml");
    }
  }

  /** The spec of each sample `cadre list` shows; each pair is run side by side below. */
  private static final Map<String, String> SPEC_OF_SAMPLE =
      Map.of(
          "devteam", "devteam.yaml",
          "finance", "finance.yaml",
          "research", "research.yaml",
          "process", "process.yaml",
          "process-annotated", "process.yaml",
          "feature", "feature.yaml",
          "support", "support.yaml",
          "magentic", "magentic.yaml");

  @Test
  void everySampleOfCadreListHasASpec() {
    assertThat(Samples.all().stream().map(Sample::name))
        .containsExactlyInAnyOrderElementsOf(SPEC_OF_SAMPLE.keySet());
    assertThat(SPEC_OF_SAMPLE.values()).allMatch(file -> Files.isRegularFile(SPECS.resolve(file)));
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

  /** Every chat message and inner message (a coder's code and the sandbox's output) of a run. */
  private static List<String> timeline(TaskResult result) {
    return result.timeline().stream()
        .map(
            event ->
                event instanceof TeamEvent.Message message
                    ? message.message().source() + ": " + message.message().content()
                    : event instanceof TeamEvent.Activity activity
                            && activity.event() instanceof AgentEvent.InnerMessage inner
                        ? "(inner) " + inner.source() + ": " + inner.message().content()
                        : null)
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  @Test
  void theMagenticSpecRunsTheSamplesTranscriptWithItsCodeInTheSandbox() {
    MagenticSample sample = new MagenticSample();
    TaskResult expected =
        sample.run(sample.offlineModel(), sample.defaultTask(), (TeamEvent event) -> {});

    TaskResult result = runSpec("magentic.yaml", sample.defaultTask());

    assertThat(timeline(result)).isEqualTo(timeline(expected));
    assertThat(result.stopReason()).isEqualTo(expected.stopReason());
    // The sandbox's output on the copied CSV is in both, not only the scripted words.
    assertThat(timeline(result))
        .contains(
            "(inner) coder: East: 56118.50\nNorth: 50407.50\nWest: 49218.75\nSouth: 43959.25\n"
                + "lead: 5711.00\n");
    assertThat(result.lastMessage().content()).contains("East", "5,711.00");
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
    List<Question> asked = new ArrayList<>();
    TaskResult result =
        runSpec(
            "process.yaml",
            sample.defaultTask(),
            toolResults(tools),
            HumanInput.callback(
                question -> {
                  asked.add(question);
                  return "approve"; // what the sample's scripted person answers offline
                }));

    assertThat(transcript(result)).isEqualTo(transcript(annotatedResult));
    assertThat(result.stopReason()).isEqualTo(expected.stopReason());
    assertThat(tools)
        .isEqualTo(expectedTools)
        .anyMatch(r -> r.startsWith("issue_refund: "))
        .noneMatch(r -> r.startsWith("ERROR"));
    // The person is asked about the refund, as in the annotated sample, and only about it.
    assertThat(approvals(result)).isEqualTo(approvals(annotatedResult)).hasSize(2);
    assertThat(asked).singleElement().satisfies(q -> assertThat(q.agent()).isEqualTo("refunds"));
    assertThat(asked.get(0).prompt()).contains("'issue_refund'", "A-1042");
  }

  @Test
  void aRefundThePersonRefusesThroughTheSpecDoesNotRun() {
    HumanInput refusing = HumanInput.callback(question -> "no, ask the manager first");
    AnnotatedProcessSample annotated = new AnnotatedProcessSample(refusing);
    List<String> expectedTools = new ArrayList<>();
    TaskResult expected =
        annotated.run(
            annotated.offlineModel(), annotated.defaultTask(), toolResults(expectedTools));

    List<String> tools = new ArrayList<>();
    TaskResult result =
        runSpec("process.yaml", annotated.defaultTask(), toolResults(tools), refusing);

    assertThat(tools).isEqualTo(expectedTools).noneMatch(r -> r.startsWith("issue_refund: "));
    // What the refunds agent's model gets back instead of a refund: the person's refusal.
    assertThat(tools)
        .contains(
            "ERROR issue_refund: the call to tool 'issue_refund' was refused, so it did not run:"
                + " refused by a person: no, ask the manager first. Do not call it again with the"
                + " same arguments; change the request or ask why.");
    assertThat(transcript(result)).isEqualTo(transcript(expected));
    assertThat(approvals(result)).isEqualTo(approvals(expected));
  }

  @Test
  void theSupportSpecRemembersAsTheSupportSampleDoes(@TempDir Path dir) throws Exception {
    // The sample's memory outlives a run by design: each side gets a fresh folder of its own.
    Path sampleMemory = Files.createDirectory(dir.resolve("sample"));
    Path specMemory = dir.resolve("spec");
    String before = System.getProperty("cadre.support.memory");
    System.setProperty("cadre.support.memory", sampleMemory.toString());
    List<String> expectedTools = new ArrayList<>();
    TaskResult expected;
    try {
      SupportSample sample = new SupportSample();
      expected =
          sample.run(sample.offlineModel(), SupportSample.FIRST_VISIT, toolResults(expectedTools));
    } finally {
      if (before == null) {
        System.clearProperty("cadre.support.memory");
      } else {
        System.setProperty("cadre.support.memory", before);
      }
    }

    List<String> tools = new ArrayList<>();
    TaskResult result;
    try (LoadedTeam loaded =
        Specs.load(
            SPECS.resolve("support.yaml"),
            SpecOptions.defaults().env(Map.of("CADRE_SUPPORT_MEMORY", specMemory.toString())))) {
      result =
          loaded.team().run(List.of(AgentMessage.user(SupportSample.FIRST_VISIT)), toolResults(tools));
    }

    assertThat(transcript(result)).isEqualTo(transcript(expected)).hasSize(2);
    assertThat(result.stopReason()).isEqualTo(expected.stopReason());
    // A remembered entry's id is new each time; the rest of each result is the sample's.
    assertThat(withoutIds(tools)).isEqualTo(withoutIds(expectedTools)).hasSize(1);
    assertThat(memories(specMemory))
        .isEqualTo(memories(sampleMemory))
        .containsExactly(
            "Alice is waiting for the refund of order 1043",
            "Alice wants to be contacted by email only, never by phone");
  }

  private static List<String> withoutIds(List<String> results) {
    return results.stream().map(r -> r.replaceAll("\\(id [^)]*\\)", "(id)")).toList();
  }

  /** What a Lucene memory folder holds for the sample's customer, sorted. */
  private static List<String> memories(Path folder) {
    try (MemoryStore store =
        LuceneMemoryStore.open(folder, new HashingEmbeddingModel(512))) {
      return store.list(Scope.user(SupportSample.CUSTOMER), MemoryFilter.ANY, 100).stream()
          .map(MemoryEntry::text)
          .sorted()
          .toList();
    }
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
