package dev.cadre.graph;

import java.util.List;

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
      NameRules.emptyTeam(graph, report);
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
      NameRules.invalidAgentName(graph, report);
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
      NameRules.duplicateAgentName(graph, report);
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
      ReferenceRules.unknownHandoff(graph, report);
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
      ReferenceRules.unknownEdgeTarget(graph, report);
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
      ReferenceRules.unknownNode(graph, report);
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
      GraphShapeRules.invalidBound(graph, report);
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
      GraphShapeRules.edgesOutsideGraph(graph, report);
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
      GraphShapeRules.handoffsOutsideSwarm(graph, report);
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
      GraphShapeRules.noEntryPoint(graph, report);
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
      GraphShapeRules.ambiguousEntryPoint(graph, report);
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
      GraphShapeRules.unreachableAgent(graph, report);
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
      GraphShapeRules.mixedEdges(graph, report);
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
      GraphShapeRules.conflictingActivation(graph, report);
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
      GraphShapeRules.unboundedCycle(graph, report);
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
      TeamRules.neverTerminates(graph, report);
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
      TeamRules.missingDescription(graph, report);
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
      TeamRules.selectorTooFew(graph, report);
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
      TeamRules.unreachableInSwarm(graph, report);
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
      TeamRules.teamInSwarm(graph, report);
    }
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
