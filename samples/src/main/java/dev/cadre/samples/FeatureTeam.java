package dev.cadre.samples;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.present.TeamDiagram;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Six agents build a small feature together: a model picks who speaks next (planner, researcher,
 * coder, reviewer, tester, writer) until the writer says DONE. The researcher looks things up
 * with a tool.
 */
final class FeatureTeam implements Sample {

  /** The task it runs when none is given. */
  static final String TASK = "Add a --dry-run flag to the deploy command.";

  private static final Map<String, String> DOCS =
      Map.of(
          "deploy",
          "DeployCommand parses its flags with picocli; apply() is the only step with side effects.",
          "flags",
          "Boolean flags are declared with @Option(names = \"--name\") on a field.");

  @Override
  public String name() {
    return "feature";
  }

  @Override
  public String description() {
    return "Six agents (planner to writer) build a small feature; a model picks who speaks";
  }

  @Override
  public String defaultTask() {
    return TASK;
  }

  @Override
  public ChatModel offlineModel() {
    return Samples.replay("feature-team.jsonl");
  }

  @Override
  public String diagram() {
    try (Team team = build(offlineModel())) {
      return TeamDiagram.of(team);
    }
  }

  @Override
  public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
    try (Team team = build(model)) {
      return team.run(List.of(AgentMessage.user(task)), events);
    }
  }

  /** The team, every agent on {@code model}. */
  static Team build(ChatModel model) {
    // README:begin
    Team team =
        Cadre.selector("feature_team", model)
            .participant(agent(model, "planner", "Breaks a request into small numbered steps"))
            .participant(
                agent(model, "researcher", "Looks up how the code base does things")
                    .tool(searchDocs()))
            .participant(agent(model, "coder", "Writes the Java change"))
            .participant(agent(model, "reviewer", "Reviews code for bugs and missing cases"))
            .participant(agent(model, "tester", "Writes JUnit 5 tests for the change"))
            .participant(agent(model, "writer", "Writes the release note, then says DONE"))
            .termination(Terminations.textMention("DONE").or(Terminations.maxMessages(20)))
            .maxTurns(30)
            .build();
    // README:end
    return team;
  }

  // README:begin
  static AssistantAgent.Builder agent(ChatModel model, String name, String speciality) {
    return Cadre.assistant(name)
        .description(speciality)
        .systemMessage("You are the team's " + name + ". " + speciality + ". Keep answers short.")
        .model(model)
        .streaming(true);
  }

  static Tool searchDocs() {
    return Cadre.tool("search_docs")
        .description("Searches the project's developer notes")
        .parameter("query", String.class, "What to look for, in a few words")
        .function(
            (arguments, context) -> {
              String query = arguments.get("query").asText().toLowerCase(Locale.ROOT);
              return DOCS.entrySet().stream()
                  .filter(entry -> query.contains(entry.getKey()))
                  .map(Map.Entry::getValue)
                  .findFirst()
                  .orElse("No notes match '" + query + "'.");
            })
        .build();
  }
  // README:end

  @Override
  public TaskResult durably(
      ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
    // The spec holds the agents; a team built on it with a store runs them durably.
    try (Team built = build(model);
        Team team = new Team(built.spec(), store)) {
      return body.apply(team);
    }
  }
}
