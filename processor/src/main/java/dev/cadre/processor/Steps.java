package dev.cadre.processor;

import java.util.List;

/** The processor's steps, in the order they run each round: tools first, then agents, then teams. */
final class Steps {

  private Steps() {}

  static List<Step> all(Context context) {
    return List.of(new dev.cadre.processor.agent.AgentStep(context));
  }
}
