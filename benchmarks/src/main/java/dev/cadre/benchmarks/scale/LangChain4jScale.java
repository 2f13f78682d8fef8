package dev.cadre.benchmarks.scale;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.langchain4j.LangChain4jContestant;
import dev.cadre.benchmarks.langchain4j.LangChain4jFakeModel;
import dev.cadre.benchmarks.langchain4j.LcPipeline;
import dev.cadre.core.Threads;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * LangChain4j: one agentic sequence shared by every run, each run on its own thread from {@link
 * Threads#newExecutor} (virtual on 21+), since the sequence's call blocks.
 *
 * <p>Sharing is safe: a call whose method has no {@code @MemoryId} gets an ephemeral agentic scope
 * of its own (created per root call, held in a concurrent map, dropped when the call ends), and the
 * agents keep no chat memory; the per-run result checks confirm it.
 */
final class LangChain4jScale implements ScaleContestant {

  private final LcPipeline pipeline;
  private ExecutorService threads;

  LangChain4jScale(Fakes fakes, Latency latency) {
    pipeline =
        LangChain4jContestant.pipeline(
            fakes,
            llm -> new Delayed(new LangChain4jFakeModel(llm), latency, llm == fakes.outliner));
  }

  @Override
  public String setup() {
    return "one shared sequence, a thread per run";
  }

  @Override
  public void prepare(int runs) {
    threads = Threads.newExecutor("langchain4j-run");
  }

  @Override
  public CompletableFuture<String> start(int run) {
    return CompletableFuture.supplyAsync(() -> pipeline.write(Checks.TOPIC), threads);
  }

  @Override
  public void close() {
    threads.shutdown();
  }

  /** A LangChain4j model that answers after the simulated latency, holding its thread meanwhile. */
  private record Delayed(LangChain4jFakeModel fake, Latency latency, boolean first)
      implements ChatModel {

    @Override
    public ChatResponse doChat(ChatRequest request) {
      latency.await(first);
      return fake.doChat(request);
    }
  }
}
