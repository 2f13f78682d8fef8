package dev.cadre.graph;

import static dev.cadre.graph.Graphs.messages;
import static dev.cadre.graph.Graphs.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.graph.Rules.DuplicateAgentName;
import dev.cadre.graph.Rules.EmptyTeam;
import dev.cadre.graph.Rules.InvalidAgentName;
import org.junit.jupiter.api.Test;

class NameRulesTest {

  @Test
  void emptyTeamIsReportedOnTheTeam() {
    Object team = new Object();
    AgentGraph graph = AgentGraph.builder("review").maxTurns(3).origin(team).build();

    assertThat(tagged(graph, EmptyTeam.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
              assertThat(finding.origin()).isSameAs(team);
              assertThat(finding)
                  .hasToString(
                      "[Cadre/EmptyTeam] Team 'review' has no participants; add at least one"
                          + " agent or team.");
            });
  }

  @Test
  void teamWithAParticipantIsNotEmpty() {
    assertThat(tagged(AgentGraph.builder("review").agent("writer").build(), EmptyTeam.TAG))
        .isEmpty();
  }

  @Test
  void namesTheModelApisRejectAreReportedWithAFix() {
    AgentGraph graph =
        AgentGraph.builder("review").agent("my writer").agent("").maxTurns(3).build();

    assertThat(messages(graph, InvalidAgentName.TAG))
        .containsExactly(
            "Agent 'my writer' has an invalid name: names become tool names, so they may hold only"
                + " letters, digits, '_' and '-', at most 64 of them; rename it, e.g. to"
                + " 'my_writer'.",
            "Participant 2 of team 'review' has no name; name it with 1 to 64 letters, digits,"
                + " '_' or '-'.");
  }

  @Test
  void aNameOver64CharactersIsInvalid() {
    AgentGraph graph = AgentGraph.builder("review").agent("a".repeat(65)).maxTurns(3).build();

    assertThat(messages(graph, InvalidAgentName.TAG))
        .singleElement()
        .asString()
        .contains("at most 64 of them; rename it, e.g. to '" + "a".repeat(64) + "'.");
  }

  @Test
  void aHandoffTargetNameMustLeaveRoomForTheTransferToolPrefix() {
    String target = "t".repeat(53);
    AgentGraph graph =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SWARM)
            .participant(Participant.agent("triage").handoffs(target).build())
            .agent(target)
            .maxTurns(3)
            .build();

    assertThat(messages(graph, InvalidAgentName.TAG))
        .containsExactly(
            "Agent '"
                + target
                + "' is a handoff target, so its name becomes the tool name 'transfer_to_"
                + target
                + "' of 65 characters, more than the 64 model APIs accept; shorten the name to at"
                + " most 52 characters.");
  }

  @Test
  void validNamesPass() {
    String target = "t".repeat(52);
    AgentGraph graph =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SWARM)
            .participant(Participant.agent("triage_1-A").handoffs(target).build())
            .agent(target)
            .agent("x".repeat(64))
            .maxTurns(3)
            .build();

    assertThat(tagged(graph, InvalidAgentName.TAG)).isEmpty();
  }

  @Test
  void duplicateNamesAreReportedOnTheLaterParticipant() {
    Object second = new Object();
    AgentGraph graph =
        AgentGraph.builder("review")
            .agent("writer")
            .agent("reviewer")
            .participant(Participant.agent("writer").origin(second).build())
            .maxTurns(3)
            .build();

    assertThat(tagged(graph, DuplicateAgentName.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.origin()).isSameAs(second);
              assertThat(finding.message())
                  .isEqualTo(
                      "Participants 1 and 3 of team 'review' are both named 'writer'; give each"
                          + " participant a unique name.");
            });
  }

  @Test
  void distinctNamesPass() {
    AgentGraph graph =
        AgentGraph.builder("review").agent("writer").agent("Writer").maxTurns(3).build();

    assertThat(tagged(graph, DuplicateAgentName.TAG)).isEmpty();
  }
}
