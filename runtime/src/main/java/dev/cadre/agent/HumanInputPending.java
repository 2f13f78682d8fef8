package dev.cadre.agent;

import dev.cadre.tool.RunPause;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Thrown by {@link HumanInput#pause()} when a {@link UserProxyAgent} or a {@link
 * ToolApprover#askPerson} approver asks through it: instead of waiting for a person, the turn stops
 * and hands {@link #question()} to whoever runs it. A durable team run ({@code Team.runDurable})
 * catches it, commits that the run waits on the question, and returns; {@code Team.resume(runId,
 * answer)} continues the run with the person's answer. Anywhere else it fails the turn, with a
 * message that says so.
 *
 * <p>A tool may throw it too (an MCP server's elicitation in a durable run): it is a {@link
 * RunPause}, so the tool executor lets it through and the agent's turn stops; on resume the turn
 * runs again and the tool finds the answer through {@code ToolContext.answer(questionId)}.
 */
public final class HumanInputPending extends RuntimeException implements RunPause {

  private static final long serialVersionUID = 1L;

  // The answer a resumed turn was given, for the first question it asks through pause(): the
  // paused turn runs again from its start, on the thread that runs the participant.
  private static final ThreadLocal<String> RESUMED = new ThreadLocal<>();

  private final transient Question question;

  /** A turn stopped to wait for the answer to {@code question}. */
  public HumanInputPending(Question question) {
    super(
        "'"
            + Objects.requireNonNull(question, "question").agent()
            + "' waits for a person's answer to question "
            + question.id()
            + " (\""
            + question.prompt()
            + "\"): HumanInput.pause() only works in a durable team run (Team.runDurable), which"
            + " pauses and is continued with Team.resume(runId, answer); give the agent another"
            + " HumanInput to wait in place");
    this.question = question;
  }

  /** What the person is to be asked. */
  public Question question() {
    return question;
  }

  /**
   * Runs {@code turn} with {@code answer} as the answer to the first question that the turn asks
   * through {@link HumanInput#pause()} on this thread: how a durable run resumed with a person's
   * answer hands it to an agent whose tool approval paused the run. For the team runtime, which
   * runs the paused turn again from its start.
   */
  public static <T> T answering(String answer, Supplier<T> turn) {
    Objects.requireNonNull(answer, "answer");
    String outer = RESUMED.get();
    RESUMED.set(answer);
    try {
      return turn.get();
    } finally {
      if (outer == null) {
        RESUMED.remove();
      } else {
        RESUMED.set(outer);
      }
    }
  }

  /** The answer {@link #answering} gave this thread, taken once; null when there is none. */
  static String takeResumedAnswer() {
    String answer = RESUMED.get();
    if (answer != null) {
      RESUMED.remove();
    }
    return answer;
  }
}
