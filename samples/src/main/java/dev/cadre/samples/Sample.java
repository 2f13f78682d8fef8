package dev.cadre.samples;

import dev.cadre.model.ChatModel;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One runnable sample system: what the command line lists and runs. Each works offline on a bundled
 * replay script and live on any configured model.
 */
public interface Sample {

  /** The name the command line knows it by, such as {@code devteam}. */
  String name();

  /** One line on what it does. */
  String description();

  /** The task it runs when none is given. */
  String defaultTask();

  /**
   * The class-path resource of the Mermaid diagram the processor wrote for the sample's team, such
   * as {@code META-INF/cadre/dev.cadre.samples.devteam.DevTeam.mmd}, for the run report's graph;
   * null when the team is not an annotated one.
   */
  default String diagramResource() {
    return null;
  }

  /**
   * The team's Mermaid flowchart, for {@code cadre graph} and the run report: by default the
   * processor's diagram at {@link #diagramResource()}; null when there is none. Samples built with
   * the DSL draw theirs from the team ({@link dev.cadre.present.TeamDiagram}).
   *
   * @throws UncheckedIOException if the resource is there but cannot be read
   */
  default String diagram() {
    String resource = diagramResource();
    if (resource == null) {
      return null;
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the diagram " + resource, e);
    }
  }

  /**
   * The scripted model that plays every agent offline, in the order they call it. When it is {@link
   * dev.cadre.state.Stateful} (a {@link dev.cadre.model.replay.ReplayChatModel} is), the command
   * line keeps its state with durable runs, so a resumed run goes on where it stood.
   */
  ChatModel offlineModel();

  /**
   * Runs the system on {@code task} with {@code model} (the offline model or a live one), reporting
   * every event to {@code events} as it happens.
   */
  TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events);

  /**
   * Hands {@code body} the sample's team on {@code model}, built on {@code store} so that its runs
   * are durable ({@link Team#runDurable}) and can be resumed ({@link Team#resume}), and closes the
   * team afterwards. Samples whose team cannot be built on a store keep this default.
   *
   * @throws UnsupportedOperationException naming the sample, when it cannot run durably
   */
  default TaskResult durably(
      ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
    throw new UnsupportedOperationException(
        "sample '" + name() + "' cannot resume: its team cannot be built on a checkpoint store");
  }
}
