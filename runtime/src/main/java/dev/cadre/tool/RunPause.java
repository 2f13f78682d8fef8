package dev.cadre.tool;

/**
 * Marks an exception that pauses the run instead of failing a tool call ({@code
 * dev.cadre.agent.HumanInputPending}): {@link ToolExecutor} lets it through to the agent, whose
 * turn stops, rather than telling the model of it; a durable team run then waits for a person,
 * and the call runs again when the run is resumed.
 */
public interface RunPause {}
