package dev.cadre.dsl;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.tool.Tool;

/**
 * Where the fluent DSL starts: agents, tools and teams, written in code. Each team builder checks
 * the whole team at {@code build()} with the rules the annotation processor applies at compile
 * time.
 *
 * <pre>{@code
 * Team team = Cadre.roundRobin("writers")
 *     .participant(Cadre.assistant("writer").model(model).systemMessage("Write."))
 *     .participant(Cadre.assistant("critic").model(model).systemMessage("Critique; say APPROVE."))
 *     .termination(Terminations.textMention("APPROVE").or(Terminations.maxMessages(10)))
 *     .build();
 * }</pre>
 */
public final class Cadre {

  private Cadre() {}

  /** An assistant agent: a model, a system message, tools and handoffs. */
  public static AssistantAgent.Builder assistant(String name) {
    return AssistantAgent.builder(name);
  }

  /** A tool from a lambda, with its parameters named, typed and described. */
  public static Tool.Builder tool(String name) {
    return Tool.builder(name);
  }

  /** A team whose participants speak in turn. */
  public static RoundRobinBuilder roundRobin(String name) {
    return new RoundRobinBuilder(name);
  }
}
