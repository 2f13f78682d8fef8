package dev.cadre.samples.annotated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The annotated sample systems, as the processor compiled them with this module, run against the
 * replay model: one agent with tools and a typed answer, and a team in each pattern.
 */
class AnnotatedSystemsTest {

  private static final Path GENERATED = Path.of("target/generated-sources/annotations");

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).toList();
  }

  @Test
  void anAgentCallsItsToolsAndAnswersInItsRecordType() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(
                new ToolCall("c1", "searchNotes", "{\"query\":\"deploy flags\"}"),
                new ToolCall("c2", "countWords", "{\"text\":\"if (dryRun) return;\"}"))
            .text("{\"verdict\":\"REQUEST_CHANGES\",\"issues\":[\"No test for --dry-run\"]}")
            .build();
    CodeReviewer reviewer =
        CadreCodeReviewer.builder()
            .model(model)
            .developerNotes(new DeveloperNotes(Map.of("deploy", "apply() has side effects")))
            .build();

    Review review = reviewer.review("if (dryRun) return;");

    assertThat(review)
        .isEqualTo(new Review(Review.Verdict.REQUEST_CHANGES, List.of("No test for --dry-run")));
    assertThat(model.requests().get(0).messages())
        .contains(ChatMessage.user("Review this change:\nif (dryRun) return;"));
    assertThat(model.requests().get(0).tools())
        .extracting(tool -> tool.name())
        .containsExactly("searchNotes", "countWords");
    assertThat(model.requests().get(0).responseFormat().name()).isEqualTo("Review");
    ChatMessage.ToolResults results =
        (ChatMessage.ToolResults) model.lastRequest().messages().get(3);
    assertThat(results.results())
        .containsExactly(
            new ToolResult(
                "c1", "searchNotes", "[{\"topic\":\"deploy\",\"text\":\"apply() has side effects\"}]", false),
            new ToolResult("c2", "countWords", "3", false));
  }

  @Test
  void anAgentsBuilderNamesWhatIsMissing() {
    assertThatThrownBy(() -> CadreCodeReviewer.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model")
        .hasMessageContaining("developerNotes");
  }

  @Test
  void roundRobinTeamRunsUntilTheCriticApproves() {
    ReplayChatModel model = ReplayChatModel.ofTexts("Draft: dry runs are here.", "APPROVE");
    try (CadreReleaseDesk desk = CadreReleaseDesk.builder().model(model).build()) {

      TaskResult result = desk.release("--dry-run");

      assertThat(speakers(result)).containsExactly("user", "writer", "critic");
      assertThat(result.messages().get(0).content())
          .isEqualTo("Write the release note for --dry-run.");
      assertThat(result.stopReason()).contains("APPROVE");
    }
  }

  @Test
  void graphTeamLoopsUntilApprovedThenPublishes() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts("Draft 1", "Too vague", "Draft 2", "APPROVE", "Published.");
    try (CadreReviewFlow flow = CadreReviewFlow.builder().model(model).build()) {

      TaskResult result = flow.publish("--dry-run");

      assertThat(speakers(result))
          .containsExactly("user", "writer", "critic", "writer", "critic", "publisher");
      assertThat(result.lastMessage().content()).isEqualTo("Published.");
    }
  }

  @Test
  void swarmTeamFollowsTheHandoff() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("transfer_to_billing", "{}")
            .text("Refund sent. RESOLVED")
            .build();
    try (CadreSupportDesk desk = CadreSupportDesk.builder().model(model).build()) {

      TaskResult result = desk.ask("I was charged twice");

      assertThat(speakers(result)).containsExactly("user", "triage", "billing");
      assertThat(result.messages().get(1)).isInstanceOf(AgentMessage.Handoff.class);
      assertThat(result.stopReason()).contains("RESOLVED");
    }
  }

  @Test
  void selectorTeamLetsTheModelChooseAndAnswersWithTheLastMessage() {
    // One script for the selector and the agents, in the order they call the model.
    ReplayChatModel model = ReplayChatModel.ofTexts("writer", "Plan: blog post.", "critic", "APPROVE");
    try (CadrePlanningDesk desk =
        CadrePlanningDesk.builder()
            .model(model)
            .developerNotes(new DeveloperNotes(Map.of()))
            .build()) {

      assertThat(desk.plan("--dry-run")).isEqualTo("APPROVE");
      assertThat(model.requests()).hasSize(4);
    }
  }

  @Test
  void theProcessorWroteADiagramPerTeam() throws IOException {
    String diagram =
        new String(
            getClass()
                .getResourceAsStream("/META-INF/cadre/dev.cadre.samples.annotated.ReviewFlow.mmd")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);

    assertThat(diagram)
        .startsWith("flowchart TD")
        .contains("p2 -->|\"contains 'APPROVE'\"| p3");
  }

  @Test
  void generatedCodeNeedsNothingOfTheProcessorsAndNoReflection() throws IOException {
    assertThat(getClass().getClassLoader().getResource("com/palantir/javapoet/JavaFile.class"))
        .as("JavaPoet on the class path")
        .isNull();
    assertThat(getClass().getClassLoader().getResource("dev/cadre/processor/CadreProcessor.class"))
        .as("the processor on the class path")
        .isNull();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(GENERATED)) {
      sources = files.filter(file -> file.toString().endsWith(".java")).toList();
    }
    assertThat(sources).hasSizeGreaterThanOrEqualTo(11);
    for (Path source : sources) {
      assertThat(Files.readString(source)).as(source.toString()).doesNotContain("java.lang.reflect");
    }
  }
}
