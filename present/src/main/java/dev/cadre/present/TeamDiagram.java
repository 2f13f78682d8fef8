package dev.cadre.present;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.Handoff;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.GraphFlow;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.Swarm;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A team's Mermaid flowchart derived from the team itself, in the subset the annotation processor
 * writes and {@link RunReport} draws: one node per participant (nested teams as subroutine boxes)
 * and the pattern's arrows (the rotation of a round robin, the selector hub, a swarm's handoffs, a
 * graph's edges with their conditions and bounds). So a team built with the DSL, or by hand, gets
 * its graph in the report too. Names are shown as labels only, never as node ids, so no name can
 * break the diagram.
 */
public final class TeamDiagram {

  private TeamDiagram() {}

  /** The diagram of {@code team}. */
  public static String of(Team team) {
    return of(team.spec());
  }

  /** The diagram of the team {@code spec} describes. */
  public static String of(TeamSpec spec) {
    StringBuilder out = new StringBuilder("flowchart TD\n");
    out.append("  %% Team '")
        .append(oneLine(spec.name()))
        .append("' (")
        .append(oneLine(String.valueOf(spec.selector())))
        .append("), drawn by Cadre from the team\n");
    Map<String, String> ids = new LinkedHashMap<>();
    for (ChatAgent participant : spec.participants()) {
      String id = "p" + (ids.size() + 1);
      ids.put(participant.name(), id);
      String label = quoted(participant.name());
      out.append("  ")
          .append(id)
          .append(participant instanceof Team ? "[[" + label + "]]" : "[" + label + "]")
          .append('\n');
    }
    List<String> names = new ArrayList<>(ids.keySet());
    if (spec.selector() instanceof RoundRobin) {
      for (int i = 0; i + 1 < names.size(); i++) {
        arrow(out, ids.get(names.get(i)), "-->", null, ids.get(names.get(i + 1)));
      }
      arrow(out, ids.get(names.get(names.size() - 1)), "-.->", "next round", "p1");
    } else if (spec.selector() instanceof ModelSelector) {
      out.append("  selector{{").append(quoted("selector")).append("}}\n");
      for (String name : names) {
        arrow(out, "selector", "-.->", null, ids.get(name));
      }
    } else if (spec.selector() instanceof Swarm) {
      out.append("  start((start))\n");
      arrow(out, "start", "-->", null, "p1");
      for (ChatAgent participant : spec.participants()) {
        if (participant instanceof AssistantAgent assistant) {
          for (Handoff handoff : assistant.handoffs()) {
            String target = ids.get(handoff.target());
            if (target != null) {
              arrow(out, ids.get(participant.name()), "-.->", "handoff", target);
            }
          }
        }
      }
    } else if (spec.selector() instanceof GraphFlow flow) {
      ChatGraph graph = flow.graph();
      out.append("  start((start))\n");
      for (String entry : graph.entries()) {
        arrow(out, "start", "-->", null, ids.get(entry));
      }
      for (ChatGraph.Edge edge : graph.edges()) {
        List<String> label = new ArrayList<>();
        if (edge.condition() != null) {
          label.add(edge.condition().description());
        }
        if (edge.maxTraversals() > 0) {
          int times = edge.maxTraversals();
          label.add("at most " + times + (times == 1 ? " time" : " times"));
        }
        arrow(
            out,
            ids.get(edge.source()),
            "-->",
            label.isEmpty() ? null : String.join(", ", label),
            ids.get(edge.target()));
      }
    }
    // Another selector has no arrows to draw: its participants stand alone.
    return out.toString();
  }

  /**
   * A diagram in the subset {@link #of} and Cadre's processor write, drawn as an inline {@code
   * <svg class="team-graph">} with no script and no inline style, so a page under a strict
   * Content-Security-Policy can show it and style it from its own stylesheet. Each node is a {@code
   * <g class="node">} with {@code data-id} (its Mermaid id) and {@code data-label} (the agent's
   * name), so a page can find an agent's node and toggle a class on it. Every text is escaped.
   *
   * @param mermaid the diagram; lines outside the subset are skipped
   * @param fills an agent's name to the colour of its node (any CSS colour); the others are grey
   */
  public static String svg(String mermaid, Map<String, String> fills) {
    return MermaidGraph.parse(mermaid).svg(fills);
  }

  private static void arrow(StringBuilder out, String from, String arrow, String label, String to) {
    if (from == null || to == null) {
      return; // an edge to a name outside the team: the team's own checks report it
    }
    out.append("  ").append(from).append(' ').append(arrow);
    if (label != null) {
      out.append('|').append(quoted(label)).append('|');
    }
    out.append(' ').append(to).append('\n');
  }

  /**
   * A Mermaid string: in double quotes, which it spells {@code #quot;} inside, and {@code #} spelt
   * {@code #35;} first, so that a text holding an entity's spelling ({@code #quot;}, say) reads as
   * written rather than as the character.
   */
  private static String quoted(String text) {
    return "\"" + oneLine(text).replace("#", "#35;").replace("\"", "#quot;") + "\"";
  }

  private static String oneLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }
}
