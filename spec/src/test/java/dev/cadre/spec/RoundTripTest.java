package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every pattern, a team built with the DSL, exported as a spec and loaded back runs the same
 * transcript on the same replay scripts, and exports to the same spec again.
 */
class RoundTripTest {

  /**
   * One pattern's team.
   *
   * @param name the pattern, for the test's name
   * @param scripts a new replay model for each role (agent name, or {@code <team>.selector})
   * @param team builds the team with the DSL from models made by {@code scripts}
   * @param task what the team is asked
   */
  record Case(
      String name,
      Map<String, Supplier<ChatModel>> scripts,
      Function<Function<String, ChatModel>, Team> team,
      String task) {

    Team build() {
      return team.apply(role -> scripts.get(role).get());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Supplier<ChatModel> texts(String... texts) {
    return () -> ReplayChatModel.ofTexts(texts);
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "roundRobin",
            Map.of(
                "writer",
                () ->
                    ReplayChatModel.builder()
                        .toolCall("add", "{\"a\": 1, \"b\": 2}")
                        .text("Three lines.")
                        .build(),
                "critic",
                texts("APPROVE")),
            models ->
                Cadre.roundRobin("desk")
                    .description("Writes and reviews")
                    .participant(
                        Cadre.assistant("writer")
                            .model(models.apply("writer"))
                            .systemMessage("Write; count with add.")
                            .tools(new TestTools().tools().subList(0, 1)))
                    .participant(
                        Cadre.assistant("critic")
                            .model(models.apply("critic"))
                            .systemMessage("Say APPROVE when done."))
                    .termination(
                        Terminations.textMention("APPROVE").or(Terminations.maxMessages(10)))
                    .build(),
            "Write three lines"),
        new Case(
            "selector",
            Map.of(
                "help.selector", texts("coder", "reviewer"),
                "coder", texts("Code written."),
                "reviewer", texts("LGTM")),
            models ->
                Cadre.selector("help", models.apply("help.selector"))
                    .participant(
                        Cadre.assistant("coder")
                            .model(models.apply("coder"))
                            .description("Writes code"))
                    .participant(
                        Cadre.assistant("reviewer")
                            .model(models.apply("reviewer"))
                            .description("Reviews code"))
                    .termination(Terminations.textMention("LGTM"))
                    .maxTurns(6)
                    .build(),
            "Add a flag"),
        new Case(
            "swarm",
            Map.of(
                "triage",
                () -> ReplayChatModel.builder().toolCall("transfer_to_billing", "{}").build(),
                "billing",
                texts("Refunded. DONE")),
            models ->
                Cadre.swarm("support")
                    .participant(
                        Cadre.assistant("triage")
                            .model(models.apply("triage"))
                            .handoff("billing", "Payment questions"))
                    .participant(
                        Cadre.assistant("billing")
                            .model(models.apply("billing"))
                            .handoff("user", "Ask the customer"))
                    .termination(Terminations.textMention("DONE").or(Terminations.handoff("user")))
                    .endsOnHandoffTo("user")
                    .build(),
            "Charged twice"),
        new Case(
            "graph",
            Map.of(
                "writer", texts("Draft 1", "Draft 2"),
                "reviewer", texts("Needs work", "APPROVE"),
                "publisher", texts("Published.")),
            models ->
                Cadre.graph("review")
                    .participant(Cadre.assistant("writer").model(models.apply("writer")))
                    .participant(Cadre.assistant("reviewer").model(models.apply("reviewer")))
                    .participant(Cadre.assistant("publisher").model(models.apply("publisher")))
                    .entry("writer")
                    .edge("writer", "reviewer")
                    .edgeWhenContains("reviewer", "publisher", "APPROVE")
                    .edge(
                        ChatGraph.Edge.of("reviewer", "writer")
                            .whenNotContains("APPROVE")
                            .maxTraversals(3))
                    .maxTurns(10)
                    .build(),
            "Write the release notes"),
        new Case(
            "nested",
            Map.of(
                "lead", texts("Plan: draft it.", "Thanks.", "Good."),
                "drafter", texts("A draft.", "A second draft.", "A third draft.")),
            models ->
                Cadre.roundRobin("outer")
                    .participant(Cadre.assistant("lead").model(models.apply("lead")))
                    .participant(
                        Cadre.roundRobin("inner")
                            .description("Drafts")
                            .participant(Cadre.assistant("drafter").model(models.apply("drafter")))
                            .termination(Terminations.maxMessages(2))
                            .build())
                    .termination(Terminations.maxMessages(5))
                    .build(),
            "Draft a note"));
  }

  private static List<String> transcript(TaskResult result) {
    return result.messages().stream()
        .map(m -> m.getClass().getSimpleName() + " " + m.source() + ": " + m.content())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void anExportedTeamLoadsBackAndRunsTheSameTranscript(Case pattern, @TempDir Path dir) {
    List<String> expected;
    String yaml;
    try (Team built = pattern.build()) {
      expected = transcript(built.run(pattern.task()));
      yaml = Specs.toYaml(built);
    }

    TeamDef read = Specs.read(yaml, pattern.name() + ".yaml");
    SpecOptions options =
        SpecOptions.defaults()
            .env(Map.of())
            .toolLibraries(List.of(new TestTools()))
            .models((role, model) -> pattern.scripts().get(role).get());
    try (LoadedTeam loaded = Specs.build(read, dir, options)) {
      assertThat(transcript(loaded.team().run(pattern.task()))).isEqualTo(expected);
      assertThat(Specs.toYaml(loaded.team())).isEqualTo(yaml);
    }
    assertThat(expected).hasSizeGreaterThan(2);
  }
}
