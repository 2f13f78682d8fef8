package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import dev.cadre.event.TerminalText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link HumanInput} on a console: shows the question's messages and prompt, reads one line. End
 * of input answers {@code null}. Questions are asked one at a time, so concurrent askers do not
 * interleave their prompts. The messages are a model's text, so what is shown goes through {@link
 * TerminalText}.
 */
final class ConsoleInput implements HumanInput {

  private final BufferedReader in;
  private final PrintStream out;

  ConsoleInput(BufferedReader in, PrintStream out) {
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public synchronized CompletionStage<String> ask(
      Question question, CancellationToken cancellation) {
    // A blocked readLine cannot be interrupted, so a cancelled question is not read at all.
    cancellation.throwIfCancelled();
    for (AgentMessage message : question.context()) {
      // Each on its own: a sequence left open in the name must not hide the message.
      out.println(
          "[" + TerminalText.clean(message.source()) + "] " + TerminalText.clean(message.content()));
    }
    String prompt = TerminalText.clean(question.prompt());
    out.print(prompt.endsWith(" ") ? prompt : prompt + " ");
    out.flush();
    try {
      return CompletableFuture.completedFuture(in.readLine());
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new UncheckedIOException(
              "could not read the answer to '" + question.agent() + "' from the console", e));
    }
  }
}
