package dev.cadre.team;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.replay.ReplayChatModel;

/** Participants the team tests share. */
final class TeamFixtures {

  private TeamFixtures() {}

  /** An assistant on a replay model, described, with no system message to clutter requests. */
  static AssistantAgent agent(String name, ReplayChatModel model) {
    return AssistantAgent.builder(name)
        .description(name + " agent")
        .systemMessage(null)
        .model(model)
        .build();
  }
}
