package dev.cadre.cli;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.HumanInput;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import dev.cadre.present.TeamDiagram;
import dev.cadre.samples.Sample;
import dev.cadre.spec.LoadedTeam;
import dev.cadre.spec.SpecException;
import dev.cadre.spec.SpecFinding;
import dev.cadre.spec.SpecOptions;
import dev.cadre.spec.Specs;
import dev.cadre.spec.TeamDef;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The command's spec files: the one place that calls the spec module (YAML/JSON team specs, its
 * loader and its graph rules). A spec's team runs on the models the spec names (a replay script
 * offline), unless a live provider is configured or {@code --model} is given: that model then
 * plays every agent, as it does for the samples.
 *
 * <p>A tool approval a spec gives to a person is asked on the console when the team runs in place;
 * a durable run ({@code --store}) pauses on it instead, until {@code cadre answer}.
 */
final class SpecFiles implements SpecSource {

  static final SpecFiles INSTANCE = new SpecFiles(HumanInput.console());

  private final HumanInput person;

  /** Spec files whose approvals by a person are asked through {@code person} in a run in place. */
  SpecFiles(HumanInput person) {
    this.person = person;
  }

  /** Every finding when any is an error (warnings beside them); none when the spec is valid. */
  @Override
  public List<String> validate(Path file) {
    List<SpecFinding> findings = Specs.validate(file);
    if (findings.stream().noneMatch(SpecFinding::error)) {
      return List.of();
    }
    return findings.stream().map(SpecFinding::toString).toList();
  }

  @Override
  public Sample load(Path file) {
    TeamDef spec;
    try {
      spec = Specs.read(file);
    } catch (SpecException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return new SpecSample(file, spec, person);
  }

  /** A spec's team as the command runs, draws and lists a sample. */
  private static final class SpecSample implements Sample {
    private final Path file;
    private final TeamDef spec;
    private final HumanInput person;

    SpecSample(Path file, TeamDef spec, HumanInput person) {
      this.file = file;
      this.spec = spec;
      this.person = person;
    }

    @Override
    public String name() {
      return spec.name();
    }

    @Override
    public String description() {
      return spec.description() != null ? spec.description() : "the team of " + file;
    }

    @Override
    public String defaultTask() {
      return spec.description() != null ? spec.description() : "Begin.";
    }

    /**
     * Stands for "the models the spec names": what the command uses when no live provider is
     * configured. It never answers; {@link #run} sees it and builds the spec's own models.
     */
    @Override
    public ChatModel offlineModel() {
      return SPEC_MODELS;
    }

    @Override
    public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
      try (LoadedTeam loaded = build(model, person)) {
        return loaded.team().run(List.of(AgentMessage.user(task)), events);
      }
    }

    @Override
    public TaskResult durably(
        ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
      // The built team's spec holds its agents; a team made on it with a store runs durably. A
      // person's approval pauses the run, which `cadre answer` resumes with their answer.
      try (LoadedTeam loaded = build(model, HumanInput.pause());
          Team team = new Team(loaded.team().spec(), store)) {
        // A resumed run's replay scripts go on where they stood, not at their first line.
        Path dir = file.toAbsolutePath().getParent().normalize();
        loaded.replays().entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .forEach(
                script ->
                    team.keepWithRuns(
                        "replay " + dir.relativize(script.getKey()), script.getValue()));
        return body.apply(team);
      }
    }

    @Override
    public String diagram() {
      try (LoadedTeam loaded = build(SPEC_MODELS, person)) {
        return TeamDiagram.of(loaded.team());
      }
    }

    private LoadedTeam build(ChatModel model, HumanInput approvals) {
      SpecOptions options = SpecOptions.defaults().person(approvals);
      if (model != SPEC_MODELS) {
        options = options.models((role, named) -> model);
      }
      Path dir = file.toAbsolutePath().getParent();
      try {
        return Specs.build(spec, dir, options);
      } catch (SpecException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  private static final ChatModel SPEC_MODELS =
      new ChatModel() {
        @Override
        public ModelInfo info() {
          return ModelInfo.capable("spec");
        }

        @Override
        public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
          throw new IllegalStateException("the spec's own models answer, not this placeholder");
        }

        @Override
        public String toString() {
          return "the models the spec names";
        }
      };
}
