package dev.cadre.present;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.event.TerminalText;
import dev.cadre.model.Prices;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Prints a run as it happens, in the spirit of AutoGen's {@code Console}: each message under its
 * agent's name (one colour per agent), streamed text as it arrives, tool calls and short results,
 * who the team chose to speak (after a streaming selector's reply, under the selector's heading),
 * a live indicator while a model is thinking, and a summary at the end (turns, tool calls, tokens
 * per agent, wall time, stop reason; the cost, given a {@link Prices} table).
 *
 * <p>Pass it as a team's listener, or {@link #agent(AgentEvent)} as a single agent's. Colour and
 * the indicator appear only on a terminal and when {@code NO_COLOR} is unset; otherwise the output
 * is plain text, stable enough to compare in tests. {@link #close()} stops the indicator's thread.
 *
 * <p>Everything it prints that came from outside Cadre (model text, streamed or not, tool names,
 * arguments and results, the task, agent names, errors, the stop reason) goes through {@link
 * TerminalText} first, so a model cannot drive the terminal: the only escape sequences in the
 * output are the console's own styling.
 */
public final class Console implements Consumer<TeamEvent>, AutoCloseable {

  private static final String RESET = "\u001b[0m";
  private static final String DIM = "\u001b[2m";
  private static final String BOLD = "\u001b[1m";
  private static final String CLEAR_LINE = "\r\u001b[2K";
  private static final String[] PALETTE = {
    "\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[31m",
    "\u001b[96m", "\u001b[93m", "\u001b[95m", "\u001b[92m", "\u001b[94m", "\u001b[91m"
  };
  private static final String[] SPINNER = {"|", "/", "-", "\\"};
  private static final String USER = "user";
  private static final String SELECTOR = ModelSelector.USAGE_SOURCE;

  private final PrintStream out;
  private final boolean styled;
  private final Clock clock;
  private final int maxResultLength;
  private final Prices prices;
  private final Map<String, String> colours = new LinkedHashMap<>();
  // The same count of turns, calls and tokens as the report's.
  private final RunTally tally;
  // Per agent streaming text: an escape sequence can be split across two pieces.
  private final Map<String, TerminalText> streams = new HashMap<>();
  private ScheduledExecutorService timer;

  // Guarded by this: events and the indicator's ticks both print.
  private long startMillis = -1;
  private String header;
  private boolean midLine;
  private boolean streamed;
  private String waitingFor;
  private long waitingSince;
  private int frame;
  private boolean indicatorShown;
  private ScheduledFuture<?> ticking;

  private Console(Builder builder) {
    this.out = builder.out;
    this.clock = builder.clock;
    this.maxResultLength = builder.maxResultLength;
    this.prices = builder.prices;
    this.tally = new RunTally(builder.prices);
    boolean terminal = builder.terminal != null ? builder.terminal : System.console() != null;
    String noColor = builder.environment.get("NO_COLOR");
    this.styled = terminal && (noColor == null || noColor.isEmpty());
  }

  /** A console on standard output that styles its output only on a terminal without NO_COLOR. */
  public static Console create() {
    return builder(System.out).build();
  }

  /** Starts a console printing to {@code out}. */
  public static Builder builder(PrintStream out) {
    return new Builder(out);
  }

  /** Whether this console prints colour and the live indicator. */
  public boolean styled() {
    return styled;
  }

  /** Prints one event of a team's run; the {@link TeamEvent.Finished} event prints the summary. */
  @Override
  public synchronized void accept(TeamEvent event) {
    started();
    if (event instanceof TeamEvent.Message message) {
      message(message.message());
      waitFor(null);
    } else if (event instanceof TeamEvent.Activity activity) {
      // A team reports the answer as a Message; an Answered inside an Activity would print twice.
      if (!(activity.event() instanceof AgentEvent.Answered)) {
        agentEvent(activity.event());
      }
    } else if (event instanceof TeamEvent.SpeakersSelected selected) {
      endLine();
      String speakers = names(selected.speakers());
      line(DIM, "(next: " + speakers + ")");
      waitFor(speakers);
    } else if (event instanceof TeamEvent.SelectorReply reply) {
      selectorReply(reply);
    } else if (event instanceof TeamEvent.TaskLedgerWritten ledger) {
      endLine();
      line(
          DIM,
          ledger.replan() == 0
              ? "(task ledger: facts and plan written)"
              : "(re-plan " + ledger.replan() + ": " + shown(ledger.reason()) + ")");
    } else if (event instanceof TeamEvent.ProgressLedgerWritten progress) {
      endLine();
      line(DIM, "(" + LedgerText.progress(progress, Console::shown) + ")");
    } else if (event instanceof TeamEvent.SelectionProblem problem) {
      endLine();
      line(
          DIM,
          "(choosing a speaker: "
              + shown(problem.problem())
              + (problem.fallback() == null ? "" : "; falling back to " + shown(problem.fallback()))
              + ")");
    } else if (event instanceof TeamEvent.Finished finished) {
      stopWaiting();
      TaskResult result = finished.result();
      if (result.stop().kind() == StopReason.Kind.FAILED) {
        endLine();
        // The error itself is the stop reason, which the summary prints: once is enough.
        line(PALETTE[5], "failed: " + shown(result.stop().source()));
      } else if (result.paused()) {
        endLine();
        line(DIM, "(paused, waiting for an answer to: " + shown(result.waiting().prompt()) + ")");
      }
      summary(result.stopReason());
    }
  }

  /** Prints one event of a single agent's run; call {@link #summary(String)} when it is done. */
  public synchronized void agent(AgentEvent event) {
    started();
    agentEvent(event);
  }

  /**
   * Prints the summary: turns, tool calls and tokens in and out per agent, wall time since the
   * first event, and {@code stopReason}.
   */
  public synchronized void summary(String stopReason) {
    started();
    stopWaiting();
    endLine();
    long millis = clock.millis() - startMillis;
    RunTally.Tally total = tally.total();
    out.println();
    line(BOLD, "---------- summary ----------");
    out.println("stop reason: " + shown(StopText.shown(stopReason)));
    out.printf(
        Locale.ROOT,
        "turns: %d, tool calls: %d, wall time: %s%n",
        total.turns,
        total.toolCalls,
        TimeAxis.duration(millis));
    Map<String, String> labels = new HashMap<>();
    int width = 5;
    for (String name : tally.agents().keySet()) {
      width = Math.max(width, labels.computeIfAbsent(name, Console::shown).length());
    }
    // The cost column appears only with a price table: without one there is nothing to show.
    String format =
        "%-" + width + "s  %5s  %10s  %9s  %10s" + (prices == null ? "%s" : "  %10s") + "%n";
    out.printf(
        Locale.ROOT,
        format,
        "agent",
        "turns",
        "tool calls",
        "tokens in",
        "tokens out",
        prices == null ? "" : "cost");
    tally
        .agents()
        .forEach(
            (name, numbers) -> {
              String label = labels.get(name);
              String row = row(format, label, numbers);
              out.print(
                  styled ? colour(name) + label + RESET + row.substring(label.length()) : row);
            });
    out.print(row(format, "total", total));
    out.flush();
  }

  private String row(String format, String label, RunTally.Tally tally) {
    return String.format(
        Locale.ROOT,
        format,
        label,
        tally.turns,
        tally.toolCalls,
        tally.usage.inputTokens(),
        tally.usage.outputTokens(),
        prices == null ? "" : tally.cost.shown());
  }

  /** Stops the live indicator's thread, if it started. */
  @Override
  public synchronized void close() {
    stopWaiting();
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  private void agentEvent(AgentEvent event) {
    String source = event.source();
    if (event instanceof AgentEvent.TextChunk chunk) {
      stopWaiting();
      under(source);
      print(streams.computeIfAbsent(source, s -> new TerminalText()).next(chunk.text()));
      streamed = true;
      return;
    }
    endStream(source);
    if (event instanceof AgentEvent.ToolCallsRequested requested) {
      stopWaiting();
      under(source);
      endLine();
      tally.activity(event);
      for (ToolCall call : requested.calls()) {
        line(DIM, "  -> " + shown(call.name()) + " " + shorten(call.arguments()));
      }
      streamed = false;
    } else if (event instanceof AgentEvent.ToolCallsExecuted executed) {
      under(source);
      endLine();
      for (ToolResult result : executed.results()) {
        line(
            result.error() ? PALETTE[5] : DIM,
            "  <- " + shown(result.name()) + (result.error() ? " failed: " : ": ")
                + shorten(result.content()));
      }
      waitFor(source);
    } else if (event instanceof AgentEvent.ToolProgress progress) {
      stopWaiting();
      under(source);
      endLine();
      line(DIM, "  .. " + shown(progress.tool()) + " " + amount(progress.progress())
          + (progress.total() == null ? "" : "/" + amount(progress.total()))
          + (progress.message() == null ? "" : ": " + shown(progress.message())));
    } else if (event instanceof AgentEvent.ModelUsage usage) {
      stopWaiting();
      tally.activity(usage);
    } else if (event instanceof AgentEvent.MemoryQueried memory) {
      under(source);
      endLine();
      line(
          DIM,
          "  (recalled " + memory.results().size() + " from " + shown(memory.memory()) + ")");
    } else if (event instanceof AgentEvent.InputRequested input) {
      stopWaiting();
      under(source);
      endLine();
      line(DIM, "  ? " + shown(input.prompt()));
    } else if (event instanceof AgentEvent.ApprovalRequested approval) {
      stopWaiting();
      under(source);
      endLine();
      line(DIM, "  (asking approval for " + shown(approval.call().name()) + ")");
    } else if (event instanceof AgentEvent.ApprovalDecided decided) {
      under(source);
      endLine();
      line(
          DIM,
          "  ("
              + shown(decided.call().name())
              + (decided.approved() ? " approved" : " refused")
              + (decided.reason() == null ? "" : ": " + shown(decided.reason()))
              + ")");
    } else if (event instanceof AgentEvent.InnerMessage inner) {
      under(source);
      endLine();
      line(
          DIM,
          "  [" + shown(inner.message().source()) + "] " + shorten(inner.message().toText()));
    } else if (event instanceof AgentEvent.Answered answered) {
      message(answered.message());
    }
  }

  /**
   * The selector's whole reply. Its streamed chunks are on screen already, under the selector's
   * heading: the reply only ends them. A reply that did not stream in is shown there whole. Who was
   * chosen follows, as the next {@link TeamEvent.SpeakersSelected} or {@link
   * TeamEvent.SelectionProblem}.
   */
  private void selectorReply(TeamEvent.SelectorReply reply) {
    // The selector's stream is open from its first chunk until its reply (or its usage) ends it.
    boolean streamedIn = streams.containsKey(SELECTOR);
    endStream(SELECTOR);
    under(SELECTOR);
    endLine();
    if (!streamedIn && !reply.text().isEmpty()) {
      out.println(shown(reply.text()));
    }
    streamed = false;
  }

  private void message(AgentMessage message) {
    stopWaiting();
    String source = message.source();
    tally.message(message);
    endStream(source);
    boolean alreadyShown = streamed && source.equals(header);
    under(source);
    if (!alreadyShown && !(message instanceof AgentMessage.ToolCallSummary)) {
      endLine();
      out.println(shown(message.toText()));
    }
    endLine();
    if (message instanceof AgentMessage.Handoff handoff) {
      line(DIM, "  (hands off to " + shown(handoff.target()) + ")");
    }
    streamed = false;
  }

  /** Prints streamed text, already cleaned, as the current line. */
  private void print(String text) {
    if (text.isEmpty()) {
      return; // a piece that was all escape sequence: the line is as it was
    }
    out.print(text);
    out.flush();
    midLine = !text.endsWith("\n");
  }

  /** Ends {@code source}'s streamed text, if any: prints what its cleaner held back. */
  private void endStream(String source) {
    TerminalText stream = streams.remove(source);
    String rest = stream == null ? "" : stream.end();
    if (!rest.isEmpty()) {
      under(source);
      print(rest);
    }
  }

  /** Prints the agent's header unless its output is already the current block. */
  private void under(String source) {
    if (source.equals(header)) {
      return;
    }
    endLine();
    if (header != null) {
      out.println();
    }
    String title = "---------- " + shown(source) + " ----------";
    out.println(styled ? BOLD + colour(source) + title + RESET : title);
    header = source;
    streamed = false;
  }

  /** Prints a line of Cadre's words around outside text the caller has made {@link #shown}. */
  private void line(String style, String text) {
    out.println(styled ? style + text + RESET : text);
    out.flush();
  }

  /**
   * Outside text as it may be printed. Each piece is cleaned on its own, so an escape sequence that
   * never ends can hide nothing but the rest of its own piece, never the console's words after it.
   */
  /** A progress amount: 2 rather than 2.0. */
  private static String amount(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String shown(String outside) {
    return TerminalText.clean(outside);
  }

  private static String names(List<String> names) {
    return names.stream().map(Console::shown).collect(Collectors.joining(", "));
  }

  private void endLine() {
    clearIndicator();
    if (midLine) {
      out.println();
      midLine = false;
    }
  }

  private String colour(String name) {
    return colours.computeIfAbsent(
        name, n -> n.equals(USER) ? BOLD : PALETTE[colours.size() % PALETTE.length]);
  }

  private String shorten(String text) {
    String flat = shown(text).strip().replaceAll("\\s+", " ");
    if (flat.length() <= maxResultLength) {
      return flat;
    }
    // Never cut between the halves of a pair: a lone half would show as '?'.
    int cut =
        Character.isHighSurrogate(flat.charAt(maxResultLength - 1))
            ? maxResultLength - 1
            : maxResultLength;
    return flat.substring(0, cut) + "... (" + flat.length() + " chars)";
  }

  private void started() {
    if (startMillis < 0) {
      startMillis = clock.millis();
    }
  }

  /** A model call is probably starting: show the indicator (on a terminal). */
  private void waitFor(String who) {
    if (!styled) {
      return;
    }
    // An agent's name is outside text too: the indicator prints it on every frame.
    waitingFor = who == null ? "model" : shown(who);
    waitingSince = clock.millis();
    if (timer == null) {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread = new Thread(task, "cadre-console");
                // The indicator must never keep a finished program alive.
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
      timer = executor;
    }
    if (ticking == null) {
      ticking = timer.scheduleAtFixedRate(this::tick, 0, 100, TimeUnit.MILLISECONDS);
    }
  }

  /** Shows the indicator's next frame; the timer calls it (and a test, to be exact). */
  synchronized void tick() {
    if (waitingFor == null) {
      return;
    }
    if (midLine) {
      out.println();
      midLine = false;
    }
    double seconds = (clock.millis() - waitingSince) / 1000.0;
    out.print(
        String.format(
            Locale.ROOT,
            "%s%s%s %s thinking %.1fs%s",
            CLEAR_LINE,
            DIM,
            SPINNER[frame++ % SPINNER.length],
            waitingFor,
            seconds,
            RESET));
    out.flush();
    indicatorShown = true;
  }

  private void stopWaiting() {
    waitingFor = null;
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
    clearIndicator();
  }

  private void clearIndicator() {
    if (indicatorShown) {
      out.print(CLEAR_LINE);
      out.flush();
      indicatorShown = false;
    }
  }

  /** Options for a {@link Console}. */
  public static final class Builder {
    private final PrintStream out;
    private Boolean terminal;
    private Map<String, String> environment = System.getenv();
    private Clock clock = Clock.systemUTC();
    private int maxResultLength = 200;
    private Prices prices;

    private Builder(PrintStream out) {
      this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Whether the output is a terminal; by default, whether the JVM has a console ({@code
     * System.console() != null}).
     */
    public Builder terminal(boolean terminal) {
      this.terminal = terminal;
      return this;
    }

    /** The environment to read {@code NO_COLOR} from; the process's by default. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /** The clock for wall time and the indicator's elapsed time. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Tool arguments and results longer than this are cut short; 200 by default. */
    public Builder maxResultLength(int maxResultLength) {
      if (maxResultLength < 10) {
        throw new IllegalArgumentException(
            "maxResultLength must be at least 10, was " + maxResultLength);
      }
      this.maxResultLength = maxResultLength;
      return this;
    }

    /**
     * The price table that gives the summary a cost column, per agent and in total; without one
     * (the default) no cost is shown.
     */
    public Builder prices(Prices prices) {
      this.prices = prices;
      return this;
    }

    public Console build() {
      return new Console(this);
    }
  }
}
