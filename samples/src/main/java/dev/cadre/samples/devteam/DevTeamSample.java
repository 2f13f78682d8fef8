package dev.cadre.samples.devteam;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The software development team ({@link DevTeam}) as a runnable sample: offline, a bundled script
 * plays the four agents, while the compiler errors and test results they react to are real.
 */
public final class DevTeamSample implements Sample {

  /** The task the bundled script answers. */
  public static final String TASK =
      "Write RomanNumerals.toRoman(int n) in Java: it turns 1 to 3999 into Roman numerals and"
          + " throws IllegalArgumentException for anything else.";

  private static final String SCRIPT = "/dev/cadre/samples/devteam.jsonl";

  @Override
  public String name() {
    return "devteam";
  }

  @Override
  public String description() {
    return "A planner, a coder, a tester and a reviewer write Java until it compiles, passes its"
        + " tests and is approved";
  }

  @Override
  public String diagramResource() {
    return "META-INF/cadre/dev.cadre.samples.devteam.DevTeam.mmd";
  }

  @Override
  public String defaultTask() {
    return TASK;
  }

  @Override
  public ChatModel offlineModel() {
    try (InputStream in = DevTeamSample.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(
            "the replay script " + SCRIPT + " of sample devteam is missing from the class path");
      }
      return ReplayChatModel.fromJsonLines(in, "devteam.jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(events, "events");
    try (CadreDevTeam team =
        CadreDevTeam.builder().model(model).javaWorkbench(new JavaWorkbench()).build()) {
      return team.team().run(List.of(AgentMessage.user(task)), events);
    }
  }

  @Override
  public TaskResult durably(
      ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
    // The generated builder takes no store; a team built on its spec with one runs it durably.
    try (CadreDevTeam built =
            CadreDevTeam.builder().model(model).javaWorkbench(new JavaWorkbench()).build();
        Team team = new Team(built.team().spec(), store)) {
      return body.apply(team);
    }
  }
}
