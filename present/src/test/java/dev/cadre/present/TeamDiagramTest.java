package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import org.junit.jupiter.api.Test;

/** Teams built with the DSL get their graph drawn from the team itself. */
class TeamDiagramTest {

  private static AssistantAgent.Builder agent(String name) {
    return Cadre.assistant(name).model(ReplayChatModel.ofTexts("ok")).description(name + " works");
  }

  @Test
  void aGraphTeamIsDrawnWithItsConditionsAndBounds() {
    try (Team team =
        Cadre.graph("review_loop")
            .participant(agent("coder"))
            .participant(agent("reviewer"))
            .participant(agent("writer"))
            .entry("coder")
            .edge("coder", "reviewer")
            .edgeWhenNotContains("reviewer", "coder", "APPROVE")
            .edgeWhenContains("reviewer", "writer", "APPROVE")
            .maxTurns(10)
            .build()) {

      assertThat(TeamDiagram.of(team))
          .startsWith("flowchart TD\n")
          .contains(
              "  p1[\"coder\"]\n",
              "  p2[\"reviewer\"]\n",
              "  p3[\"writer\"]\n",
              "  start --> p1\n",
              "  p1 --> p2\n",
              "  p2 -->|\"does not contain 'APPROVE'\"| p1\n",
              "  p2 -->|\"contains 'APPROVE'\"| p3\n");
    }
  }

  @Test
  void aConditionHoldingAnEntitysSpellingIsDrawnAsWritten() {
    try (Team team =
        Cadre.graph("hashes")
            .participant(agent("coder"))
            .participant(agent("reviewer"))
            .entry("coder")
            .edgeWhenContains("coder", "reviewer", "#quot;<b> \"#35; ok\"")
            .maxTurns(3)
            .build()) {
      String html = RunReport.builder().diagram(team).build().html();

      assertThat(html)
          .contains(">contains &#39;#quot;&lt;b&gt; &quot;#35; ok&quot;&#39;</text>")
          .doesNotContain("<b>");
    }
  }

  @Test
  void aDslBuiltTeamHasItsGraphInTheRunReport() {
    try (Team team =
        Cadre.roundRobin("pair")
            .participant(agent("planner"))
            .participant(agent("writer"))
            .termination(Terminations.maxMessages(3))
            .build()) {
      RunReport report = RunReport.builder().title("pair").diagram(team).build();

      String html = report.html();

      assertThat(html).contains("<section id=\"graph\">", "class=\"team-graph\"");
      assertThat(html).contains("data-label=\"planner\"", "data-label=\"writer\"");
      assertThat(html).contains("next round").doesNotContain("of the diagram are not drawn");
    }
  }

  @Test
  void swarmHandoffsAndASelectorHubAreDrawn() {
    try (Team swarm =
            Cadre.swarm("desk")
                .participant(agent("triage").handoff("refunds", "money back"))
                .participant(agent("refunds").handoff("triage", "back to triage"))
                .termination(Terminations.maxMessages(4))
                .build();
        Team selector =
            Cadre.selector("pick", ReplayChatModel.ofTexts("a"))
                .participant(agent("a"))
                .participant(agent("b"))
                .termination(Terminations.maxMessages(4))
                .build()) {

      assertThat(TeamDiagram.of(swarm))
          .contains(
              "  start --> p1\n", "  p1 -.->|\"handoff\"| p2\n", "  p2 -.->|\"handoff\"| p1\n");
      assertThat(TeamDiagram.of(selector))
          .contains("  selector{{\"selector\"}}\n", "  selector -.-> p1\n", "  selector -.-> p2\n");
    }
  }

  @Test
  void aDiagramIsDrawnAsAnSvgWithEachAgentsNodeFoundByName() {
    String mermaid =
        "flowchart TD\n  p1[\"writer\"]\n  p2[\"<b>critic</b>\"]\n  p1 --> p2\n  p2 -.-> p1\n";

    String svg = TeamDiagram.svg(mermaid, java.util.Map.of("writer", "#abcdef\" onload=\"x"));

    assertThat(svg)
        .startsWith("<svg class=\"team-graph\"")
        .endsWith("</svg>")
        .contains("<g class=\"node box\" data-id=\"p1\" data-label=\"writer\">")
        .contains("data-label=\"&lt;b&gt;critic&lt;/b&gt;\"")
        .contains("fill=\"#abcdef&quot; onload=&quot;x\"")
        .contains("data-from=\"p1\" data-to=\"p2\"")
        .doesNotContain("<b>", "onload=\"", "style=", "<script");
  }
}
