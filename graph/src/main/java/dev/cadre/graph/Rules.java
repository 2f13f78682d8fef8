package dev.cadre.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standard rules, one nested class each, with its tag as {@code TAG}. Rules about edges, entry
 * points and joins look only at {@link TeamPattern#GRAPH} teams; elsewhere {@link
 * EdgesOutsideGraph} warns that those declarations are ignored, as {@link HandoffsOutsideSwarm}
 * does for handoffs outside a {@link TeamPattern#SWARM}: a declaration a pattern ignores is legal
 * and changes nothing, so it is a warning, whichever it is.
 */
public final class Rules {

  private Rules() {}

  /** Every standard rule, in the order {@link GraphRules} runs them. */
  public static List<Rule> standard() {
    return List.of(
        new EmptyTeam(),
        new InvalidAgentName(),
        new DuplicateAgentName(),
        new UnknownHandoff(),
        new UnknownEdgeTarget(),
        new UnknownNode(),
        new InvalidBound(),
        new EdgesOutsideGraph(),
        new HandoffsOutsideSwarm(),
        new NoEntryPoint(),
        new AmbiguousEntryPoint(),
        new UnreachableAgent(),
        new MixedEdges(),
        new ConflictingActivation(),
        new UnboundedCycle(),
        new NeverTerminates(),
        new MissingDescription(),
        new SelectorTooFew(),
        new UnreachableInSwarm(),
        new TeamInSwarm());
  }

  /** {@code Cadre/EmptyTeam} (error): a team without participants. */
  public static final class EmptyTeam implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/EmptyTeam";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.participants().isEmpty()) {
        report.error(
            graph.origin(),
            "Team '" + graph.name() + "' has no participants; add at least one agent or team.");
      }
    }
  }

  /**
   * {@code Cadre/InvalidAgentName} (error): a participant name that is empty or does not match
   * {@code ^[a-zA-Z0-9_-]{1,64}$}, as names become tool names; or a handoff target whose name is
   * longer than 52 characters, as {@code transfer_to_<name>} must fit in 64.
   */
  public static final class InvalidAgentName implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/InvalidAgentName";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      Set<String> targets = new HashSet<>();
      for (Participant participant : graph.participants()) {
        targets.addAll(participant.handoffs());
      }
      Set<String> seen = new HashSet<>();
      List<Participant> participants = graph.participants();
      for (int i = 0; i < participants.size(); i++) {
        Participant participant = participants.get(i);
        String name = participant.name();
        if (name.isEmpty()) {
          report.error(
              participant.origin(),
              "Participant "
                  + (i + 1)
                  + " of team '"
                  + graph.name()
                  + "' has no name; name it with 1 to 64 letters, digits, '_' or '-'.");
        } else if (!Names.VALID.matcher(name).matches()) {
          report.error(
              participant.origin(),
              participant.noun()
                  + " '"
                  + name
                  + "' has an invalid name: names become tool names, so they may hold only"
                  + " letters, digits, '_' and '-', at most 64 of them; rename it, e.g. to '"
                  + Names.sanitized(name)
                  + "'.");
        } else if (targets.contains(name) && seen.add(name)) {
          String tool = Names.HANDOFF_TOOL_PREFIX + name;
          if (tool.length() > Names.MAX_LENGTH) {
            report.error(
                participant.origin(),
                participant.noun()
                    + " '"
                    + name
                    + "' is a handoff target, so its name becomes the tool name '"
                    + tool
                    + "' of "
                    + tool.length()
                    + " characters, more than the 64 model APIs accept; shorten the name to at"
                    + " most "
                    + (Names.MAX_LENGTH - Names.HANDOFF_TOOL_PREFIX.length())
                    + " characters.");
          }
        }
      }
    }
  }

  /** {@code Cadre/DuplicateAgentName} (error): two participants with one name. */
  public static final class DuplicateAgentName implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/DuplicateAgentName";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      List<Participant> participants = graph.participants();
      for (int i = 0; i < participants.size(); i++) {
        String name = participants.get(i).name();
        for (int first = 0; first < i; first++) {
          if (participants.get(first).name().equals(name)) {
            report.error(
                participants.get(i).origin(),
                "Participants "
                    + (first + 1)
                    + " and "
                    + (i + 1)
                    + " of team '"
                    + graph.name()
                    + "' are both named '"
                    + name
                    + "'; give each participant a unique name.");
            break;
          }
        }
      }
    }
  }

  /**
   * {@code Cadre/UnknownHandoff} (error): a handoff to a name that is neither a participant of the
   * team nor one of its {@linkplain AgentGraph#terminalHandoffs() terminal handoffs}. Suggests the
   * closest participant name.
   */
  public static final class UnknownHandoff implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/UnknownHandoff";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      Topology topology = graph.topology();
      for (Participant participant : graph.participants()) {
        for (String target : new LinkedHashSet<>(participant.handoffs())) {
          if (!topology.contains(target) && !graph.terminalHandoffs().contains(target)) {
            report.error(
                participant.origin(),
                participant.noun()
                    + " '"
                    + participant.name()
                    + "' hands off to '"
                    + target
                    + "', which is not in team '"
                    + graph.name()
                    + "'; "
                    + mend(target, topology));
          }
        }
      }
    }
  }

  /**
   * {@code Cadre/UnknownEdgeTarget} (error): a {@link TeamPattern#GRAPH} edge from or to a name
   * that is not a participant. Suggests the closest participant name.
   */
  public static final class UnknownEdgeTarget implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/UnknownEdgeTarget";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() != TeamPattern.GRAPH) {
        return;
      }
      Topology topology = graph.topology();
      for (Edge edge : graph.edges()) {
        if (!topology.contains(edge.from())) {
          report.error(edge.origin(), unknownEnd(edge, "starts at", edge.from(), graph));
        }
        if (!topology.contains(edge.to())) {
          report.error(edge.origin(), unknownEnd(edge, "leads to", edge.to(), graph));
        }
      }
    }

    private static String unknownEnd(Edge edge, String verb, String name, AgentGraph graph) {
      return "Edge "
          + edge.label()
          + " "
          + verb
          + " '"
          + name
          + "', which is not in team '"
          + graph.name()
          + "'; "
          + mend(name, graph.topology());
    }
  }

  /**
   * {@code Cadre/UnknownNode} (error): a {@link TeamPattern#GRAPH} entry point or join mode naming
   * something that is not a participant. Suggests the closest participant name.
   */
  public static final class UnknownNode implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/UnknownNode";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() != TeamPattern.GRAPH) {
        return;
      }
      Topology topology = graph.topology();
      for (String entry : new LinkedHashSet<>(graph.entryPoints())) {
        if (!topology.contains(entry)) {
          report.error(
              graph.origin(),
              "Entry point '"
                  + entry
                  + "' is not in team '"
                  + graph.name()
                  + "'; "
                  + mend(entry, topology));
        }
      }
      for (Map.Entry<String, JoinMode> join : graph.joins().entrySet()) {
        if (!topology.contains(join.getKey())) {
          report.error(
              graph.origin(),
              "Join mode "
                  + join.getValue()
                  + " is set for '"
                  + join.getKey()
                  + "', which is not in team '"
                  + graph.name()
                  + "'; "
                  + mend(join.getKey(), topology));
        }
      }
    }
  }

  /**
   * {@code Cadre/InvalidBound} (error): a {@code maxTurns}, a {@link TeamPattern#GRAPH} edge's
   * {@code maxTraversals}, or one of the pattern's own {@linkplain AgentGraph#bounds() bounds},
   * below 1.
   */
  public static final class InvalidBound implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/InvalidBound";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.maxTurns() != null && graph.maxTurns() < 1) {
        report.error(
            graph.origin(),
            "Team '"
                + graph.name()
                + "' has maxTurns "
                + graph.maxTurns()
                + "; set it to at least 1, or leave it unset for no limit.");
      }
      for (AgentGraph.Bound bound : graph.bounds()) {
        if (bound.value() < 1) {
          report.error(
              bound.origin() != null ? bound.origin() : graph.origin(),
              "Team '"
                  + graph.name()
                  + "' has "
                  + bound.name()
                  + " "
                  + bound.value()
                  + "; set it to at least 1.");
        }
      }
      if (graph.pattern() != TeamPattern.GRAPH) {
        return;
      }
      for (Edge edge : graph.edges()) {
        if (edge.maxTraversals() != null && edge.maxTraversals() < 1) {
          report.error(
              edge.origin(),
              "Edge "
                  + edge.label()
                  + " has maxTraversals "
                  + edge.maxTraversals()
                  + "; set it to at least 1, or leave it unset for no bound.");
        }
      }
    }
  }

  /**
   * {@code Cadre/EdgesOutsideGraph} (warning): edges, entry points or join modes on a team whose
   * pattern is not {@link TeamPattern#GRAPH}, which ignores them.
   */
  public static final class EdgesOutsideGraph implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/EdgesOutsideGraph";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() == TeamPattern.GRAPH) {
        return;
      }
      List<String> ignored = new ArrayList<>();
      count(ignored, graph.edges().size(), "edge");
      count(ignored, graph.entryPoints().size(), "entry point");
      count(ignored, graph.joins().size(), "join mode");
      if (!ignored.isEmpty()) {
        report.warning(
            graph.origin(),
            "Team '"
                + graph.name()
                + "' is "
                + graph.pattern()
                + ", which ignores its "
                + joined(ignored, "and")
                + "; remove them or make the team a GRAPH.");
      }
    }

    private static void count(List<String> parts, int count, String noun) {
      if (count > 0) {
        parts.add(count + " " + noun + (count == 1 ? "" : "s"));
      }
    }
  }

  /**
   * {@code Cadre/HandoffsOutsideSwarm} (warning): a participant of a team whose pattern is not
   * {@link TeamPattern#SWARM} hands off to another participant, which only a swarm follows.
   * Handoffs to a {@linkplain AgentGraph#terminalHandoffs() terminal target} end the run in any
   * pattern, and handoffs to names outside the team are {@link UnknownHandoff}'s.
   */
  public static final class HandoffsOutsideSwarm implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/HandoffsOutsideSwarm";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() == TeamPattern.SWARM) {
        return;
      }
      Topology topology = graph.topology();
      for (Participant participant : graph.participants()) {
        List<String> ignored = new ArrayList<>();
        for (String target : new LinkedHashSet<>(participant.handoffs())) {
          if (topology.contains(target) && !graph.terminalHandoffs().contains(target)) {
            ignored.add("'" + target + "'");
          }
        }
        if (!ignored.isEmpty()) {
          report.warning(
              participant.origin(),
              participant.noun()
                  + " '"
                  + participant.name()
                  + "' hands off to "
                  + joined(ignored, "and")
                  + ", but team '"
                  + graph.name()
                  + "' is "
                  + graph.pattern()
                  + ", which ignores handoffs: only a SWARM follows them; make the team a SWARM,"
                  + " or give it agents without handoffs.");
        }
      }
    }
  }

  /**
   * {@code Cadre/NoEntryPoint} (error): a {@link TeamPattern#GRAPH} with no declared entry point in
   * which every participant has an incoming edge, so no node can start. (With no declared entry
   * point, a single participant without incoming edges is the implicit entry point.)
   */
  public static final class NoEntryPoint implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/NoEntryPoint";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      Topology topology = graph.topology();
      if (graph.pattern() != TeamPattern.GRAPH
          || graph.participants().isEmpty()
          || topology.entriesDeclared()
          || !topology.roots().isEmpty()) {
        return;
      }
      report.error(
          graph.origin(),
          "Team '"
              + graph.name()
              + "' is a GRAPH with no entry point, and every participant has an incoming edge, so"
              + " none starts; declare an entry point, e.g. '"
              + graph.participants().get(0).name()
              + "'.");
    }
  }

  /**
   * {@code Cadre/AmbiguousEntryPoint} (error): a {@link TeamPattern#GRAPH} with no declared entry
   * point and several participants without incoming edges. Declaring several entry points is
   * allowed: they start in parallel.
   */
  public static final class AmbiguousEntryPoint implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/AmbiguousEntryPoint";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      Topology topology = graph.topology();
      if (graph.pattern() != TeamPattern.GRAPH
          || topology.entriesDeclared()
          || topology.roots().size() < 2) {
        return;
      }
      report.error(
          graph.origin(),
          "Team '"
              + graph.name()
              + "' is a GRAPH with no declared entry point, and "
              + Names.quotedList(topology.roots(), "and")
              + " have no incoming edges, so it is unclear which starts; declare the entry"
              + " point, or declare several to start them in parallel.");
    }
  }

  /**
   * {@code Cadre/UnreachableAgent} (error): a {@link TeamPattern#GRAPH} participant that no path of
   * edges reaches from the start nodes ({@link AgentGraph#startNodes()}).
   */
  public static final class UnreachableAgent implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/UnreachableAgent";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      Topology topology = graph.topology();
      List<String> starts = topology.startNodes();
      if (graph.pattern() != TeamPattern.GRAPH || starts.isEmpty()) {
        return; // no start: NoEntryPoint or UnknownNode says so; every node would be reported
      }
      Set<String> reached = topology.reachableFrom(starts);
      for (String name : topology.names()) {
        if (!reached.contains(name)) {
          Participant participant = topology.participant(name);
          report.error(
              participant.origin(),
              participant.noun()
                  + " '"
                  + name
                  + "' is not reachable: no path of edges leads to it from "
                  + Names.quotedList(starts, "or")
                  + ", where the team starts; add an edge to '"
                  + name
                  + "' from a reachable participant, or remove it.");
        }
      }
    }
  }

  /**
   * {@code Cadre/MixedEdges} (error): a {@link TeamPattern#GRAPH} node whose outgoing edges mix
   * conditional and unconditional ones, so its conditions cannot decide where the run goes next.
   */
  public static final class MixedEdges implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/MixedEdges";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() != TeamPattern.GRAPH) {
        return;
      }
      Topology topology = graph.topology();
      for (String name : topology.names()) {
        List<String> conditional = new ArrayList<>();
        List<String> unconditional = new ArrayList<>();
        for (Edge edge : graph.edges()) {
          if (edge.from().equals(name)) {
            (edge.conditional() ? conditional : unconditional).add(edge.label());
          }
        }
        if (!conditional.isEmpty() && !unconditional.isEmpty()) {
          Participant participant = topology.participant(name);
          report.error(
              participant.origin(),
              participant.noun()
                  + " '"
                  + name
                  + "' has both conditional edges ("
                  + String.join(", ", conditional)
                  + ") and unconditional ones ("
                  + String.join(", ", unconditional)
                  + "), so its conditions cannot decide where the run goes next; make every"
                  + " edge leaving '"
                  + name
                  + "' conditional.");
        }
      }
    }
  }

  /**
   * {@code Cadre/ConflictingActivation} (error): {@link TeamPattern#GRAPH} edges of one activation
   * group that disagree on how it activates, one on all of its parents and another on any. An
   * edge's group is the one it names, else its target's name, or a group of its own for an edge
   * that closes a loop; its activation is the one it gives, else its target's join mode.
   */
  public static final class ConflictingActivation implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/ConflictingActivation";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() != TeamPattern.GRAPH) {
        return;
      }
      Set<Edge> back = new HashSet<>(graph.backEdges());
      Map<String, Edge> firstOfGroup = new LinkedHashMap<>();
      for (Edge edge : graph.edges()) {
        if (edge.activationGroup() == null && back.contains(edge)) {
          continue; // a group of its own
        }
        String group = edge.activationGroup() != null ? edge.activationGroup() : edge.to();
        Edge first = firstOfGroup.putIfAbsent(edge.to() + "\u0000" + group, edge);
        if (first != null && activation(graph, first) != activation(graph, edge)) {
          report.error(
              edge.origin(),
              "Edges "
                  + first.label()
                  + " and "
                  + edge.label()
                  + " disagree on how group '"
                  + group
                  + "' of '"
                  + edge.to()
                  + "' activates: on "
                  + activation(graph, first)
                  + " of its parents and on "
                  + activation(graph, edge)
                  + "; give them one activation, or put them in different groups.");
        }
      }
    }

    private static JoinMode activation(AgentGraph graph, Edge edge) {
      return edge.activation() != null ? edge.activation() : graph.joinMode(edge.to());
    }
  }

  /**
   * {@code Cadre/UnboundedCycle} (error): a {@link TeamPattern#GRAPH} cycle none of whose edges is
   * conditional or carries {@code maxTraversals}, so nothing lets the run leave it. Reported once
   * per strongly connected group of such edges, with the shortest cycle through its first
   * participant, on the edge that closes the cycle.
   */
  public static final class UnboundedCycle implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/UnboundedCycle";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() != TeamPattern.GRAPH) {
        return;
      }
      Topology topology = graph.topology();
      for (List<Edge> cycle : topology.cycles(Edge::unguarded)) {
        Edge closing = cycle.get(cycle.size() - 1);
        List<String> approach = topology.pathFromStart(cycle.get(0).from());
        String reached =
            approach.size() > 1
                ? " (reached from the entry by " + String.join(" -> ", approach) + ")"
                : "";
        report.error(
            closing.origin(),
            "Cycle "
                + Topology.path(cycle)
                + reached
                + " has no exit condition and no bound, so it never ends; make one of its edges"
                + " conditional (e.g. "
                + closing.label()
                + ") or give one a maxTraversals bound.");
      }
    }
  }

  /**
   * {@code Cadre/NeverTerminates} (error): a team with no termination condition and no {@code
   * maxTurns}. Round robin, selector and swarm teams then never stop. A {@link TeamPattern#GRAPH}
   * only when it has a cycle without a {@code maxTraversals} bound (as AutoGen requires a
   * termination condition or a turn limit of a cyclic graph): an acyclic graph stops once its last
   * nodes have spoken, a bounded loop stops at its bound, but a loop left only by a condition stops
   * only if the condition ever says so.
   */
  public static final class NeverTerminates implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/NeverTerminates";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.terminationSet()
          || graph.maxTurns() != null
          || graph.participants().isEmpty()
          || graph.pattern() == TeamPattern.MAGENTIC_ONE) {
        // A Magentic-One orchestrator answers after a bounded number of turns.
        return;
      }
      if (graph.pattern() != TeamPattern.GRAPH) {
        report.error(
            graph.origin(),
            "Team '"
                + graph.name()
                + "' has no termination condition and no maxTurns, so it never stops; set a"
                + " termination condition or maxTurns.");
        return;
      }
      List<List<Edge>> loops = graph.topology().cycles(edge -> edge.maxTraversals() == null);
      if (!loops.isEmpty()) {
        report.error(
            graph.origin(),
            "Team '"
                + graph.name()
                + "' loops ("
                + Topology.path(loops.get(0))
                + ") with no termination condition, no maxTurns and no maxTraversals bound on"
                + " the loop, so it may never stop; set a termination condition or maxTurns, or"
                + " bound an edge of the loop with maxTraversals.");
      }
    }
  }

  /**
   * {@code Cadre/MissingDescription} (error): a {@link TeamPattern#SELECTOR} or {@link
   * TeamPattern#MAGENTIC_ONE} participant without a description, though the model picks the next
   * speaker (and plans) by description.
   */
  public static final class MissingDescription implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/MissingDescription";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      String why;
      if (graph.pattern() == TeamPattern.SELECTOR) {
        why = "' is a SELECTOR whose model picks the next speaker by description";
      } else if (graph.pattern() == TeamPattern.MAGENTIC_ONE) {
        why =
            "' is a MAGENTIC_ONE team whose orchestrator plans and picks speakers by description";
      } else {
        return;
      }
      for (Participant participant : graph.participants()) {
        if (participant.description() == null || participant.description().isBlank()) {
          report.error(
              participant.origin(),
              participant.noun()
                  + " '"
                  + participant.name()
                  + "' has no description, but team '"
                  + graph.name()
                  + why
                  + "; describe what '"
                  + participant.name()
                  + "' does.");
        }
      }
    }
  }

  /**
   * {@code Cadre/SelectorTooFew} (error): a {@link TeamPattern#SELECTOR} of one participant, for
   * whom the model has no one to choose between (AutoGen requires two).
   */
  public static final class SelectorTooFew implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/SelectorTooFew";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() != TeamPattern.SELECTOR || graph.participants().size() != 1) {
        return;
      }
      report.error(
          graph.origin(),
          "Team '"
              + graph.name()
              + "' is a SELECTOR of one participant, '"
              + graph.participants().get(0).name()
              + "', but its model chooses among two or more; add a participant, or make the team"
              + " a ROUND_ROBIN.");
    }
  }

  /**
   * {@code Cadre/UnreachableInSwarm} (error): a {@link TeamPattern#SWARM} participant that no chain
   * of handoffs from the first participant, who starts, reaches.
   */
  public static final class UnreachableInSwarm implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/UnreachableInSwarm";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() != TeamPattern.SWARM || graph.participants().isEmpty()) {
        return;
      }
      Topology topology = graph.topology();
      String first = graph.participants().get(0).name();
      Set<String> reached = new HashSet<>(List.of(first));
      Deque<String> queue = new ArrayDeque<>(List.of(first));
      while (!queue.isEmpty()) {
        for (String target : topology.participant(queue.removeFirst()).handoffs()) {
          if (topology.contains(target) && reached.add(target)) {
            queue.addLast(target);
          }
        }
      }
      for (String name : topology.names()) {
        if (!reached.contains(name)) {
          Participant participant = topology.participant(name);
          report.error(
              participant.origin(),
              participant.noun()
                  + " '"
                  + name
                  + "' never gets a turn: no chain of handoffs from '"
                  + first
                  + "', who starts the swarm, leads to it; add '"
                  + name
                  + "' to the handoffs of '"
                  + first
                  + "' or of an agent it hands off to, or remove it.");
        }
      }
    }
  }

  /**
   * {@code Cadre/TeamInSwarm} (error): a team taking part in a {@link TeamPattern#SWARM}, where
   * participants pass the conversation by handing off, which a team cannot do (AutoGen refuses it
   * too).
   */
  public static final class TeamInSwarm implements Rule {
    /** The tag its findings carry. */
    public static final String TAG = "Cadre/TeamInSwarm";

    @Override
    public String tag() {
      return TAG;
    }

    @Override
    public void check(AgentGraph graph, Reporter report) {
      if (graph.pattern() != TeamPattern.SWARM) {
        return;
      }
      for (Participant participant : graph.participants()) {
        if (participant.kind() == Participant.Kind.TEAM) {
          report.error(
              participant.origin(),
              "Team '"
                  + participant.name()
                  + "' cannot take part in swarm '"
                  + graph.name()
                  + "': a swarm passes the conversation by handoffs, and a team cannot hand off;"
                  + " put its agents in the swarm, wrap it in a nested chat agent that answers"
                  + " for it, or make '"
                  + graph.name()
                  + "' a ROUND_ROBIN or SELECTOR.");
        }
      }
    }
  }

  /** How to mend a reference to {@code name}, which is not a participant. */
  private static String mend(String name, Topology topology) {
    String closest = Suggestions.closest(name, topology.names());
    return "name a participant instead"
        + (closest == null ? "" : " (did you mean '" + closest + "'?)")
        + " or add '"
        + name
        + "' to the team.";
  }

  /** "a", "a and b", "a, b and c". */
  static String joined(List<String> parts, String conjunction) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        text.append(i == parts.size() - 1 ? " " + conjunction + " " : ", ");
      }
      text.append(parts.get(i));
    }
    return text.toString();
  }
}
