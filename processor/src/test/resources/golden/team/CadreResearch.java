package test;

import dev.cadre.core.AgentRuntime;
import dev.cadre.dsl.Cadre;
import dev.cadre.dsl.RoundRobinBuilder;
import dev.cadre.model.ChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.annotation.processing.Generated;

/**
 * Runs the {@link Research} team {@code research} (ROUND_ROBIN of web), built with the Cadre DSL.
 * Get one from {@link #builder()}, and close it when done.
 */
@Generated("dev.cadre.processor.CadreProcessor")
public final class CadreResearch implements Research, AutoCloseable {
  private final Team team;

  private CadreResearch(Team team) {
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

  /**
   * Closes the team's runtime, unless one was given to the builder, and those of the nested teams.
   */
  @Override
  public void close() {
    team.close();
  }

  /**
   * Builds a {@link CadreResearch}.
   */
  public static final class Builder {
    private ChatModel model;

    private AgentRuntime runtime;

    private Builder() {
    }

    /**
     * The default model, for every participant that names no model key: web.
     */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
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
    public CadreResearch build() {
      List<String> missing = new ArrayList<>();
      if (model == null) {
        missing.add("model(ChatModel) for web");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("CadreResearch needs " + String.join("; ", missing) + "; set them on its builder");
      }
      Supplier<RoundRobinBuilder> team =
          () -> {
            RoundRobinBuilder built = Cadre.roundRobin("research")
                .description("Finds facts")
                .participant(CadreWeb.builder().model(model).build().agent())
                .termination(Terminations.maxMessages(2));
            if (runtime != null) {
              built.runtime(runtime);
            }
            return built;
          };
      return new CadreResearch(runtime == null ? team.get().build() : Cadre.distributed(team));
    }
  }
}
