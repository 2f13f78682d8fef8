package dev.cadre.samples.research;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Research synthesis, as a graph team ({@link ResearchDesk}): a coordinator fans a question out
 * to climate, economics and policy researchers, who search a bundled corpus at once with BM25
 * ({@link CorpusSearch}); a synthesiser joins their findings into a cited brief; a reviewer checks
 * every citation with {@link CitationChecker} and sends the brief back until they hold.
 *
 * <p>Models: {@link #offlineModel()} is a {@link ResearchReplay}, which {@link #run} takes apart to
 * give each concurrent researcher its own script, so offline runs are deterministic. Any other
 * model (a live one) plays every agent, researchers included.
 */
public final class ResearchSample implements Sample {

  private Corpus corpus; // guarded by this; read when a team is built, so listing reads no file

  /** The sample on the bundled corpus. */
  public ResearchSample() {
    // The corpus is read when the first team is built.
  }

  /** The sample on another corpus (for a live model; the replay scripts cite the bundled one). */
  public ResearchSample(Corpus corpus) {
    this.corpus = Objects.requireNonNull(corpus, "corpus");
  }

  private synchronized Corpus corpus() {
    if (corpus == null) {
      corpus = Corpus.bundled();
    }
    return corpus;
  }

  @Override
  public String name() {
    return "research";
  }

  @Override
  public String description() {
    return "Research synthesis graph: three researchers search a corpus at once, a synthesiser"
        + " writes a cited brief, a reviewer checks every citation until they hold";
  }

  @Override
  public String diagramResource() {
    return "META-INF/cadre/dev.cadre.samples.research.ResearchDesk.mmd";
  }

  @Override
  public String defaultTask() {
    return "Should Harbourview put a carbon price on heating fuels, and how should it be designed?";
  }

  /** Fresh replay scripts: the shared one, and one per researcher (see {@link ResearchReplay}). */
  @Override
  public ResearchReplay offlineModel() {
    return ResearchReplay.bundled();
  }

  @Override
  public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
    try (CadreResearchDesk built = desk(model)) {
      return built.team().run(List.of(AgentMessage.user(task)), events);
    }
  }

  @Override
  public TaskResult durably(
      ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
    // The generated builder takes no store; a team built on its spec with one runs it durably.
    try (CadreResearchDesk built = desk(model);
        Team team = new Team(built.team().spec(), store)) {
      return body.apply(team);
    }
  }

  private CadreResearchDesk desk(ChatModel model) {
    CadreResearchDesk.Builder desk =
        CadreResearchDesk.builder()
            .corpusSearch(new CorpusSearch(corpus()))
            .citationChecker(new CitationChecker(corpus));
    if (model instanceof ResearchReplay replay) {
      desk.model(replay.shared());
      ResearchReplay.RESEARCHER_KEYS.forEach(key -> desk.model(key, replay.researcher(key)));
    } else {
      desk.model(model);
      ResearchReplay.RESEARCHER_KEYS.forEach(key -> desk.model(key, model));
    }
    return desk.build();
  }
}
