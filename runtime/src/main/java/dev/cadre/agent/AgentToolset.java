package dev.cadre.agent;

import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolSource;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link AssistantAgent} offers its model to call: its fixed tools, the tools its {@link
 * ToolSource}s have now (an MCP server's, which may change between model calls), and its handoffs,
 * each a {@code transfer_to_<target>} tool that is answered, not run.
 */
final class AgentToolset {

  private final List<Tool> fixedTools;
  private final List<ToolSource> toolSources;
  private final Map<String, Handoff> handoffs;
  // Rebuilt when a ToolSource changes, before a model call, holding the agent's turn lock;
  // volatile for AssistantAgent.toolNames(), which reads them from any thread.
  private volatile ToolExecutor tools;
  private volatile List<ToolSpec> specs;
  private List<List<Tool>> sourced; // what toolSources gave last; guarded by the turn lock

  /**
   * @throws IllegalArgumentException naming the agent, when two handoffs go to the same target or a
   *     tool has a handoff's name
   */
  AgentToolset(
      String agent, List<Tool> fixedTools, List<ToolSource> toolSources, List<Handoff> handoffs) {
    this.fixedTools = List.copyOf(fixedTools);
    this.toolSources = List.copyOf(toolSources);
    this.sourced = new ArrayList<>();
    this.toolSources.forEach(source -> sourced.add(source.current()));
    this.tools = new ToolExecutor(allTools(sourced));
    this.handoffs = new LinkedHashMap<>();
    for (Handoff handoff : handoffs) {
      if (this.handoffs.put(handoff.toolName(), handoff) != null) {
        throw new IllegalArgumentException(
            "agent '" + agent + "' declares the handoff to '" + handoff.target() + "' twice");
      }
      if (tools.find(handoff.toolName()).isPresent()) {
        throw new IllegalArgumentException(
            "agent '"
                + agent
                + "' has a tool named '"
                + handoff.toolName()
                + "', which clashes with its handoff to '"
                + handoff.target()
                + "'; rename the tool");
      }
    }
    this.specs = specsWithHandoffs(tools);
  }

  private List<Tool> allTools(List<List<Tool>> fromSources) {
    List<Tool> all = new ArrayList<>(fixedTools);
    fromSources.forEach(all::addAll);
    return all;
  }

  private List<ToolSpec> specsWithHandoffs(ToolExecutor executor) {
    List<ToolSpec> all = new ArrayList<>(executor.specs());
    for (Handoff handoff : handoffs.values()) {
      all.add(
          new ToolSpec(handoff.toolName(), handoff.description(), JsonSchemas.object().build()));
    }
    return List.copyOf(all);
  }

  /** The real tools, handoffs left out, as the last {@link #refresh()} found them. */
  ToolExecutor tools() {
    return tools;
  }

  /** What the model is offered: the real tools, then the handoffs. */
  List<ToolSpec> specs() {
    return specs;
  }

  /** The handoffs, in the order they were declared. */
  List<Handoff> handoffs() {
    return List.copyOf(handoffs.values());
  }

  /** The handoff a call to {@code toolName} makes, or null when that is no handoff's tool. */
  Handoff handoff(String toolName) {
    return handoffs.get(toolName);
  }

  /** The handoff the first handoff call of {@code calls} makes, or null when none hands off. */
  Handoff firstHandoff(List<ToolCall> calls) {
    for (ToolCall call : calls) {
      Handoff handoff = handoffs.get(call.name());
      if (handoff != null) {
        return handoff;
      }
    }
    return null;
  }

  /**
   * Takes the tools its {@link ToolSource}s have now, before a model call; call it holding the
   * agent's turn lock. A source that fails, or whose tools would clash by name with another tool or
   * a handoff, leaves the tools as they were: the turn goes on, and a call to a tool the server
   * dropped meanwhile fails at the server, as a tool error the model reads.
   */
  void refresh() {
    if (toolSources.isEmpty()) {
      return;
    }
    List<List<Tool>> now = new ArrayList<>();
    boolean changed = false;
    for (int i = 0; i < toolSources.size(); i++) {
      List<Tool> current;
      try {
        current = Objects.requireNonNull(toolSources.get(i).current(), "tools");
      } catch (RuntimeException e) {
        current = sourced.get(i);
      }
      changed |= current != sourced.get(i);
      now.add(current);
    }
    if (!changed) {
      return;
    }
    ToolExecutor refreshed;
    try {
      refreshed = new ToolExecutor(allTools(now));
    } catch (RuntimeException e) {
      return;
    }
    for (Handoff handoff : handoffs.values()) {
      if (refreshed.find(handoff.toolName()).isPresent()) {
        return;
      }
    }
    sourced = now;
    tools = refreshed;
    specs = specsWithHandoffs(refreshed);
  }
}
