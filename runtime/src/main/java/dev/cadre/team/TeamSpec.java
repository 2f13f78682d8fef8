package dev.cadre.team;

import dev.cadre.agent.ChatAgent;
import dev.cadre.core.AgentRuntime;
import dev.cadre.graph.AgentGraph;
import dev.cadre.graph.GraphRules;
import dev.cadre.graph.Rules;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link Team} is made of. The DSL's builders write these (after checking the whole
 * agent graph); code that builds one by hand gets only the checks below: names, and what each
 * pattern cannot run with (a selector of one participant, a team in a swarm, a graph that loops
 * with nothing to stop it), each an {@link IllegalArgumentException} but the last, a {@link
 * dev.cadre.graph.GraphValidationException} as the DSL would throw.
 *
 * @param name the team's name, as participants' names are spelled
 * @param description what the team is good at, when it takes part in another team
 * @param participants who takes part, in order; names unique
 * @param selector the pattern: who speaks next
 * @param termination when to stop, or null to stop only at {@code maxTurns}
 * @param maxTurns the most turns a run may take: a hard bound, whatever the termination says;
 *     {@link Integer#MAX_VALUE} for none
 * @param runtime where the team's agents run; null for a runtime of the team's own
 * @param emitTeamEvents whether each choice of speakers, and each reply of a streaming selector's
 *     model, goes into a result's {@link TaskResult#timeline()}, as AutoGen's {@code
 *     emit_team_events} puts them in its result (the team's listeners hear them either way)
 */
public record TeamSpec(
    String name,
    String description,
    List<ChatAgent> participants,
    SpeakerSelector selector,
    TerminationCondition termination,
    int maxTurns,
    AgentRuntime runtime,
    boolean emitTeamEvents) {

  /** A team whose results leave the choices of speakers out of their timeline. */
  public TeamSpec(
      String name,
      String description,
      List<ChatAgent> participants,
      SpeakerSelector selector,
      TerminationCondition termination,
      int maxTurns,
      AgentRuntime runtime) {
    this(name, description, participants, selector, termination, maxTurns, runtime, false);
  }

  /** Checks and copies the components. */
  public TeamSpec {
    ChatAgent.requireValidName("team", name);
    description = description == null ? "" : description;
    participants = List.copyOf(participants);
    if (participants.isEmpty()) {
      throw new IllegalArgumentException("team '" + name + "' has no participants");
    }
    Set<String> names = new HashSet<>();
    for (ChatAgent participant : participants) {
      if (!names.add(participant.name())) {
        throw new IllegalArgumentException(
            "team '" + name + "' has two participants named '" + participant.name() + "'");
      }
    }
    Objects.requireNonNull(selector, "selector of team '" + name + "'");
    if (maxTurns < 1) {
      throw new IllegalArgumentException(
          "team '" + name + "': maxTurns must be at least 1, was " + maxTurns);
    }
    requireRunnable(name, participants, selector, termination, maxTurns);
  }

  /** The checks of {@link Rules} a hand-built spec would otherwise miss, in their words. */
  private static void requireRunnable(
      String name,
      List<ChatAgent> participants,
      SpeakerSelector selector,
      TerminationCondition termination,
      int maxTurns) {
    if (selector instanceof ModelSelector && participants.size() < 2) {
      throw new IllegalArgumentException(
          "selector team '"
              + name
              + "' has one participant, '"
              + participants.get(0).name()
              + "', but its model chooses among two or more ["
              + Rules.SelectorTooFew.TAG
              + "]; add a participant, or use a RoundRobin");
    }
    if (selector instanceof Swarm) {
      for (ChatAgent participant : participants) {
        if (participant instanceof Team) {
          throw new IllegalArgumentException(
              "team '"
                  + participant.name()
                  + "' cannot take part in swarm '"
                  + name
                  + "': a swarm passes the conversation by handoffs, and a team cannot hand off ["
                  + Rules.TeamInSwarm.TAG
                  + "]; put its agents in the swarm, or wrap it in a NestedChatAgent");
        }
      }
    }
    if (selector instanceof GraphFlow flow) {
      AgentGraph graph =
          flow.graph()
              .described(
                  name, termination != null, maxTurns == Integer.MAX_VALUE ? null : maxTurns);
      GraphRules.of(List.of(new Rules.NeverTerminates())).requireValid(graph);
    }
  }
}
