package dev.cadre.dsl;

import dev.cadre.agent.ChatAgent;
import dev.cadre.graph.TeamPattern;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.Swarm;
import java.util.List;

/**
 * Builds a team in which handoffs decide who speaks: the first participant starts and keeps the
 * floor until it hands off ({@code AssistantAgent.Builder.handoff}, or any participant's declared
 * {@link dev.cadre.agent.ChatAgent#handoffs()}). Every participant must be reachable by handoffs
 * from the first, and be an agent: a team cannot hand off.
 */
public final class SwarmBuilder extends TeamBuilder<SwarmBuilder> {

  SwarmBuilder(String name) {
    super(name, TeamPattern.SWARM);
  }

  @Override
  SpeakerSelector selector(List<ChatAgent> participants) {
    return new Swarm();
  }
}
