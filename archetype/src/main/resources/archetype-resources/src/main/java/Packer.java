package ${package};

import dev.cadre.annotations.Agent;

/** An agent with no tool: it reads the forecast in the conversation and says what to take. */
@Agent(
    description = "Says what to pack for the forecast",
    systemMessage = "You read the forecast and say, in one sentence, what to pack for the day.")
public interface Packer {}
