package dev.cadre.test;

import dev.cadre.agent.AgentMessage;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every event of one team run, kept for assertions that need more than the {@link TaskResult}: the
 * model usage of each call (for cost), streamed chunks. Pass it as the run's listener, or use
 * {@link #run(Team, String)}.
 */
public final class RunCapture implements Consumer<TeamEvent> {

  private final List<TeamEvent> events = new ArrayList<>();
  private TaskResult result;
  private TeamRunException failure;

  /**
   * Runs {@code team} on {@code task} and keeps its events; a failed run keeps its partial result.
   */
  public static RunCapture run(Team team, String task) {
    RunCapture capture = new RunCapture();
    try {
      team.run(List.of(AgentMessage.user(task)), capture);
    } catch (TeamRunException e) {
      // The listener heard the partial result; the assertions say how the run ended.
      capture.failure = e;
    }
    return capture;
  }

  @Override
  public synchronized void accept(TeamEvent event) {
    events.add(event);
    if (event instanceof TeamEvent.Finished finished) {
      result = finished.result();
    }
  }

  /** Every event heard, in order. */
  public synchronized List<TeamEvent> events() {
    return List.copyOf(events);
  }

  /**
   * How the run ended, a failed run's partial result included.
   *
   * @throws IllegalStateException when the run has not finished
   */
  public synchronized TaskResult result() {
    if (result == null) {
      throw new IllegalStateException("the run has not finished: no Finished event was heard");
    }
    return result;
  }

  /** The exception a failed run threw, or null when it did not fail. */
  public synchronized TeamRunException failure() {
    return failure;
  }
}
