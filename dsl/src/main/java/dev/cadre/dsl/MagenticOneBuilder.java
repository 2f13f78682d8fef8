package dev.cadre.dsl;

import dev.cadre.agent.ChatAgent;
import dev.cadre.graph.AgentGraph;
import dev.cadre.graph.TeamPattern;
import dev.cadre.model.ChatModel;
import dev.cadre.team.MagenticOne;
import dev.cadre.team.SpeakerSelector;
import java.util.List;
import java.util.Objects;

/**
 * Builds a Magentic-One team: an orchestrator's model plans over the participants' descriptions
 * (so every participant needs one), tells each next speaker what to do, re-plans when the team
 * stalls, and writes the final answer ({@link MagenticOne}). Its bounds are checked with the rest
 * of the team at {@link #build()}, each a {@code Cadre/InvalidBound} finding when below 1.
 *
 * <pre>{@code
 * Team team = Cadre.magenticOne("analysts", model)
 *     .participant(Cadre.assistant("coder").description("Writes and runs Python").model(model))
 *     .participant(Cadre.assistant("analyst").description("Explains the figures").model(model))
 *     .maxStalls(2)
 *     .build();
 * }</pre>
 */
public final class MagenticOneBuilder extends TeamBuilder<MagenticOneBuilder> {

  private final ChatModel model;
  private String orchestratorName = MagenticOne.DEFAULT_NAME;
  private int maxStalls = 3;
  private int orchestratorTurns = 20;
  private int maxReplans = 3;

  MagenticOneBuilder(String name, ChatModel model) {
    super(name, TeamPattern.MAGENTIC_ONE);
    this.model = Objects.requireNonNull(model, "the Magentic-One orchestrator needs a model");
  }

  /** The name the orchestrator's messages come from; {@code orchestrator} by default. */
  public MagenticOneBuilder orchestratorName(String name) {
    this.orchestratorName = Objects.requireNonNull(name, "name");
    return this;
  }

  /** Stalls in a row after which the orchestrator re-plans; 3 by default, as in AutoGen. */
  public MagenticOneBuilder maxStalls(int maxStalls) {
    this.maxStalls = maxStalls;
    return this;
  }

  /** Re-plans of one task, after which a further stall ends the run; 3 by default. */
  public MagenticOneBuilder maxReplans(int maxReplans) {
    this.maxReplans = maxReplans;
    return this;
  }

  /**
   * The turns of a run, after which the orchestrator writes its final answer (AutoGen's {@code
   * max_turns}); 20 by default. Unlike other teams', the run then ends with an answer.
   */
  @Override
  public MagenticOneBuilder maxTurns(int maxTurns) {
    this.orchestratorTurns = maxTurns;
    return this;
  }

  @Override
  void describeShape(AgentGraph.Builder graph) {
    graph
        .bound("maxTurns", orchestratorTurns, null)
        .bound("maxStalls", maxStalls, null)
        .bound("maxReplans", maxReplans, null);
  }

  @Override
  SpeakerSelector selector(List<ChatAgent> participants) {
    return MagenticOne.builder(model)
        .name(orchestratorName)
        .maxTurns(orchestratorTurns)
        .maxStalls(maxStalls)
        .maxReplans(maxReplans)
        .build();
  }
}
