package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * {@link HumanInput} answered from elsewhere, later: each question waits here under its id until
 * someone calls {@link #answer} (a web request, a chat bot, a test on another thread). {@link
 * #pending()} lists what is waiting; a question whose asker is cancelled leaves the inbox.
 *
 * <p>Questions live in memory: they do not survive the process. Safe to share between threads.
 */
public final class HumanInbox implements HumanInput {

  private final Consumer<Question> onQuestion;
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();

  /** An inbox that people poll with {@link #pending()}. */
  public HumanInbox() {
    this(question -> {});
  }

  /**
   * An inbox that also tells {@code onQuestion} of each new question (to notify a person, say),
   * on the asking thread, after the question is registered. An exception it throws fails the
   * question.
   */
  public HumanInbox(Consumer<Question> onQuestion) {
    this.onQuestion = Objects.requireNonNull(onQuestion, "onQuestion");
  }

  private record Waiting(Question question, CompletableFuture<String> answer) {}

  @Override
  public CompletionStage<String> ask(Question question, CancellationToken cancellation) {
    Objects.requireNonNull(question, "question");
    CompletableFuture<String> answer = new CompletableFuture<>();
    synchronized (waiting) {
      if (waiting.containsKey(question.id())) {
        throw new IllegalArgumentException(
            "question '" + question.id() + "' of '" + question.agent() + "' is already waiting");
      }
      waiting.put(question.id(), new Waiting(question, answer));
    }
    // However it ends (answered, cancelled by the asker, failed), it no longer waits.
    answer.whenComplete((text, error) -> remove(question.id(), answer));
    CancellationToken.Registration registration =
        cancellation.onCancel(() -> answer.cancel(false));
    answer.whenComplete((text, error) -> registration.close());
    try {
      onQuestion.accept(question);
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
    return answer;
  }

  /** The questions waiting for an answer, oldest first. */
  public List<Question> pending() {
    synchronized (waiting) {
      List<Question> questions = new ArrayList<>(waiting.size());
      waiting.values().forEach(w -> questions.add(w.question()));
      return List.copyOf(questions);
    }
  }

  /**
   * Answers the question {@code questionId}; its asker goes on with {@code answer}.
   *
   * @throws IllegalArgumentException when no such question is waiting (never asked, answered
   *     already, or its asker gave up), listing the ones that are
   */
  public void answer(String questionId, String answer) {
    Objects.requireNonNull(questionId, "questionId");
    Waiting found;
    synchronized (waiting) {
      found = waiting.get(questionId);
    }
    if (found == null || !found.answer().complete(answer)) {
      throw new IllegalArgumentException(
          "no question '"
              + questionId
              + "' is waiting for an answer (it was answered or cancelled, or never asked);"
              + " waiting: "
              + pending().stream().map(Question::id).toList());
    }
  }

  private void remove(String id, CompletableFuture<String> answer) {
    synchronized (waiting) {
      Waiting current = waiting.get(id);
      if (current != null && current.answer() == answer) {
        waiting.remove(id);
      }
    }
  }
}
