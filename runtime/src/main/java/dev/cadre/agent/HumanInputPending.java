package dev.cadre.agent;

import java.util.Objects;

/**
 * Thrown by a {@link UserProxyAgent} whose input is {@link HumanInput#pause()}: instead of waiting
 * for a person, the turn stops and hands {@link #question()} to whoever runs it. A durable team
 * run ({@code Team.runDurable}) catches it, commits that the run waits on the question, and
 * returns; {@code Team.resume(runId, answer)} continues the run with the person's answer. Anywhere
 * else it fails the turn, with a message that says so.
 */
public final class HumanInputPending extends RuntimeException {

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
