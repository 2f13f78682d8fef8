package dev.cadre.samples.magentic;

import dev.cadre.agent.AgentMessage;
import dev.cadre.code.CodeExecutionException;
import dev.cadre.code.CodeExecutor;
import dev.cadre.code.CodeExecutors;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.present.Console;
import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Magentic-One team ({@link Cadre#magenticOne}) answering a question over a bundled CSV by
 * writing and running code: the orchestrator plans and picks each next speaker; the coder, a code
 * executor agent with a model of its own, writes Python that really runs in the bubblewrap sandbox
 * ({@link CodeExecutors#sandboxed()}) on {@code sales.csv}, copied into the sandbox's working
 * directory; the analyst explains the figures; the orchestrator writes the final answer.
 *
 * <p>Offline, one replay script ({@code magentic.jsonl}) plays every model in the order the team
 * calls them; the code's output is the sandbox's own. Live, the model configured in the
 * environment ({@link ModelConfig#fromEnvironment()}) plays all three. Where bubblewrap is missing
 * the run fails before anyone speaks, with the sandbox's refusal, which says how to install it.
 */
public final class MagenticSample implements Sample {

  /** The question the bundled script answers. */
  public static final String TASK =
      "Using sales.csv, which region had the highest revenue in 2024, and by how much did it lead"
          + " the second?";

  /** The bundled data, copied into the executor's working directory as {@value #DATA}. */
  public static final String DATA = "sales.csv";

  private static final String SCRIPT = "magentic/magentic.jsonl";

  private final Supplier<? extends CodeExecutor> executors;

  /** The sample on the bubblewrap sandbox. */
  public MagenticSample() {
    this(CodeExecutors::sandboxed);
  }

  /**
   * The sample on executors from {@code executors}, one per run (closed after it), such as a
   * sandbox with other limits or a Docker executor.
   */
  public MagenticSample(Supplier<? extends CodeExecutor> executors) {
    this.executors = Objects.requireNonNull(executors, "executors");
  }

  @Override
  public String name() {
    return "magentic";
  }

  @Override
  public String description() {
    return "Magentic-One: an orchestrator plans, a coder runs Python on a CSV in the bubblewrap"
        + " sandbox, an analyst explains the figures";
  }

  @Override
  public String defaultTask() {
    return TASK;
  }

  @Override
  public ChatModel offlineModel() {
    return Samples.replay(SCRIPT);
  }

  @Override
  public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(events, "events");
    try (CodeExecutor executor = executor();
        Team team = team(model, executor, null)) {
      return team.run(List.of(AgentMessage.user(task)), events);
    }
  }

  @Override
  public TaskResult durably(
      ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
    try (CodeExecutor executor = executor();
        Team team = team(model, executor, store)) {
      return body.apply(team);
    }
  }

  /** A fresh executor with the bundled CSV in its working directory. */
  private CodeExecutor executor() {
    CodeExecutor executor = executors.get();
    try (InputStream in = MagenticSample.class.getResourceAsStream(DATA)) {
      if (in == null) {
        throw new IllegalStateException("the data " + DATA + " is missing from the class path");
      }
      Files.copy(in, executor.workingDirectory().resolve(DATA));
      return executor;
    } catch (IOException e) {
      executor.close();
      throw new UncheckedIOException(
          "cannot copy " + DATA + " into " + executor.workingDirectory(), e);
    } catch (RuntimeException e) {
      executor.close();
      throw e;
    }
  }

  /** The team on {@code model} and {@code executor}; {@code store} null keeps no checkpoints. */
  private static Team team(ChatModel model, CodeExecutor executor, CheckpointStore store) {
    var team =
        Cadre.magenticOne("sales_analysis", model)
            .description("Answers questions over sales data by writing and running code")
            .participant(
                Cadre.codeExecutor("coder")
                    .executor(executor)
                    .model(model)
                    .description(
                        "Writes Python, runs it in a sandbox whose working directory holds"
                            + " sales.csv (date, region, product, units, unit_price), and reports"
                            + " the figures it printed")
                    .systemMessage(
                        "You compute answers from data by writing Python. Write one ```python"
                            + " block that reads sales.csv from the working directory and prints"
                            + " the figures asked for; it runs, and you see its output. Then"
                            + " report the figures exactly as printed.")
                    .build())
            .participant(
                Cadre.assistant("analyst")
                    .model(model)
                    .description("Explains computed figures in plain words for a manager")
                    .systemMessage(
                        "You explain figures the coder computed, in two sentences for a manager."
                            + " Use only the figures in the conversation; never invent one."))
            .maxTurns(10);
    if (store != null) {
      team.checkpoints(store);
    }
    return team.build();
  }

  /**
   * Runs the sample on the task in the arguments, or the bundled question: offline on the replay
   * script, live when the environment configures a model.
   */
  public static void main(String[] args) {
    MagenticSample sample = new MagenticSample();
    String task = args.length > 0 ? String.join(" ", args) : sample.defaultTask();
    ChatModel model = ModelConfig.fromEnvironment().create(sample::offlineModel);
    try (Console console = Console.builder(System.out).terminal(false).build()) {
      sample.run(model, task, console);
    } catch (CodeExecutionException e) {
      // No sandbox here: say why and how to mend it, rather than a stack trace.
      System.err.println("error: the magentic sample cannot run its code: " + e.getMessage());
      System.exit(1);
    }
  }
}
