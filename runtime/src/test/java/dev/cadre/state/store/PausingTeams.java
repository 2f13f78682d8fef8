package dev.cadre.state.store;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.model.ChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import java.util.List;

/**
 * The team of the pause tests, built the same way in the test JVM and in {@link PausedTeamChild}:
 * an agent and a customer (a user proxy that pauses the run for the person's answer) in round
 * robin, stopping at the fourth message. Public for the cadre command's tests of answering.
 */
public final class PausingTeams {

  public static final String TASK = "Book me a trip";
  public static final String PROMPT = "Where to?";

  private PausingTeams() {}

  /** The team, whose agent answers with {@code agentModel}. */
  public static Team team(CheckpointStore store, ChatModel agentModel) {
    AssistantAgent agent =
        AssistantAgent.builder("agent")
            .description("Books trips")
            .systemMessage(null)
            .model(agentModel)
            .build();
    UserProxyAgent customer =
        UserProxyAgent.builder("customer").input(HumanInput.pause()).prompt(PROMPT).build();
    TeamSpec spec =
        new TeamSpec(
            "travel",
            "Books trips with a person",
            List.of(agent, customer),
            new RoundRobin(),
            Terminations.maxMessages(4),
            10,
            null);
    return new Team(spec, store);
  }
}
