package test;

import dev.cadre.core.AgentRuntime;
import dev.cadre.dsl.Cadre;
import dev.cadre.dsl.RoundRobinBuilder;
import dev.cadre.model.ChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.annotation.processing.Generated;

/**
 * Runs the {@link WritingDesk} team {@code writing_desk} (ROUND_ROBIN of writer, critic), built with the Cadre DSL.
 * Get one from {@link #builder()}, and close it when done.
 */
@Generated("dev.cadre.processor.CadreProcessor")
public final class CadreWritingDesk implements WritingDesk, AutoCloseable {
  private final Team team;

  private CadreWritingDesk(Team team) {
    this.team = team;
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
  public String write(String topic) {
    Objects.requireNonNull(topic, "topic");
    String task = "Write a haiku about " + topic;
    return team.run(task).lastMessage().content();
  }

  @Override
  public TaskResult run(String task) {
    Objects.requireNonNull(task, "task");
    return team.run(task);
  }

  @Override
  public CompletableFuture<String> writeMany(int count, String topic) {
    Objects.requireNonNull(topic, "topic");
    String task = "Write " + count + " haiku about " + topic;
    return team.runAsync(task).thenApply(result -> result.lastMessage().content());
  }

  @Override
  public String carryOn() {
    return team.run().lastMessage().content();
  }

  /**
   * Closes the team's runtime, unless one was given to the builder, and those of the nested teams.
   */
  @Override
  public void close() {
    team.close();
  }

  /**
   * Builds a {@link CadreWritingDesk}.
   */
  public static final class Builder {
    private ChatModel model;

    private WeatherTools weatherTools;

    private AgentRuntime runtime;

    private Builder() {
    }

    /**
     * The default model, for every participant that names no model key: writer, critic.
     */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * The tools of writer.
     */
    public Builder weatherTools(WeatherTools weatherTools) {
      this.weatherTools = Objects.requireNonNull(weatherTools, "weatherTools");
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
    public CadreWritingDesk build() {
      List<String> missing = new ArrayList<>();
      if (model == null) {
        missing.add("model(ChatModel) for writer, critic");
      }
      if (weatherTools == null) {
        missing.add("weatherTools(WeatherTools) for writer");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("CadreWritingDesk needs " + String.join("; ", missing) + "; set them on its builder");
      }
      Supplier<RoundRobinBuilder> team =
          () -> {
            RoundRobinBuilder built = Cadre.roundRobin("writing_desk")
                .description("Writes and critiques haiku")
                .participant(CadreWriter.builder().model(model).weatherTools(weatherTools).build().agent())
                .participant(CadreCritic.builder().model(model).build().agent())
                .termination(Terminations.maxMessages(10)
                    .or(Terminations.textMention("APPROVE")));
            if (runtime != null) {
              built.runtime(runtime);
            }
            return built;
          };
      return new CadreWritingDesk(runtime == null ? team.get().build() : Cadre.distributed(team));
    }
  }
}
