package dev.cadre.processor;

import dev.cadre.processor.agent.AgentStep;
import dev.cadre.processor.team.GroupChatStep;
import dev.cadre.processor.tool.ToolStep;
import java.util.List;

/** The processor's steps, in the order they run each round: tools first, then agents, then teams. */
final class Steps {

  private Steps() {}

  static List<Step> all(Context context) {
    return List.of(new ToolStep(context), new AgentStep(context), new GroupChatStep(context));
  }
}
