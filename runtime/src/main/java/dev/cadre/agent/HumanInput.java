package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Where a person's answers come from: the console, a callback, or a {@link HumanInbox} that a web
 * request answers later. A {@link UserProxyAgent} and {@link ToolApprover#askPerson} ask through
 * it.
 *
 * <p>An implementation may answer at once (a completed stage) or later. When {@code cancellation}
 * is cancelled the asker stops waiting and cancels the stage it got, so an implementation that
 * holds questions should drop the question then.
 */
@FunctionalInterface
public interface HumanInput {

  /**
   * Asks a person {@code question}.
   *
   * @return the answer; a stage completed with {@code null} means the person gave none (input
   *     ended)
   */
  CompletionStage<String> ask(Question question, CancellationToken cancellation);

  /**
   * Answers with {@code answer}, called on the asking thread: for tests, and for hosts that already
   * have a blocking way to reach a person. An exception it throws fails the question.
   */
  static HumanInput callback(Function<Question, String> answer) {
    Objects.requireNonNull(answer, "answer");
    return (question, cancellation) -> {
      try {
        return CompletableFuture.completedFuture(answer.apply(question));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }

  /**
   * Does not wait for a person: the asking {@link UserProxyAgent}, or the agent whose {@link
   * ToolApprover#askPerson} approver asks, throws {@link HumanInputPending} with its question, so
   * that a durable team run pauses, releases its thread and returns a {@code TaskResult} whose
   * {@code waiting()} is the question; {@code Team.resume(runId, answer)} continues the run with the
   * answer, later and in any process (the paused turn runs again, and its question gets the
   * answer). Outside a durable team run the turn fails.
   */
  static HumanInput pause() {
    return (question, cancellation) -> {
      String resumed = HumanInputPending.takeResumedAnswer();
      if (resumed != null) {
        return CompletableFuture.completedFuture(resumed);
      }
      throw new HumanInputPending(question);
    };
  }

  /** Reads answers from the process's console ({@code System.in}, {@code System.out}). */
  static HumanInput console() {
    return console(System.in, System.out);
  }

  /** Reads answers line by line from {@code in} (UTF-8), showing questions on {@code out}. */
  static HumanInput console(InputStream in, PrintStream out) {
    return new ConsoleInput(
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out);
  }

  /** Reads answers line by line from {@code in}, showing questions on {@code out}. */
  static HumanInput console(BufferedReader in, PrintStream out) {
    return new ConsoleInput(in, out);
  }
}
