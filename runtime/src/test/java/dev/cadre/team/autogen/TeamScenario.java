package dev.cadre.team.autogen;

import dev.cadre.agent.ChatAgent;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.TerminationCondition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** What the scenario tests share: teams built by hand, each closed after its test. */
abstract class TeamScenario {

  private final List<Team> teams = new ArrayList<>();

  @AfterEach
  void closeTeams() {
    teams.forEach(Team::close);
  }

  /** {@code team}, closed after the test. */
  Team track(Team team) {
    teams.add(team);
    return team;
  }

  Team team(
      String name,
      SpeakerSelector selector,
      TerminationCondition termination,
      int maxTurns,
      boolean teamEvents,
      ChatAgent... participants) {
    return track(
        new Team(
            new TeamSpec(
                name,
                "",
                List.of(participants),
                selector,
                termination,
                maxTurns,
                null,
                teamEvents)));
  }

  Team roundRobin(
      String name, TerminationCondition termination, int maxTurns, ChatAgent... participants) {
    return team(name, new RoundRobin(), termination, maxTurns, false, participants);
  }
}
