package dev.cadre.benchmarks.scale;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.fake.FakeLlm;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The floor of scenario 7: the three calls of the sequence chained by hand on futures, each
 * completed after the latency by {@link Latency#after}, so a waiting run holds no thread at all,
 * only its futures and messages.
 */
final class FloorScale implements ScaleContestant {

  /** A message of the hand-written conversation, held while its call waits. */
  private record Message(String role, String text) {}

  private final Fakes fakes;
  private final Latency latency;

  FloorScale(Fakes fakes, Latency latency) {
    this.fakes = fakes;
    this.latency = latency;
  }

  @Override
  public String setup() {
    return "futures on one timer thread";
  }

  @Override
  public void prepare(int runs) {}

  @Override
  public CompletableFuture<String> start(int run) {
    return ask(fakes.outliner, "You outline articles.", "Write an article about " + Checks.TOPIC + ".", true)
        .thenCompose(
            outline ->
                ask(fakes.drafter, "You draft articles from outlines.",
                    "Draft an article from this outline: " + outline, false))
        .thenCompose(draft -> ask(fakes.editor, "You edit drafts.", "Edit this draft: " + draft, false));
  }

  private CompletableFuture<String> ask(FakeLlm llm, String system, String user, boolean first) {
    List<Message> messages = List.of(new Message("system", system), new Message("user", user));
    return latency
        .after(first)
        .thenApply(
            replied -> {
              if (llm.recording()) {
                llm.see(messages.toString());
              }
              FakeLlm.Reply reply = llm.reply(false, false);
              if (reply != FakeLlm.Reply.PLAIN) {
                throw new IllegalStateException("the fake asked for " + reply + " with no tools offered");
              }
              return llm.plainText();
            });
  }

  @Override
  public void close() {}
}
