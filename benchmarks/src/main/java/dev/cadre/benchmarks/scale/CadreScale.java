package dev.cadre.benchmarks.scale;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.cadre.CadreContestant;
import dev.cadre.benchmarks.cadre.CadreFakeModel;
import dev.cadre.benchmarks.cadre.CadrePipeline;
import dev.cadre.benchmarks.fake.FakeLlm;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Cadre: one generated {@link CadrePipeline} per concurrent run, since a team runs one run at a
 * time, each started with {@code writeAsync}. The three models are shared by every team, as one
 * provider client would be.
 */
final class CadreScale implements ScaleContestant {

  private final Map<FakeLlm, ChatModel> models;
  private final Fakes fakes;
  private final InProcessRuntime shared;
  private CadrePipeline[] teams = new CadrePipeline[0];

  /**
   * @param sharedRuntime whether every team runs on one {@link InProcessRuntime} rather than
   *     each on its own
   */
  CadreScale(Fakes fakes, Latency latency, boolean sharedRuntime) {
    this.fakes = fakes;
    this.models =
        Map.of(
            fakes.outliner, new Delayed(new CadreFakeModel(fakes.outliner), latency, true),
            fakes.drafter, new Delayed(new CadreFakeModel(fakes.drafter), latency, false),
            fakes.editor, new Delayed(new CadreFakeModel(fakes.editor), latency, false));
    this.shared = sharedRuntime ? new InProcessRuntime() : null;
  }

  @Override
  public String setup() {
    return shared == null ? "runtime per team" : "one shared runtime";
  }

  @Override
  public void prepare(int runs) {
    teams = new CadrePipeline[runs];
    for (int i = 0; i < runs; i++) {
      teams[i] = CadreContestant.pipeline(fakes, models::get, shared);
    }
  }

  @Override
  public CompletableFuture<String> start(int run) {
    return teams[run].writeAsync(Checks.TOPIC);
  }

  @Override
  public void close() {
    for (CadrePipeline team : teams) {
      team.close();
    }
    if (shared != null) {
      shared.close();
    }
  }

  /** A Cadre model that answers after the simulated latency, holding its thread meanwhile. */
  private record Delayed(ChatModel fake, Latency latency, boolean first) implements ChatModel {

    @Override
    public ModelInfo info() {
      return fake.info();
    }

    @Override
    public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
      latency.await(first);
      return fake.chat(request, cancellation);
    }
  }
}
