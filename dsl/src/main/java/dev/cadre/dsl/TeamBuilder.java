package dev.cadre.dsl;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.Handoff;
import dev.cadre.core.AgentRuntime;
import dev.cadre.graph.AgentGraph;
import dev.cadre.graph.Finding;
import dev.cadre.graph.GraphRules;
import dev.cadre.graph.GraphValidationException;
import dev.cadre.graph.Participant;
import dev.cadre.graph.TeamPattern;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.TerminationCondition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every team builder shares: participants, termination, the turn limit and the runtime. At
 * {@link #build()} the whole team is described as an {@link AgentGraph} and checked with the same
 * {@link GraphRules} the annotation processor runs at compile time; every problem is reported at
 * once in a {@link GraphValidationException}.
 *
 * @param <B> the concrete builder, so chained calls keep their type
 */
public abstract class TeamBuilder<B extends TeamBuilder<B>> {

  private static final Logger LOG = LoggerFactory.getLogger(TeamBuilder.class);

  private final String name;
  private final TeamPattern pattern;
  private String description = "";
  private final List<ChatAgent> participants = new ArrayList<>();
  private TerminationCondition termination;
  private Integer maxTurns;
  private AgentRuntime runtime;
  private CheckpointStore checkpoints;
  private String instanceId;
  private boolean emitTeamEvents;
  private final Set<String> terminalHandoffs = new LinkedHashSet<>();

  TeamBuilder(String name, TeamPattern pattern) {
    this.name = Objects.requireNonNull(name, "name");
    this.pattern = pattern;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** What the team is good at, when it takes part in another team. */
  public B description(String description) {
    this.description = Objects.requireNonNull(description, "description");
    return self();
  }

  /** Adds a participant: an agent, another team, any {@link ChatAgent}. */
  public B participant(ChatAgent participant) {
    participants.add(Objects.requireNonNull(participant, "participant"));
    return self();
  }

  /** Adds an assistant, building it now. */
  public B participant(AssistantAgent.Builder participant) {
    return participant(participant.build());
  }

  /** Adds participants, in speaking order for round robin and swarm teams. */
  public B participants(ChatAgent... participants) {
    for (ChatAgent participant : participants) {
      participant(participant);
    }
    return self();
  }

  /** When a run stops; see {@link dev.cadre.team.Terminations}. */
  public B termination(TerminationCondition termination) {
    this.termination = Objects.requireNonNull(termination, "termination");
    return self();
  }

  /** The most turns one run may take, whatever the termination says. */
  public B maxTurns(int maxTurns) {
    this.maxTurns = maxTurns;
    return self();
  }

  /**
   * Whether each choice of speakers, and each reply of a streaming selector's model, goes into a
   * run's {@link dev.cadre.team.TaskResult#timeline()}, as AutoGen's {@code emit_team_events=True}
   * puts them in its result; off by default. The team's listeners hear them either way.
   */
  public B emitTeamEvents(boolean emitTeamEvents) {
    this.emitTeamEvents = emitTeamEvents;
    return self();
  }

  /** Runs the team's agents on this runtime rather than one of the team's own. */
  public B runtime(AgentRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    return self();
  }

  /**
   * Makes the team's runs durable: each step is committed to {@code store} before the next acts on
   * it, so {@link Team#runDurable} runs can be {@link Team#resume resumed} after a crash by a team
   * built the same way on the same store. The team does not close the store.
   */
  public B checkpoints(CheckpointStore store) {
    this.checkpoints = Objects.requireNonNull(store, "store");
    return self();
  }

  /**
   * Names this team among the teams of its name, for a team spread over the processes of a
   * distributed {@link #runtime runtime}: teams built the same way with the same instance id on its
   * workers are one team, each process hosting those of its agents the runtime gives it (see {@link
   * Team#Team(TeamSpec, CheckpointStore, String)}). Without it the team gets a random one.
   */
  public B instanceId(String instanceId) {
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    return self();
  }

  /**
   * Declares a handoff target outside the team that ends the run, such as {@code "user"} with
   * {@code Terminations.handoff("user")}, so handoffs to it are not reported as unknown.
   */
  public B endsOnHandoffTo(String target) {
    terminalHandoffs.add(Objects.requireNonNull(target, "target"));
    return self();
  }

  /**
   * Checks the whole team and builds it.
   *
   * @throws GraphValidationException listing every problem found, each with its tag and fix
   */
  public Team build() {
    TeamSpec spec = spec();
    return instanceId == null
        ? new Team(spec, checkpoints)
        : new Team(spec, checkpoints, instanceId);
  }

  /**
   * The team of this builder's settings whose agents are made anew from {@code specs} each time
   * the runtime makes one; see {@link Cadre#distributed}.
   */
  Team build(java.util.function.Supplier<TeamSpec> specs) {
    return new Team(specs, checkpoints, instanceId);
  }

  /**
   * Checks the whole team and returns what it is made of, without making the {@link Team}: for a
   * spec factory, see {@link Cadre#distributed}.
   *
   * @throws GraphValidationException listing every problem found, each with its tag and fix
   */
  public TeamSpec spec() {
    AgentGraph.Builder graph =
        AgentGraph.builder(name)
            .pattern(pattern)
            .terminationSet(termination != null)
            .maxTurns(maxTurns);
    terminalHandoffs.forEach(graph::terminalHandoff);
    for (ChatAgent participant : participants) {
      graph.participant(describe(participant));
    }
    describeShape(graph);
    List<Finding> warnings = GraphRules.standard().requireValid(graph.build());
    for (Finding warning : warnings) {
      LOG.warn(warning.toString());
    }
    TeamSpec spec =
        new TeamSpec(
            name,
            description,
            participants,
            selector(List.copyOf(participants)),
            termination,
            maxTurns == null ? Integer.MAX_VALUE : maxTurns,
            runtime,
            emitTeamEvents);
    return spec;
  }

  /** Adds what only this pattern declares (edges, entry points) to the graph that is checked. */
  void describeShape(AgentGraph.Builder graph) {}

  /** The pattern's speaker selector, made once the participants are known and checked. */
  abstract SpeakerSelector selector(List<ChatAgent> participants);

  private static Participant describe(ChatAgent participant) {
    Participant.Builder described =
        participant instanceof Team team
            ? Participant.team(team.name())
            : Participant.agent(participant.name());
    String description = participant.description();
    described.description(description == null || description.isBlank() ? null : description);
    described.handoffs(participant.handoffs().stream().map(Handoff::target).toList());
    return described.build();
  }
}
