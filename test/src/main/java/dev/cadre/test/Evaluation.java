package dev.cadre.test;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Prices;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a team over every case of a {@link Dataset} and scores each result, a bounded number of
 * cases at a time. Each case gets a team of its own ({@code teams} makes it), since a team
 * remembers its conversation; it is closed when its case is done. A run that fails, or a scorer
 * that throws, fails its case and the evaluation goes on. The {@link EvalReport} lists the cases in
 * the dataset's order, whatever order they finished in.
 *
 * <pre>{@code
 * EvalReport report = Evaluation.builder(Dataset.read(Path.of("cases.jsonl")), c -> team(model))
 *     .scorer(Scorers.contains())
 *     .parallelism(4)
 *     .build()
 *     .run();
 * System.out.println(report.table());
 * }</pre>
 */
public final class Evaluation {

  private final Dataset dataset;
  private final Function<EvalCase, Team> teams;
  private final List<Scorer> scorers;
  private final int parallelism;
  private final Prices prices;
  private final Clock clock;

  private Evaluation(Builder b) {
    this.dataset = b.dataset;
    this.teams = b.teams;
    this.scorers = List.copyOf(b.scorers);
    this.parallelism = b.parallelism;
    this.prices = b.prices;
    this.clock = b.clock;
  }

  /** An evaluation of the teams {@code teams} makes, one a case, over {@code dataset}. */
  public static Builder builder(Dataset dataset, Function<EvalCase, Team> teams) {
    return new Builder(dataset, teams);
  }

  /** Runs every case and scores it; returns when all are done. */
  public EvalReport run() {
    List<EvalCase> cases = dataset.cases();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, cases.size()),
            task -> {
              Thread thread = new Thread(task, "cadre-eval-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<CaseResult>> futures = new ArrayList<>();
      for (EvalCase c : cases) {
        futures.add(pool.submit(() -> runCase(c)));
      }
      List<CaseResult> results = new ArrayList<>();
      for (Future<CaseResult> future : futures) {
        results.add(future.get());
      }
      return new EvalReport(results, scorerNames(results), prices);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the evaluation was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("an evaluation case could not run", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private CaseResult runCase(EvalCase c) {
    CaseTranscript transcript = new CaseTranscript("case " + c.id(), clock, prices);
    List<TeamEvent> events = new ArrayList<>();
    Consumer<TeamEvent> listener =
        event -> {
          events.add(event);
          transcript.accept(event);
        };
    TaskResult result;
    String failure = null;
    try (Team team = teams.apply(c)) {
      result = team.run(List.of(AgentMessage.user(c.task())), listener);
    } catch (TeamRunException e) {
      result = e.partialResult();
      failure = Transcripts.clean(String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      return new CaseResult(
          c,
          null,
          List.of(),
          List.of(),
          "the team could not run: " + Transcripts.clean(e.toString()),
          null);
    }
    List<Score> scores = new ArrayList<>();
    for (int i = 0; i < scorers.size(); i++) {
      scores.add(score(scorers.get(i), i + 1, c, result, failure));
    }
    return new CaseResult(c, result, List.copyOf(events), scores, failure, transcript.html());
  }

  private static Score score(
      Scorer scorer, int number, EvalCase c, TaskResult result, String failure) {
    try {
      Score score = scorer.score(c, result);
      if (failure != null && score.passed()) {
        return new Score(score.scorer(), false, "the run failed: " + failure);
      }
      return score;
    } catch (RuntimeException e) {
      return new Score(
          "scorer " + number, false, "the scorer threw " + Transcripts.clean(e.toString()));
    }
  }

  private static List<String> scorerNames(List<CaseResult> results) {
    List<String> names = new ArrayList<>();
    for (CaseResult result : results) {
      for (Score score : result.scores()) {
        if (!names.contains(score.scorer())) {
          names.add(score.scorer());
        }
      }
    }
    return names;
  }

  /**
   * One case's outcome.
   *
   * @param evalCase the case
   * @param result the run's result, partial when it failed; null when the team could not run
   * @param events every event of the run
   * @param scores each scorer's verdict, in the scorers' order
   * @param failure why the run failed, or null
   * @param transcriptHtml the run's report page, or null when the team could not run
   */
  public record CaseResult(
      EvalCase evalCase,
      TaskResult result,
      List<TeamEvent> events,
      List<Score> scores,
      String failure,
      String transcriptHtml) {

    /** Whether the case ran and passed every scorer. */
    public boolean passed() {
      return failure == null && !scores.isEmpty() && scores.stream().allMatch(Score::passed);
    }
  }

  /** Builds an {@link Evaluation}. */
  public static final class Builder {
    private final Dataset dataset;
    private final Function<EvalCase, Team> teams;
    private final List<Scorer> scorers = new ArrayList<>();
    private int parallelism = 1;
    private Prices prices;
    private Clock clock = Clock.systemUTC();

    private Builder(Dataset dataset, Function<EvalCase, Team> teams) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      this.teams = Objects.requireNonNull(teams, "teams");
    }

    /** Adds scorers; a case passes when it passes them all. */
    public Builder scorer(Scorer... scorers) {
      for (Scorer scorer : scorers) {
        this.scorers.add(Objects.requireNonNull(scorer, "scorer"));
      }
      return this;
    }

    /** How many cases run at once; 1 (one after another) by default. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** Prices for the cost column and the transcripts; without them cost is not shown. */
    public Builder prices(Prices prices) {
      this.prices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /** The clock of the transcripts' times (a {@link TestClock} makes pages that repeat). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The evaluation, ready to {@link Evaluation#run()}. */
    public Evaluation build() {
      if (scorers.isEmpty()) {
        throw new IllegalStateException("an evaluation needs at least one scorer");
      }
      return new Evaluation(this);
    }
  }
}
