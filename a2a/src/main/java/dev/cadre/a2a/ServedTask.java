package dev.cadre.a2a;

import dev.cadre.a2a.A2aWire.Artifact;
import dev.cadre.a2a.A2aWire.ArtifactUpdate;
import dev.cadre.a2a.A2aWire.Message;
import dev.cadre.a2a.A2aWire.Part;
import dev.cadre.a2a.A2aWire.StatusUpdate;
import dev.cadre.a2a.A2aWire.StreamResponse;
import dev.cadre.a2a.A2aWire.Task;
import dev.cadre.a2a.A2aWire.TaskStatus;
import dev.cadre.agent.Question;
import dev.cadre.core.CancellationToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One A2A task a server holds: its status, history and artifacts, and the streams that follow it.
 * Every change is published to each open stream in the order it happened; a stream ends when the
 * task reaches a terminal state or stops for the client ({@code input-required}).
 */
final class ServedTask {

  /** How long a team's question waits for the team's report of it before it goes out anyway. */
  private static final Duration ANNOUNCE_FALLBACK = Duration.ofSeconds(5);

  /** Ends a stream's queue. */
  static final Object END = new Object();

  final String id;
  final String contextId;

  /** Cancels the run segment in progress; a new one is made for each segment. */
  private CancellationToken cancellation = new CancellationToken();

  private TaskStatus status;
  private final List<Message> history = new ArrayList<>();
  private final List<Artifact> artifacts = new ArrayList<>();
  private final List<BlockingQueue<Object>> streams = new ArrayList<>();

  /** The answer a running agent waits for while the task is input-required, else null. */
  private CompletableFuture<String> answer;

  /** The question {@link #answer} belongs to. */
  private Question asked;

  /** Agents the team reported asking, before their question reached this task. */
  private final Set<String> announced = new HashSet<>();

  ServedTask(String id, String contextId, Message first) {
    this.id = id;
    this.contextId = contextId;
    if (first != null) {
      history.add(first);
    }
    status = TaskStatus.of(A2aWire.SUBMITTED, null);
  }

  synchronized Task snapshot() {
    return new Task(id, contextId, status, artifacts, history, null);
  }

  synchronized String state() {
    return status.state();
  }

  synchronized CancellationToken cancellation() {
    return cancellation;
  }

  /** Sets the status and tells every stream; a terminal task takes no further change. */
  synchronized void status(String state, Message message) {
    if (A2aWire.terminal(status.state())) {
      return;
    }
    status = TaskStatus.of(state, message);
    if (message != null) {
      history.add(message);
    }
    publish(StreamResponse.of(new StatusUpdate(id, contextId, status, null)));
    if (A2aWire.terminal(state) || A2aWire.interrupted(state)) {
      for (BlockingQueue<Object> stream : streams) {
        stream.add(END);
      }
      streams.clear();
    }
  }

  synchronized void artifact(Artifact artifact) {
    artifacts.add(artifact);
    publish(StreamResponse.of(new ArtifactUpdate(id, contextId, artifact, false, true, null)));
  }

  private void publish(StreamResponse event) {
    for (BlockingQueue<Object> stream : streams) {
      stream.add(event);
    }
  }

  /**
   * A stream of this task's changes from now on, the task as it stands first. A task that is
   * already terminal or interrupted gives only itself.
   */
  synchronized BlockingQueue<Object> follow() {
    BlockingQueue<Object> stream = new LinkedBlockingQueue<>();
    stream.add(StreamResponse.of(snapshot()));
    if (A2aWire.terminal(status.state()) || A2aWire.interrupted(status.state())) {
      stream.add(END);
    } else {
      streams.add(stream);
    }
    return stream;
  }

  /** Stops following: the stream's reader has gone. */
  synchronized void unfollow(BlockingQueue<Object> stream) {
    streams.remove(stream);
  }

  /**
   * Asks the client {@code question}: the task becomes input-required, and the client's next
   * message on it is the answer. Cancelling {@code cancellation} drops the question.
   *
   * @param deferred whether to wait for {@link #announce} before telling the client: a team reports
   *     its messages on another thread, and the question must not overtake those said before it
   */
  CompletionStage<String> ask(Question question, CancellationToken cancellation, boolean deferred) {
    CompletableFuture<String> waiting = new CompletableFuture<>();
    synchronized (this) {
      if (answer != null) {
        throw new IllegalStateException(
            "task '"
                + id
                + "' already waits for an answer; '"
                + question.agent()
                + "' asked again");
      }
      answer = waiting;
      asked = question;
      if (!deferred || announced.remove(question.agent())) {
        requireInput();
      }
    }
    if (deferred) {
      // A participant that asks without reporting it (no InputRequested event) is not announced:
      // after a while its question goes to the client all the same.
      CompletableFuture.delayedExecutor(ANNOUNCE_FALLBACK.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> announceLate(question));
    }
    CancellationToken.Registration registration =
        cancellation.onCancel(() -> waiting.cancel(false));
    waiting.whenComplete(
        (text, error) -> {
          registration.close();
          synchronized (this) {
            if (answer == waiting) {
              answer = null;
              asked = null;
            }
          }
        });
    return waiting;
  }

  /**
   * The team reported that {@code agent} asks a person (its question, or a tool approval): every
   * message said before is out, so its question, asked now or soon, may go to the client.
   */
  synchronized void announce(String agent) {
    if (asked != null && asked.agent().equals(agent) && !A2aWire.INPUT_REQUIRED.equals(state())) {
      requireInput();
    } else {
      announced.add(agent);
    }
  }

  /** {@code question}'s fallback: out now, unless the team's report of it came first. */
  private synchronized void announceLate(Question question) {
    if (asked == question && !A2aWire.INPUT_REQUIRED.equals(state())) {
      requireInput();
    }
  }

  private void requireInput() {
    status(
        A2aWire.INPUT_REQUIRED,
        Message.agent(contextId, id, List.of(Part.text(asked.prompt())), asked.agent()));
  }

  /**
   * Takes the client's message on an input-required task: the task works again, and the agent that
   * asked gets the message's text as its answer.
   *
   * @return a stream of what follows, as {@link #follow()} gives it
   * @throws IllegalStateException if no agent of this process waits for an answer
   */
  BlockingQueue<Object> answer(Message message) {
    CompletableFuture<String> waiting;
    BlockingQueue<Object> stream;
    synchronized (this) {
      waiting = answer;
      if (waiting == null || !A2aWire.INPUT_REQUIRED.equals(status.state())) {
        throw new IllegalStateException("task '" + id + "' is " + status.state());
      }
      history.add(message);
      status = TaskStatus.of(A2aWire.WORKING, null);
      publish(StreamResponse.of(new StatusUpdate(id, contextId, status, null)));
      stream = follow();
    }
    waiting.complete(message.text());
    return stream;
  }

  /** Takes the client's message on a paused durable task, which works again. */
  synchronized BlockingQueue<Object> resumed(Message message) {
    history.add(message);
    status = TaskStatus.of(A2aWire.WORKING, null);
    publish(StreamResponse.of(new StatusUpdate(id, contextId, status, null)));
    return follow();
  }

  /** Whether an agent of this process waits for the client's answer. */
  synchronized boolean waitsHere() {
    return answer != null;
  }
}
