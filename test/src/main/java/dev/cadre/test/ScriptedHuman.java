package dev.cadre.test;

import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.core.CancellationToken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A person in the loop, played from a script: each question (a {@code UserProxyAgent}'s turn, a
 * tool approval through {@code ToolApprover.askPerson}) takes the next answer in order. A question
 * past the end of the script fails, saying which question it was. The questions asked are kept, for
 * assertions.
 */
public final class ScriptedHuman implements HumanInput {

  private final List<String> answers;
  private final List<Question> asked = new ArrayList<>(); // guarded by this

  private ScriptedHuman(List<String> answers) {
    this.answers = List.copyOf(answers);
  }

  /** A person who gives these answers, in order; approvals take "yes", or "no" and a reason. */
  public static ScriptedHuman answering(String... answers) {
    return new ScriptedHuman(List.of(answers));
  }

  @Override
  public synchronized CompletionStage<String> ask(
      Question question, CancellationToken cancellation) {
    asked.add(question);
    int number = asked.size();
    if (number > answers.size()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "the scripted person has "
                  + answers.size()
                  + " answer(s) and was asked question "
                  + number
                  + " by "
                  + question.agent()
                  + ": \""
                  + Transcripts.clean(question.prompt())
                  + "\"; add an answer to the script"));
    }
    return CompletableFuture.completedFuture(answers.get(number - 1));
  }

  /** Every question asked so far, in order. */
  public synchronized List<Question> questions() {
    return List.copyOf(asked);
  }

  /** How many answers of the script have not been given. */
  public synchronized int remaining() {
    return Math.max(0, answers.size() - asked.size());
  }
}
