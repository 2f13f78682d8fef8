package test;

import dev.cadre.core.AgentRuntime;
import dev.cadre.dsl.Cadre;
import dev.cadre.dsl.SwarmBuilder;
import dev.cadre.model.ChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.annotation.processing.Generated;

/**
 * Runs the {@link Triage} team {@code triage_desk} (SWARM of router, refunds, shipping), built with the Cadre DSL.
 * Get one from {@link #builder()}, and close it when done.
 */
@Generated("dev.cadre.processor.CadreProcessor")
public final class CadreTriage implements Triage, AutoCloseable {
  private final Team team;

  private CadreTriage(Team team) {
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
  public TaskResult handle(String customer, String message) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(message, "message");
    String task = "Customer " + customer + " writes: " + message;
    return team.run(task);
  }

  /**
   * Closes the team's runtime, unless one was given to the builder, and those of the nested teams.
   */
  @Override
  public void close() {
    team.close();
  }

  /**
   * Builds a {@link CadreTriage}.
   */
  public static final class Builder {
    private ChatModel model;

    private AgentRuntime runtime;

    private Builder() {
    }

    /**
     * The default model, for every participant that names no model key: router, refunds, shipping.
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
    public CadreTriage build() {
      List<String> missing = new ArrayList<>();
      if (model == null) {
        missing.add("model(ChatModel) for router, refunds, shipping");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("CadreTriage needs " + String.join("; ", missing) + "; set them on its builder");
      }
      Supplier<SwarmBuilder> team =
          () -> {
            SwarmBuilder built = Cadre.swarm("triage_desk")
                .participant(CadreRouter.builder().model(model).build().agent())
                .participant(CadreRefunds.builder().model(model).build().agent())
                .participant(CadreShipping.builder().model(model).build().agent())
                .termination(Terminations.maxMessages(12)
                    .or(Terminations.textMention("RESOLVED"))
                    .or(Terminations.timeout(Duration.ofSeconds(300))));
            if (runtime != null) {
              built.runtime(runtime);
            }
            return built;
          };
      return new CadreTriage(runtime == null ? team.get().build() : Cadre.distributed(team));
    }
  }
}
