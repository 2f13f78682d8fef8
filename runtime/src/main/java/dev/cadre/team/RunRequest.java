package dev.cadre.team;

import dev.cadre.agent.AgentMessage;
import dev.cadre.core.CancellationToken;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run a team: on which task (or none, to continue the conversation), whether the result
 * shows the task, what cancels the run and who hears its events. Immutable; each {@code with}
 * method returns a changed copy.
 *
 * <pre>{@code
 * team.run(RunRequest.of("Write a haiku").withoutTaskMessages().listener(console));
 * team.run(RunRequest.continuing());   // the same as team.run()
 * }</pre>
 *
 * @param task the messages the run starts with, appended to the conversation; empty to continue
 *     the conversation where the last run stopped
 * @param outputTaskMessages whether the task messages go into the result and the run's events;
 *     they join the conversation and count for the termination condition either way
 * @param cancellation cancels the run when cancelled, as {@link Team#cancel()} does
 * @param listener hears every event of the run, in order, on the collector's thread
 */
public record RunRequest(
    List<AgentMessage> task,
    boolean outputTaskMessages,
    CancellationToken cancellation,
    Consumer<TeamEvent> listener) {

  // The listener of a request that names none: the run then publishes no events at all, and the
  // caller gets the result alone (a team run as a method call).
  private static final Consumer<TeamEvent> NO_LISTENER = event -> {};

  /** Checks and copies the components. */
  public RunRequest {
    task = List.copyOf(task);
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * No task: the run continues the conversation where the last run stopped, with the speaker
   * whose turn is next, every message and every participant's memory. (Not to be confused with
   * {@link Team#resume(String)}, which continues a durable run after a crash.)
   */
  public static RunRequest continuing() {
    return new RunRequest(List.of(), true, CancellationToken.none(), NO_LISTENER);
  }

  /** A task from the user. */
  public static RunRequest of(String task) {
    return of(AgentMessage.user(Objects.requireNonNull(task, "task")));
  }

  /**
   * A task of one or more messages: text, images ({@link AgentMessage.MultiModal}), a handoff...
   *
   * @throws IllegalArgumentException if there is none
   */
  public static RunRequest of(AgentMessage... task) {
    return of(Arrays.asList(Objects.requireNonNull(task, "task")));
  }

  /**
   * A task of one or more messages.
   *
   * @throws IllegalArgumentException if the list is empty: use {@link #continuing()} to continue
   */
  public static RunRequest of(List<? extends AgentMessage> task) {
    Objects.requireNonNull(task, "task");
    if (task.isEmpty()) {
      throw new IllegalArgumentException(
          "the task list cannot be empty; call run() to continue the conversation");
    }
    for (int i = 0; i < task.size(); i++) {
      Objects.requireNonNull(task.get(i), "task message #" + (i + 1));
    }
    return new RunRequest(List.copyOf(task), true, CancellationToken.none(), NO_LISTENER);
  }

  /**
   * The task messages join the conversation and count for the termination condition, but stay out
   * of the result and the events (AutoGen's {@code output_task_messages=False}).
   */
  public RunRequest withoutTaskMessages() {
    return new RunRequest(task, false, cancellation, listener);
  }

  /** The run also stops when {@code cancellation} is cancelled. */
  public RunRequest cancellation(CancellationToken cancellation) {
    return new RunRequest(task, outputTaskMessages, cancellation, listener);
  }

  /** {@code listener} hears every event of the run, in order. */
  public RunRequest listener(Consumer<TeamEvent> listener) {
    return new RunRequest(task, outputTaskMessages, cancellation, listener);
  }

  /** Whether someone listens to the run's events; when no one does, none is published. */
  boolean listens() {
    return listener != NO_LISTENER;
  }

  /** Whether the run continues the conversation without a task. */
  public boolean continues() {
    return task.isEmpty();
  }
}
