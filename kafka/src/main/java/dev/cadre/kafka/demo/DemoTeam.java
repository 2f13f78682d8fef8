package dev.cadre.kafka.demo;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.AgentRuntime;
import dev.cadre.kafka.AgentSystem;
import dev.cadre.kafka.KafkaAgentRuntime;
import dev.cadre.kafka.KafkaRuntimeConfig;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import java.util.List;
import java.util.Set;

/**
 * A three-agent team for trying the distributed runtime offline: a planner, a writer and a
 * reviewer take turns on replayed answers. Workers host its agents ({@code KafkaWorker demo-team
 * --host <types>}); {@link #main} runs it from a process that hosts none of them.
 *
 * <p>Its agent types are {@code demo.v1.participant.planner}, {@code ...writer}, {@code
 * ...reviewer} and {@code demo.v1.manager}.
 */
public final class DemoTeam implements AgentSystem {

  /** The team's instance id: every process builds the same agent types with it. */
  static final String INSTANCE = "v1";

  @Override
  public String name() {
    return "demo-team";
  }

  @Override
  public void install(AgentRuntime runtime) {
    team(runtime);
  }

  /** The team, whose agents are made anew each time the runtime makes one (a factory of specs). */
  static Team team(AgentRuntime runtime) {
    return new Team(() -> spec(runtime), null, INSTANCE);
  }

  private static TeamSpec spec(AgentRuntime runtime) {
    List<ChatAgent> participants =
        List.of(
            agent("planner", "Plan: 1) outline the release note, 2) draft it, 3) review it."),
            agent("writer", "Draft: Cadre 0.1 runs one team across many processes on Kafka."),
            agent("reviewer", "Review: clear and accurate. APPROVED."));
    return new TeamSpec(
        "demo", "writes a release note", participants, new RoundRobin(), null, 3, runtime);
  }

  private static ChatAgent agent(String name, String answer) {
    return AssistantAgent.builder(name).model(ReplayChatModel.ofTexts(answer)).build();
  }

  /**
   * Runs the team once across the workers and prints its transcript. Settings come from the
   * {@code CADRE_KAFKA_*} environment variables; this process hosts none of the team's agents.
   */
  public static void main(String[] args) {
    KafkaRuntimeConfig config =
        KafkaRuntimeConfig.fromEnvironment().toBuilder().hostedTypes(Set.of()).build();
    try (KafkaAgentRuntime runtime = KafkaAgentRuntime.start(config)) {
      Team team = team(runtime);
      TaskResult result = team.run("Write the release note for Cadre 0.1.");
      for (AgentMessage message : result.messages()) {
        System.out.println(message.source() + ": " + message.content());
      }
      System.out.println("stopped: " + result.stopReason());
    }
  }
}
