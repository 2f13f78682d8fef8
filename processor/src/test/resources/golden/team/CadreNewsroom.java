package test;

import dev.cadre.core.AgentRuntime;
import dev.cadre.dsl.Cadre;
import dev.cadre.dsl.GraphBuilder;
import dev.cadre.model.ChatModel;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.annotation.processing.Generated;

/**
 * Runs the {@link Newsroom} team {@code newsroom} (GRAPH of research, writer, critic, publisher), built with the Cadre DSL.
 * Get one from {@link #builder()}, and close it when done.
 */
@Generated("dev.cadre.processor.CadreProcessor")
public final class CadreNewsroom implements Newsroom, AutoCloseable {
  private final Team team;

  private final CadreResearch research;

  private CadreNewsroom(Team team, CadreResearch research) {
    this.team = team;
    this.research = research;
  }

  /**
   * Starts a builder; give it the models and tools the participants need.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The team: to stream or cancel a run, or to take part in another team.
   */
  public Team team() {
    return team;
  }

  @Override
  public TaskResult story(String subject) {
    Objects.requireNonNull(subject, "subject");
    String task = "Write a story about " + subject;
    return team.run(task);
  }

  /**
   * Closes the team's runtime, unless one was given to the builder, and those of the nested teams.
   */
  @Override
  public void close() {
    team.close();
    research.close();
  }

  /**
   * Builds a {@link CadreNewsroom}.
   */
  public static final class Builder {
    private ChatModel model;

    private final Map<String, ChatModel> models = new LinkedHashMap<>();

    private AgentRuntime runtime;

    private Builder() {
    }

    /**
     * The default model, for every participant that names no model key: research, writer, critic.
     */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * A model by the key participants name it by: {@code "fast"}.
     */
    public Builder model(String key, ChatModel model) {
      Objects.requireNonNull(key, "key");
      if (!List.of("fast").contains(key)) {
        throw new IllegalArgumentException("team 'newsroom' names no model key '" + key + "'; its keys are fast");
      }
      models.put(key, Objects.requireNonNull(model, "model"));
      return this;
    }

    /**
     * Runs the team, and its nested teams, on {@code runtime}; null, the default, gives each its own
     * in-process runtime.
     */
    public Builder runtime(AgentRuntime runtime) {
      this.runtime = runtime;
      return this;
    }

    /**
     * Builds every participant and the team.
     *
     * @throws IllegalStateException naming every model or tool holder not given
     */
    public CadreNewsroom build() {
      List<String> missing = new ArrayList<>();
      if (model == null) {
        missing.add("model(ChatModel) for research, writer, critic");
      }
      if (!models.containsKey("fast")) {
        missing.add("model(\"fast\", ChatModel) for publisher");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("CadreNewsroom needs " + String.join("; ", missing) + "; set them on its builder");
      }
      CadreResearch research = CadreResearch.builder().model(model).runtime(runtime).build();
      Supplier<GraphBuilder> team =
          () -> {
            GraphBuilder built = Cadre.graph("newsroom")
                .participant(research.team())
                .participant(CadreWriter.builder().model(model).build().agent())
                .participant(CadreCritic.builder().model(model).build().agent())
                .participant(CadrePublisher.builder().model("fast", models.get("fast")).build().agent())
                .entry("research")
                .edge(ChatGraph.Edge.of("research", "writer").activation(ChatGraph.Join.ANY))
                .edge("writer", "critic")
                .edge(ChatGraph.Edge.of("critic", "writer").whenNotContains("APPROVE").maxTraversals(2).activationGroup("revision"))
                .edgeWhenContains("critic", "publisher", "APPROVE")
                .maxTurns(20);
            if (runtime != null) {
              built.runtime(runtime);
            }
            return built;
          };
      return new CadreNewsroom(runtime == null ? team.get().build() : Cadre.distributed(team), research);
    }
  }
}
