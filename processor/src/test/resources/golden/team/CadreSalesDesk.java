package test;

import dev.cadre.core.AgentRuntime;
import dev.cadre.dsl.Cadre;
import dev.cadre.dsl.MagenticOneBuilder;
import dev.cadre.model.ChatModel;
import dev.cadre.team.Team;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.annotation.processing.Generated;

/**
 * Runs the {@link SalesDesk} team {@code sales_desk} (MAGENTIC_ONE of coder, analyst), built with the Cadre DSL.
 * Get one from {@link #builder()}, and close it when done.
 */
@Generated("dev.cadre.processor.CadreProcessor")
public final class CadreSalesDesk implements SalesDesk {
  private final Team team;

  private CadreSalesDesk(Team team) {
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
  public String ask(String question) {
    Objects.requireNonNull(question, "question");
    return team.run(question).lastMessage().content();
  }

  /**
   * Closes the team's runtime, unless one was given to the builder, and those of the nested teams.
   */
  @Override
  public void close() {
    team.close();
  }

  /**
   * Builds a {@link CadreSalesDesk}.
   */
  public static final class Builder {
    private ChatModel model;

    private final Map<String, ChatModel> models = new LinkedHashMap<>();

    private AgentRuntime runtime;

    private Builder() {
    }

    /**
     * The default model, for every participant that names no model key: coder, analyst.
     */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * A model by the key participants name it by: {@code "planner"}.
     */
    public Builder model(String key, ChatModel model) {
      Objects.requireNonNull(key, "key");
      if (!List.of("planner").contains(key)) {
        throw new IllegalArgumentException("team 'sales_desk' names no model key '" + key + "'; its keys are planner");
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
    public CadreSalesDesk build() {
      List<String> missing = new ArrayList<>();
      if (model == null) {
        missing.add("model(ChatModel) for coder, analyst");
      }
      if (!models.containsKey("planner")) {
        missing.add("model(\"planner\", ChatModel) for the orchestrator");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("CadreSalesDesk needs " + String.join("; ", missing) + "; set them on its builder");
      }
      Supplier<MagenticOneBuilder> team =
          () -> {
            MagenticOneBuilder built = Cadre.magenticOne("sales_desk", models.get("planner"))
                .participant(CadreCoder.builder().model(model).build().agent())
                .participant(CadreAnalyst.builder().model(model).build().agent())
                .maxStalls(2)
                .maxTurns(12);
            if (runtime != null) {
              built.runtime(runtime);
            }
            return built;
          };
      return new CadreSalesDesk(runtime == null ? team.get().build() : Cadre.distributed(team));
    }
  }
}
