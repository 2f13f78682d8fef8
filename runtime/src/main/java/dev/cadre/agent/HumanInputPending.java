package dev.cadre.agent;

import dev.cadre.tool.RunPause;
import java.util.Objects;

/**
 * Thrown by a {@link UserProxyAgent} whose input is {@link HumanInput#pause()}: instead of waiting
 * for a person, the turn stops and hands {@link #question()} to whoever runs it. A durable team
 * run ({@code Team.runDurable}) catches it, commits that the run waits on the question, and
 * returns; {@code Team.resume(runId, answer)} continues the run with the person's answer. Anywhere
 * else it fails the turn, with a message that says so.
 *
 * <p>A tool may throw it too (an MCP server's elicitation in a durable run): it is a {@link
 * RunPause}, so the tool executor lets it through and the agent's turn stops; on resume the turn
 * runs again and the tool finds the answer through {@code ToolContext.answer(questionId)}.
 */
public final class HumanInputPending extends RuntimeException implements RunPause {

  private static final long serialVersionUID = 1L;

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
}
