package dev.cadre.spec;

import java.util.List;

/**
 * An assistant agent in a spec.
 *
 * @param name its name
 * @param description what it is good at (selector teams need one), or null
 * @param systemMessage its system message, or null
 * @param model its model, or null to take its team's
 * @param tools the names of its tools, from tool libraries or the spec's MCP servers
 * @param handoffs the agents it may hand over to
 * @param a2a the URL of the remote A2A agent this participant is (it then has no system message,
 *     model, tools or handoffs of its own), or null for a local assistant
 * @param where where it is written, or null
 */
public record AgentDef(
    String name,
    String description,
    String systemMessage,
    ModelRef model,
    List<ToolRef> tools,
    List<HandoffDef> handoffs,
    String a2a,
    SpecLocation where)
    implements ParticipantDef {

  public AgentDef {
    tools = List.copyOf(tools);
    handoffs = List.copyOf(handoffs);
  }

  /**
   * A tool named in a spec.
   *
   * @param name the tool's name
   * @param where where it is named, or null
   */
  public record ToolRef(String name, SpecLocation where) {}

  /**
   * A handoff in a spec.
   *
   * @param target the agent handed over to
   * @param description what the handoff tool tells the model, or null for the default
   * @param where where it is written, or null
   */
  public record HandoffDef(String target, String description, SpecLocation where) {}
}
