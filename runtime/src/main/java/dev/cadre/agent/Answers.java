package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting for a person's answer, the one way every asker does it. */
final class Answers {

  private Answers() {}

  /**
   * Asks {@code question} through {@code input} and waits for the answer; cancelling {@code
   * cancellation} stops the wait and cancels the stage {@code input} returned.
   *
   * @return the answer, possibly null (no input)
   * @throws CancelledException when cancelled, or interrupted, while waiting
   * @throws HumanInputException when the input failed
   */
  static String await(HumanInput input, Question question, CancellationToken cancellation) {
    cancellation.throwIfCancelled();
    CompletableFuture<String> answer;
    try {
      answer = input.ask(question, cancellation).toCompletableFuture();
    } catch (CancelledException | HumanInputPending e) {
      throw e;
    } catch (RuntimeException e) {
      throw failed(question, e);
    }
    try (CancellationToken.Registration registration =
        cancellation.onCancel(() -> answer.cancel(false))) {
      return answer.get();
    } catch (CancellationException e) {
      throw new CancelledException(
          "'" + question.agent() + "' stopped waiting for an answer to question " + question.id());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CancelledException cancelled) {
        throw cancelled;
      }
      throw failed(question, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.cancel(false);
      throw new CancelledException(
          "'" + question.agent() + "' was interrupted waiting for question " + question.id());
    }
  }

  private static HumanInputException failed(Question question, Throwable cause) {
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return new HumanInputException(
        question.agent(),
        "'"
            + question.agent()
            + "' could not get a person's answer to question "
            + question.id()
            + ": "
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
            + "; check the HumanInput it was given",
        cause);
  }
}
