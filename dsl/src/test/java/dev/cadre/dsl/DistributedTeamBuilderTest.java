package dev.cadre.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.graph.GraphValidationException;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Cadre#distributed}: a team whose agents the runtime makes from a new builder each time,
 * as a team spread over a distributed runtime needs, and that runs as the same team built once.
 */
class DistributedTeamBuilderTest {

  @Test
  void everyAgentTheRuntimeMakesComesFromANewBuilderAndTheRunIsTheSame() {
    List<List<ChatAgent>> built = new ArrayList<>();
    try (InProcessRuntime runtime = new InProcessRuntime();
        Team team =
            Cadre.distributed(
                () -> {
                  RoundRobinBuilder writers =
                      Cadre.roundRobin("writers")
                          .participant(
                              Cadre.assistant("writer")
                                  .model(ReplayChatModel.ofTexts("A poem.", "A shorter poem.")))
                          .participant(
                              Cadre.assistant("critic")
                                  .model(ReplayChatModel.ofTexts("Too long", "APPROVE")))
                          .termination(Terminations.textMention("APPROVE"))
                          .runtime(runtime)
                          .instanceId("w1");
                  built.add(writers.spec().participants());
                  return writers;
                })) {
      List<String> run =
          team.run("Write a poem").messages().stream()
              .map(m -> m.source() + ": " + m.content())
              .toList();

      assertThat(run)
          .containsExactly(
              "user: Write a poem",
              "writer: A poem.",
              "critic: Too long",
              "writer: A shorter poem.",
              "critic: APPROVE");
      assertThat(team.instanceId()).isEqualTo("w1");
      // The team itself, then the writer's and critic's containers and the manager, each from a
      // builder of its own: no two of them share a participant.
      assertThat(built).hasSize(4);
      assertThat(built.stream().flatMap(List::stream).distinct()).hasSize(8);
    }
  }

  @Test
  void withoutAnInstanceIdTheTeamGetsARandomOne() {
    try (Team team =
        Cadre.distributed(
            () ->
                Cadre.roundRobin("solo")
                    .participant(Cadre.assistant("writer").model(ReplayChatModel.ofTexts("Hi")))
                    .maxTurns(1))) {
      assertThat(team.instanceId()).matches("[0-9a-f]{8}");
      assertThat(team.run("Hello").lastMessage()).isEqualTo(new AgentMessage.Text("writer", "Hi"));
    }
  }

  @Test
  void aTeamThatBreaksARuleFailsAsBuildDoes() {
    assertThatThrownBy(
            () ->
                Cadre.distributed(
                    () ->
                        Cadre.roundRobin("twins")
                            .participant(Cadre.assistant("a").model(ReplayChatModel.ofTexts("x")))
                            .participant(
                                Cadre.assistant("a").model(ReplayChatModel.ofTexts("y")))))
        .isInstanceOf(GraphValidationException.class)
        .hasMessageContaining("'a'");
  }
}
