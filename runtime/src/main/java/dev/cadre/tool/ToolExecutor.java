package dev.cadre.tool;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.core.Threads;
import dev.cadre.event.Telemetry;
import dev.cadre.model.ContentPart;
import io.opentelemetry.context.Scope;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Runs the tool calls a model asks for: the one place tool calls run.
 *
 * <p>Whatever goes wrong with a call becomes a {@link ToolResult} with {@code error = true} and a
 * message the model can read and act on: a tool name it made up, arguments that are not JSON, have
 * text after the JSON, or do not fit the schema or the Java types of the tool's code (the tool is
 * then not called), a tool that throws, a tool that runs past its {@link Tool#timeout()}. Whatever
 * goes wrong while arguments are checked is such an error too, never an exception out of here. What
 * the model reads is bounded: long names and values are cut, and a flood of problems is listed only
 * in part, with a count of the rest. A run never ends because of a tool. The one exception that
 * escapes is {@link CancelledException}, when the caller's own token is cancelled; running tools
 * are then cancelled and interrupted, and the call throws once the tool on the calling thread has
 * returned (the others are abandoned).
 *
 * <p>Each call gets a {@link ToolContext} whose token is cancelled when the caller's is, or when
 * the tool runs past its time limit; the thread running the tool is interrupted at the same time.
 * The calls of one batch run concurrently: the last one that can run does so on the calling thread,
 * and each of the others on a thread of its own from {@link Threads#shared()}. A lone call, the
 * usual case, so costs no thread hand-off; its time limit is kept by one watchdog thread for the
 * whole JVM, which costs nothing until a limit passes.
 *
 * <p>The price is that a call on the calling thread cannot be abandoned: a tool that ignores both
 * its context's cancellation and interruption holds up its agent until it returns, however long
 * after its limit, and its result is then discarded for the time-out error. Tools that wait
 * interruptibly ({@code Thread.sleep}, {@code BlockingQueue.take}, {@code Future.get}...), check
 * their context, or do I/O on virtual threads stop at the limit. A stopped call's interrupt is
 * cleared before the caller goes on, so the caller's thread never carries it further.
 *
 * <p>Results: a {@code String} goes to the model as it is, {@code null} as an empty text, anything
 * else as JSON. Instances are immutable and safe to share between threads.
 */
public final class ToolExecutor {

  /** The {@code error.type} of a call whose arguments do not fit its tool. */
  private static final String INVALID_ARGUMENTS = "invalid_arguments";

  /** The most characters a parser's complaint or an exception's message takes in a result. */
  private static final int MAX_MESSAGE = 1000;

  /** The most characters the list of available tools takes in the answer to an unknown tool. */
  private static final int MAX_TOOL_LIST = 1000;

  private final Map<String, Tool> tools;
  private final List<ToolSpec> specs;
  private final Supplier<Deadlines> deadlines;
  private final String availableTools; // what follows "unknown tool 'x': "

  /**
   * @throws IllegalArgumentException if two tools share a name
   */
  public ToolExecutor(List<Tool> tools) {
    this(tools, Deadlines::shared);
  }

  /** Keeps time limits with {@code deadlines}: a test's own watchdog instead of the JVM's. */
  ToolExecutor(List<Tool> tools, Supplier<Deadlines> deadlines) {
    Objects.requireNonNull(tools, "tools");
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (int i = 0; i < tools.size(); i++) {
      Tool tool = Objects.requireNonNull(tools.get(i), "tool at index " + i);
      if (byName.putIfAbsent(tool.name(), tool) != null) {
        throw new IllegalArgumentException(
            "two tools are named '" + tool.name() + "': tool names must be unique; rename one");
      }
    }
    this.tools = byName;
    this.specs = byName.values().stream().map(Tool::spec).toList();
    this.deadlines = deadlines;
    this.availableTools = available(byName.keySet());
  }

  /** The specs to send to the model, in the order the tools were given. */
  public List<ToolSpec> specs() {
    return specs;
  }

  /** The tool named {@code name}, or empty when there is none. */
  public Optional<Tool> find(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /**
   * Runs one call and waits for its result.
   *
   * @throws CancelledException if {@code cancellation} is cancelled before or while the tool runs
   */
  public ToolResult execute(ToolCall call, CancellationToken cancellation) {
    Objects.requireNonNull(call, "call");
    return executeAll(List.of(call), cancellation).get(0);
  }

  /**
   * Runs the calls concurrently, the last one on this thread and the others each on a thread of
   * its own, and waits for all of them.
   *
   * @return one result per call, in the order of {@code calls}
   * @throws CancelledException if {@code cancellation} is cancelled before or while tools run
   */
  public List<ToolResult> executeAll(List<ToolCall> calls, CancellationToken cancellation) {
    return executeAll(calls, cancellation, ToolResultLog.NONE);
  }

  /**
   * Like {@link #executeAll(List, CancellationToken)}, but a call {@code log} has a result for is
   * not run again, and every other call is recorded in {@code log} before it runs and when its
   * result is known. Results are recorded in call order, so a call that finished while an earlier
   * one of the same batch was still running counts as in flight until the earlier one finishes.
   */
  public List<ToolResult> executeAll(
      List<ToolCall> calls, CancellationToken cancellation, ToolResultLog log) {
    return executeAll(calls, cancellation, log, null);
  }

  /**
   * Like {@link #executeAll(List, CancellationToken, ToolResultLog)}, telling {@code progress} of
   * what the tools report through {@link ToolContext#progress}, from their own threads.
   */
  public List<ToolResult> executeAll(
      List<ToolCall> calls,
      CancellationToken cancellation,
      ToolResultLog log,
      Consumer<ToolProgress> progress) {
    Objects.requireNonNull(calls, "calls");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(log, "log");
    cancellation.throwIfCancelled();
    Telemetry telemetry = Telemetry.current();
    List<Run> runs = new ArrayList<>(calls.size());
    List<Boolean> replayed = new ArrayList<>(calls.size());
    try {
      int inline = -1;
      for (ToolCall call : calls) {
        Objects.requireNonNull(call, "call");
        Optional<ToolResult> recorded = log.recorded(call);
        replayed.add(recorded.isPresent());
        if (recorded.isPresent()) {
          runs.add(Run.done(recorded.get()));
        } else {
          log.starting(call);
          Run run = prepare(call);
          run.progress = progress;
          run.log = log;
          String description = run.tool == null ? null : run.tool.spec().description();
          run.observe(
              telemetry,
              telemetry.executeTool(call.name(), description, call.id(), call.arguments()));
          if (run.runnable()) {
            inline = runs.size();
          }
          runs.add(run);
        }
      }
      // The last runnable call runs here, the others each on a thread of their own meanwhile: a
      // lone call, the common case, then costs no thread hand-off at all.
      for (int i = 0; i < inline; i++) {
        runs.get(i).launch(cancellation);
      }
      if (inline >= 0) {
        runs.get(inline).runHere(cancellation, deadlines.get());
      }
      List<ToolResult> results = new ArrayList<>(runs.size());
      for (int i = 0; i < runs.size(); i++) {
        ToolResult result = runs.get(i).await(cancellation);
        runs.get(i).ended(result);
        if (!replayed.get(i)) {
          log.completed(calls.get(i), result);
        }
        results.add(result);
      }
      return List.copyOf(results);
    } finally {
      runs.forEach(Run::close);
    }
  }

  private Run prepare(ToolCall call) {
    Tool tool = tools.get(call.name());
    if (tool == null) {
      return Run.failed(
          ToolResult.failure(
              call,
              "unknown tool '"
                  + Excerpts.cut(String.valueOf(call.name()), Excerpts.NAME)
                  + "': "
                  + availableTools),
          "unknown_tool");
    }
    try {
      return check(call, tool);
    } catch (RuntimeException e) {
      // A check that breaks (a hand-written schema it cannot read, say) must not end the run.
      return invalid(
          call,
          "the arguments of tool '"
              + tool.name()
              + "' could not be checked, so it was not run: "
              + describe(e)
              + "; call it again with arguments that match its parameter schema");
    }
  }

  private static Run check(ToolCall call, Tool tool) {
    JsonNode parsed;
    try {
      parsed = Json.parse(call.arguments());
    } catch (JsonProcessingException e) {
      return invalid(
          call,
          "arguments of tool '"
              + tool.name()
              + "' are not valid JSON: "
              + Excerpts.cut(String.valueOf(e.getOriginalMessage()), MAX_MESSAGE)
              + at(e.getLocation())
              + "; arguments must be a JSON object matching the tool's parameter schema");
    }
    if (!(parsed instanceof ObjectNode arguments)) {
      return invalid(
          call,
          "arguments of tool '"
              + tool.name()
              + "' must be a JSON object matching the tool's parameter schema, got "
              + (parsed.isMissingNode() ? "nothing" : kind(parsed) + ": " + Excerpts.json(parsed)));
    }
    List<String> problems = ToolArguments.validate(arguments, tool.spec().parameters());
    if (!problems.isEmpty()) {
      return invalid(call, invalid(tool, problems));
    }
    return new Run(call, tool, arguments);
  }

  /** A call answered, without running, with {@code message} about its arguments. */
  private static Run invalid(ToolCall call, String message) {
    return Run.failed(ToolResult.failure(call, message), INVALID_ARGUMENTS);
  }

  /** What the model reads when arguments do not fit: each problem on a line of its own. */
  private static String invalid(Tool tool, List<String> problems) {
    return "invalid arguments for tool '"
        + tool.name()
        + "', so it was not run:\n- "
        + String.join("\n- ", problems)
        + "\nCall it again with arguments that match its parameter schema.";
  }

  /** What follows "unknown tool 'x': ", said once for all calls: the names, as many as fit. */
  private static String available(Collection<String> names) {
    if (names.isEmpty()) {
      return "no tools are available";
    }
    StringBuilder listed = new StringBuilder();
    int shown = 0;
    for (String name : names) {
      if (shown > 0 && listed.length() + name.length() > MAX_TOOL_LIST) {
        break;
      }
      listed.append(shown == 0 ? "" : ", ").append(name);
      shown++;
    }
    if (shown < names.size()) {
      listed.append(" and ").append(names.size() - shown).append(" more");
    }
    return "the available tools are " + listed + "; call one of them by its exact name";
  }

  /**
   * One call: already answered (a bad call, a replayed one), or to run, either on a thread of its
   * own ({@link #launch}) or on the caller's ({@link #runHere}).
   */
  private static final class Run {
    private final ToolCall call;
    private final Tool tool;
    private final ObjectNode arguments;
    private final CancellationToken token;
    private Consumer<ToolProgress> progress; // null: reports go nowhere
    private ToolResultLog log; // null outside executeAll
    private ToolResult done;
    private FutureTask<Output> task;
    private CancellationToken.Registration registration = () -> {};
    private long started;
    private Telemetry telemetry;
    private Telemetry.Operation span; // null when the call is not observed (a replayed one)
    private String errorType; // the kind of failure, once known

    /** Reports this call as {@code span}, ended by {@link #ended} or {@link #close}. */
    void observe(Telemetry telemetry, Telemetry.Operation span) {
      this.telemetry = telemetry;
      this.span = span;
    }

    /** Ends the call's span and counts it, once its result is known. */
    void ended(ToolResult result) {
      if (span == null) {
        return;
      }
      Telemetry.Operation observed = span;
      span = null;
      String name = call == null ? result.name() : call.name();
      String type = result.error() ? (errorType == null ? "tool_error" : errorType) : null;
      telemetry.toolEnded(
          observed, name, type, result.error() ? result.content() : null, result.content());
    }

    private Run(ToolCall call, Tool tool, ObjectNode arguments) {
      this.call = call;
      this.tool = tool;
      this.arguments = arguments;
      this.token = tool == null ? null : new CancellationToken();
    }

    static Run done(ToolResult result) {
      Run run = new Run(null, null, null);
      run.done = result;
      return run;
    }

    /** A call answered with an error before it ran, {@code errorType} saying why. */
    static Run failed(ToolResult result, String errorType) {
      Run run = done(result);
      run.errorType = errorType;
      return run;
    }

    boolean runnable() {
      return done == null;
    }

    void launch(CancellationToken caller) {
      if (done != null) {
        return;
      }
      ToolContext context = new ToolContext(call.id(), token, progress, log);
      Callable<Output> work =
          withCallersLogContext(() -> render(tool, tool.function().call(arguments, context)));
      FutureTask<Output> future = new FutureTask<>(span == null ? work : span.wrap(work));
      token.onCancel(() -> future.cancel(true));
      registration = caller.onCancel(() -> cancelQuietly(token));
      started = System.nanoTime();
      try {
        Threads.shared().execute(future);
      } catch (RejectedExecutionException e) {
        registration.close();
        errorType = "not_started";
        done = ToolResult.failure(call, "tool '" + tool.name() + "' could not be started");
        return;
      }
      task = future;
    }

    /**
     * Runs the tool on this thread, its time limit kept by {@link Deadlines}. A stop (the limit,
     * the caller's cancellation, the tool cancelling its own context) interrupts this thread;
     * {@link Deadlines.Watch#finish()} has cleared that interrupt again by the time this returns.
     */
    void runHere(CancellationToken caller, Deadlines deadlines) {
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted("before running");
      }
      Deadlines.Watch watch = deadlines.watch(token, nanos(tool.timeout()));
      registration = caller.onCancel(() -> cancelQuietly(token));
      Output content = null;
      Throwable error = null;
      if (watch.running()) {
        try (Scope ignored = span == null ? Scope.noop() : span.makeCurrent()) {
          ToolContext context = new ToolContext(call.id(), token, progress, log);
          content = render(tool, tool.function().call(arguments, context));
        } catch (Throwable e) {
          // As on a thread of its own: whatever the tool throws is its failure, told to the model.
          error = e;
        }
      }
      int outcome = watch.finish();
      registration.close();
      caller.throwIfCancelled();
      if (outcome == Deadlines.Watch.EXPIRED) {
        done = timedOut();
      } else if (outcome == Deadlines.Watch.CANCELLED) {
        done = cancelledItself();
      } else if (Thread.currentThread().isInterrupted()) {
        // Not a stop of this call, so someone else wants this thread to stop: waiting for a tool
        // on another thread, it would have seen InterruptedException, and it ends the same way.
        throw interrupted("while running");
      } else if (error instanceof RunPause && error instanceof RuntimeException pause) {
        throw pause;
      } else if (error != null) {
        errorType = failureType(error);
        done = ToolResult.failure(call, failure(tool, error));
      } else {
        done = content.result(call);
      }
    }

    ToolResult await(CancellationToken caller) {
      if (done != null) {
        return done;
      }
      long timeout = nanos(tool.timeout());
      try {
        Output content =
            task.get(Math.max(0, timeout - (System.nanoTime() - started)), TimeUnit.NANOSECONDS);
        caller.throwIfCancelled();
        return content.result(call);
      } catch (TimeoutException e) {
        caller.throwIfCancelled();
        cancelQuietly(token);
        return timedOut();
      } catch (CancellationException e) {
        caller.throwIfCancelled();
        return cancelledItself();
      } catch (ExecutionException e) {
        caller.throwIfCancelled();
        if (e.getCause() instanceof RunPause && e.getCause() instanceof RuntimeException pause) {
          throw pause;
        }
        errorType = failureType(e.getCause());
        return ToolResult.failure(call, failure(tool, e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancelQuietly(token);
        throw interrupted("while waiting for");
      }
    }

    private ToolResult timedOut() {
      errorType = "timeout";
      return ToolResult.failure(
          call, "tool '" + tool.name() + "' did not finish within " + format(tool.timeout()));
    }

    // Nobody but the caller (checked first) and the time limit cancels the token, so the tool
    // cancelled its own context.
    private ToolResult cancelledItself() {
      errorType = "cancelled";
      return ToolResult.failure(call, "tool '" + tool.name() + "' cancelled itself");
    }

    // The thread keeps its interrupt, for the caller's caller to see.
    private CancelledException interrupted(String doing) {
      return new CancelledException(
          "interrupted " + doing + " tool '" + tool.name() + "' (call " + call.id() + ")");
    }

    /** Stops listening to the caller; a tool still running here is abandoned, so cancel it. */
    void close() {
      if (span != null) {
        // The caller was cancelled (or interrupted) before this call's result was known.
        errorType = CancelledException.class.getName();
        ended(
            call == null
                ? done
                : ToolResult.failure(call, "cancelled before the tool's result was known"));
      }
      registration.close();
      if (task != null && !task.isDone()) {
        cancelQuietly(token);
      }
    }
  }

  /**
   * {@code task} with the SLF4J MDC of the calling thread (the agent's: run, agent, turn), so a
   * tool on a thread of its own logs as it would inline; the thread's own MDC is put back after.
   */
  private static <T> Callable<T> withCallersLogContext(Callable<T> task) {
    Map<String, String> callers = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> own = MDC.getCopyOfContextMap();
      setLogContext(callers);
      try {
        return task.call();
      } finally {
        setLogContext(own);
      }
    };
  }

  private static void setLogContext(Map<String, String> context) {
    if (context == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }

  /** What a tool returned, as the text and the images (or documents) the model gets. */
  private record Output(String text, List<ContentPart> parts) {
    ToolResult result(ToolCall call) {
      return new ToolResult(call.id(), call.name(), text, false, parts);
    }
  }

  /**
   * A tool's return value as the model sees it: text as is; an image or document part, or a list
   * of parts, as its texts joined and its images and documents shown to the model; anything else
   * as JSON.
   */
  private static Output render(Tool tool, Object value) {
    if (value == null) {
      return new Output("", List.of());
    }
    if (value instanceof String text) {
      return new Output(text, List.of());
    }
    if (value instanceof ContentPart part) {
      return parts(List.of(part));
    }
    if (value instanceof List<?> list
        && !list.isEmpty()
        && list.stream().allMatch(ContentPart.class::isInstance)) {
      List<ContentPart> parts = new ArrayList<>();
      list.forEach(item -> parts.add((ContentPart) item));
      return parts(parts);
    }
    try {
      return new Output(Json.write(value), List.of());
    } catch (UncheckedIOException e) {
      throw new UnwritableResult(
          "tool '"
              + tool.name()
              + "' returned a "
              + value.getClass().getName()
              + " that cannot be written as JSON: "
              + e.getMessage());
    }
  }

  private static Output parts(List<ContentPart> parts) {
    StringBuilder text = new StringBuilder();
    List<ContentPart> shown = new ArrayList<>();
    for (ContentPart part : parts) {
      if (part instanceof ContentPart.Text t) {
        text.append(t.text());
      } else {
        shown.add(part);
      }
    }
    // A provider that takes a tool's text alone still learns that something was shown.
    String described =
        text.length() > 0 ? text.toString() : "(" + shown.size() + " image(s) or document(s))";
    return new Output(described, shown);
  }

  private static String failure(Tool tool, Throwable error) {
    if (error instanceof UnwritableResult) {
      return Excerpts.cut(error.getMessage(), MAX_MESSAGE);
    }
    Throwable cause = unwrap(error);
    if (cause instanceof ArgumentException) {
      // The tool's binding could not read an argument into its Java type: 3000000000 for an int.
      return invalid(tool, List.of(cause.getMessage()));
    }
    return "tool '" + tool.name() + "' failed: " + describe(cause);
  }

  /** An exception's simple class name and its message, cut to a bound. */
  private static String describe(Throwable cause) {
    String type = cause.getClass().getSimpleName();
    if (type.isEmpty()) {
      type = cause.getClass().getName();
    }
    String message = cause.getMessage();
    return type
        + (message == null || message.isBlank() ? "" : ": " + Excerpts.cut(message, MAX_MESSAGE));
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * The {@code error.type} of a tool that threw: its exception's class, unwritable_result, or
   * invalid_arguments when its binding could not read an argument.
   */
  private static String failureType(Throwable error) {
    if (error instanceof UnwritableResult) {
      return "unwritable_result";
    }
    Throwable cause = unwrap(error);
    return cause instanceof ArgumentException ? INVALID_ARGUMENTS : cause.getClass().getName();
  }

  /** A result the mapper cannot write: the tool's fault, reported like any failure. */
  private static final class UnwritableResult extends RuntimeException {
    UnwritableResult(String message) {
      super(message, null, false, false);
    }
  }

  // A callback registered on the tool's token may throw; that must not break the run.
  private static void cancelQuietly(CancellationToken token) {
    try {
      token.cancel();
    } catch (RuntimeException ignored) {
      // the tool's own cancellation callback failed; the tool is abandoned either way
    }
  }

  private static long nanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** "2s", "1500ms": how a person would write the timeout. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis > 0 && millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis > 0 ? millis + "ms" : duration.toNanos() + "ns";
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String kind(JsonNode node) {
    String kind = node.getNodeType().name().toLowerCase(Locale.ROOT);
    return kind.startsWith("a") ? "an " + kind : "a " + kind;
  }
}
