package dev.cadre.dsl;

import dev.cadre.agent.ChatAgent;
import dev.cadre.graph.TeamPattern;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.SpeakerSelector;
import java.util.List;

/** Builds a team whose participants speak in turn, in the order they were added. */
public final class RoundRobinBuilder extends TeamBuilder<RoundRobinBuilder> {

  RoundRobinBuilder(String name) {
    super(name, TeamPattern.ROUND_ROBIN);
  }

  @Override
  SpeakerSelector selector(List<ChatAgent> participants) {
    return new RoundRobin();
  }
}
