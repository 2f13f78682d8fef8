package dev.cadre.present;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Unicode;
import dev.cadre.model.Prices;
import dev.cadre.present.ReportEntry.Ledger;
import dev.cadre.present.ReportEntry.Note;
import dev.cadre.present.ReportEntry.Turn;
import dev.cadre.team.EventLog;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records a team's run and writes it as one self-contained HTML file that works offline (a style
 * element and inline SVG, no script, nothing from the network, a Content-Security-Policy that
 * allows nothing else): the team's graph drawn from the Mermaid diagram the processor wrote ({@code
 * #graph svg}), a timeline of each agent's turns ({@code #timeline .bar}), tokens and time per
 * agent ({@code #report-agents}) and per turn, and every message, tool call and result, expandable
 * ({@code #report-transcript details}). All text is escaped, so model output cannot inject markup,
 * and a lone surrogate in it (which has no UTF-8 form) is written as U+FFFD. {@link #fragment()}
 * gives the same report as a piece of another page (the studio's) with its stylesheet.
 *
 * <p>The numbers are the console's, counted the same way: a turn is a participant's answer to the
 * team. An agent's entry runs from the moment it is chosen to speak (or first reports work) to its
 * message; one whose run failed is marked, and the error is shown once, as the stop reason. A
 * {@link ModelSelector}'s model calls have a lane of their own, {@code selector}: each call runs
 * from when the selector was asked (the run's last event before it) to its usage, shows the
 * selector's reply when it streams, and counts tokens and time but no turn. An inner team's members
 * (whose work reaches the team as their host's activity) get entries that end with their inner
 * message, which the host's turn shows. A Magentic-One orchestrator's ledgers are in the transcript
 * where they were written: the task ledger's facts and plan (and each re-plan's reason), and each
 * progress ledger's answers with the model's reasons. Pass the report as a team's listener, alone
 * or with {@code console.andThen(report)}; it is safe for the concurrent events of a graph's
 * parallel branches.
 */
public final class RunReport implements Consumer<TeamEvent> {

  private static final String USER = "user";
  private static final String SELECTOR = ReportEntry.SELECTOR;

  private final Clock clock;
  private final String title;
  private final String diagram;

  // Guarded by this.
  private final List<ReportEntry> entries = new ArrayList<>();
  private final Prices prices;
  private final Map<String, Turn> open = new LinkedHashMap<>();
  private final ReportColours colours = new ReportColours();
  private final RunTally tally;
  private long startMillis = -1;
  private long endMillis = -1;
  // When the run last reported something: a selector's call starts then, as it is asked at once.
  private long lastMillis = -1;
  private TaskResult result;

  private RunReport(Builder builder) {
    this.clock = builder.clock;
    this.prices = builder.prices;
    this.title = builder.title;
    this.diagram = builder.diagram;
    this.tally = new RunTally(builder.prices);
  }

  /** Starts a report. */
  public static Builder builder() {
    return new Builder();
  }

  /** Records one event of the run at the clock's current time. */
  @Override
  public synchronized void accept(TeamEvent event) {
    long now = clock.millis();
    if (startMillis < 0) {
      startMillis = now;
    }
    if (event instanceof TeamEvent.Message message) {
      AgentMessage m = message.message();
      tally.message(m);
      if (m.source().equals(USER)) {
        entries.add(new Note(now, "task", USER, m.toText()));
      } else {
        Turn turn = turn(m.source(), now);
        turn.message = m;
        turn.end = now;
        open.remove(m.source());
      }
    } else if (event instanceof TeamEvent.Activity activity) {
      AgentEvent e = activity.event();
      if (!(e instanceof AgentEvent.Answered)) {
        tally.activity(e);
        turn(e.source(), now).add(e, now, prices);
        ended(e, now);
      }
    } else if (event instanceof TeamEvent.SelectorReply reply) {
      turn(SELECTOR, now).reply = reply.text();
    } else if (event instanceof TeamEvent.SpeakersSelected selected) {
      chosen(now);
      entries.add(
          new Note(now, "selection", null, "next: " + String.join(", ", selected.speakers())));
      for (String speaker : selected.speakers()) {
        turn(speaker, now);
      }
    } else if (event instanceof TeamEvent.TaskLedgerWritten
        || event instanceof TeamEvent.ProgressLedgerWritten) {
      entries.add(new Ledger(now, event));
    } else if (event instanceof TeamEvent.SelectionProblem problem) {
      chosen(now);
      entries.add(
          new Note(
              now,
              "problem",
              null,
              "choosing a speaker: "
                  + problem.problem()
                  + (problem.fallback() == null ? "" : "; falling back to " + problem.fallback())));
    } else if (event instanceof TeamEvent.Finished finished) {
      result = finished.result();
      endMillis = now;
      if (result.stop().kind() == StopReason.Kind.FAILED && result.stop().source() != null) {
        // "team/participant" when a participant of a team that takes part failed: the team's turn.
        String source = result.stop().source();
        Turn failed =
            open.get(source.contains("/") ? source.substring(0, source.indexOf('/')) : source);
        if (failed != null) {
          failed.failed = true;
        }
      }
      for (Turn turn : open.values()) {
        turn.end = now;
      }
      open.clear();
    }
    lastMillis = now;
  }

  /**
   * Ends the work an agent event closes that no team message will: a selector's model call ends
   * with its usage (an inner team's selector is never followed by a choice this team hears), and an
   * inner team member's work ends with its message, which reaches this team as its host's inner
   * message.
   */
  private void ended(AgentEvent event, long now) {
    String done = null;
    if (event instanceof AgentEvent.ModelUsage && event.source().equals(SELECTOR)) {
      done = SELECTOR;
    } else if (event instanceof AgentEvent.InnerMessage inner
        && !inner.message().source().equals(event.source())) {
      done = inner.message().source();
    }
    Turn turn = done == null ? null : open.remove(done);
    if (turn != null) {
      turn.end = now;
      if (!done.equals(SELECTOR)) {
        // Its message is shown in the host's turn, as an inner message: once is enough.
        turn.within = event.source();
      }
    }
  }

  /**
   * Ends the selector's work on a choice (or a problem, after which it asks again): its model
   * calls, streamed text and reply form one entry of the selector's lane.
   */
  private void chosen(long now) {
    Turn selecting = open.remove(SELECTOR);
    if (selecting != null) {
      selecting.end = now;
    }
  }

  /**
   * The report of the run logged in {@code file} (an {@link EventLog}): its team events fed to a
   * report built by {@code report}, each at its logged time (the builder's clock is replaced), as
   * if the report had listened to the run itself.
   *
   * @throws IOException if the log cannot be read or a line is not an event
   */
  public static RunReport fromLog(Path file, Builder report) throws IOException {
    LoggedTime time = new LoggedTime();
    RunReport rebuilt = report.clock(time).build();
    EventLog.replay(
        file,
        new EventLog.Reader() {
          @Override
          public void team(Instant at, TeamEvent event) {
            time.now = at;
            rebuilt.accept(event);
          }
        });
    return rebuilt;
  }

  /** A clock that reads the time of the log entry being replayed. */
  private static final class LoggedTime extends Clock {
    Instant now = Instant.EPOCH;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Writes {@link #html()} to {@code file} in UTF-8, replacing it. */
  public void write(Path file) throws IOException {
    Files.writeString(file, html(), StandardCharsets.UTF_8);
  }

  /**
   * The report so far as a complete HTML document, well-formed text throughout; unfinished turns
   * end now. The page holds {@link #fragment()}'s body and stylesheet and no script, and says so
   * itself: its Content-Security-Policy allows its one stylesheet (by hash) and nothing else, so a
   * browser would run no script and fetch nothing even if some text ever slipped past escaping.
   */
  public synchronized String html() {
    Fragment fragment = fragment();
    String css = "body{margin:0}" + fragment.css();
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '"
        + sha256(css)
        + "'; img-src data:; base-uri 'none'; form-action 'none'\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + Unicode.wellFormed(Html.escape(title))
        + "</title><style>"
        + css
        + "</style></head><body>\n"
        + fragment.body()
        + "</body></html>\n";
  }

  /** The CSP source that allows exactly the style element holding {@code css}. */
  private static String sha256(String css) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The report so far as a piece of a page, for a page that shows a finished (or running) run among
   * other things, such as the studio: {@code body} goes inside an element of the page and {@code
   * css} is its stylesheet, to serve as a file or put in a {@code <style>} element. The body has no
   * script, no inline style and no event handler, so it shows under a strict
   * Content-Security-Policy ({@code default-src 'self'}) when its stylesheet is served from the
   * page's own origin; the stylesheet's rules apply only inside {@code .cadre-run}. Its ids that a
   * page such as the studio's has too are prefixed ({@code report-agents}, {@code
   * report-transcript}, the graph's arrowhead {@code report-arrow}), so that none is repeated.
   *
   * @param body the report's HTML: one {@code <div class="cadre-run">} element, every piece of text
   *     from the run escaped
   * @param css the stylesheet: the report's look and this run's bar positions and colours
   */
  public record Fragment(String body, String css) {
    /** Checks the components. */
    public Fragment {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(css, "css");
    }
  }

  /** The report so far as a {@link Fragment}; unfinished turns end now. */
  public synchronized Fragment fragment() {
    long now = clock.millis();
    long start = startMillis < 0 ? now : startMillis;
    long end = endMillis < 0 ? now : endMillis;
    long span = Math.max(1, end - start);
    List<Turn> all = new ArrayList<>();
    for (ReportEntry entry : entries) {
      if (entry instanceof Turn turn) {
        all.add(turn);
      }
    }
    Turn.number(all);
    StringBuilder css = new StringBuilder(ReportStyle.SHEET);
    colours.appendRules(css);

    StringBuilder out = new StringBuilder(16_384);
    out.append("<div class=\"cadre-run\">");
    out.append("<header><h1>").append(Html.escape(title)).append("</h1>");
    RunTally.Tally total = tally.total();
    out.append("<p id=\"summary\">");
    Turn failed = failedTurn(all);
    if (result == null) {
      out.append("<span class=\"status running\">not finished</span>");
    } else if (result.stop().kind() == StopReason.Kind.FAILED) {
      // The error itself is the stop reason, shown once just after.
      out.append("<span class=\"status failed\">failed</span> in ");
      if (failed != null) {
        out.append("<a href=\"#").append(failed.id).append("\">");
      }
      out.append("<span class=\"failed-in\">")
          .append(Html.escape(result.stop().source()))
          .append("</span>");
      if (failed != null) {
        out.append("</a>");
      }
    } else {
      out.append("<span class=\"status ok\">")
          .append(Html.escape(result.paused() ? "paused" : "finished"))
          .append("</span>");
    }
    if (result != null) {
      out.append(" · stop reason: <span class=\"stop-reason\">")
          .append(Html.escape(StopText.shown(result.stopReason())))
          .append("</span>");
    }
    out.append(
        String.format(
            Locale.ROOT,
            " · wall time %s · %d turns · %d tool calls · %d tokens in, %d out",
            TimeAxis.duration(end - start),
            total.turns,
            total.toolCalls,
            total.usage.inputTokens(),
            total.usage.outputTokens()));
    if (prices != null) {
      out.append(" · cost <span class=\"cost\">").append(total.cost.shown()).append("</span>");
    }
    out.append("</p></header>\n");

    if (diagram != null) {
      graph(out);
    }
    TimelineHtml.write(out, css, all, colours, start, span);
    AgentTableHtml.write(out, all, tally, colours, prices != null, end, end - start);
    TranscriptHtml.write(out, entries, colours, prices != null, start, end);
    out.append("</div>\n");
    // Last, over the whole page: a pair split across two streamed pieces is whole again by now.
    return new Fragment(Unicode.wellFormed(out.toString()), css.toString());
  }

  /** The turn the run failed in, if the failure names an agent with a turn. */
  private Turn failedTurn(List<Turn> all) {
    for (Turn turn : all) {
      if (turn.failed) {
        return turn;
      }
    }
    return null;
  }

  private void graph(StringBuilder out) {
    MermaidGraph graph = MermaidGraph.parse(diagram);
    out.append("<section id=\"graph\"><h2>Team</h2>");
    if (graph.nodes().isEmpty()) {
      out.append("<p class=\"note\">The diagram has no nodes this report can draw.</p>");
    } else {
      out.append("<div class=\"graph-box\">")
          .append(graph.svg(colours.byAgent(), "report-arrow"))
          .append("</div>");
      if (graph.skipped() > 0) {
        out.append("<p class=\"note\">")
            .append(graph.skipped())
            .append(" line(s) of the diagram are not drawn.</p>");
      }
    }
    out.append("<details class=\"source\"><summary>Mermaid source</summary><pre>")
        .append(Html.escape(diagram))
        .append("</pre></details></section>\n");
  }

  /** The agent's open turn, or a new one starting {@code now}. */
  private Turn turn(String agent, long now) {
    Turn turn = open.get(agent);
    if (turn == null) {
      colours.assign(agent);
      // The selector was asked when the run last reported, not when its first piece arrived.
      long start = agent.equals(SELECTOR) && lastMillis >= 0 ? lastMillis : now;
      turn = new Turn(agent, start);
      open.put(agent, turn);
      entries.add(turn);
    }
    return turn;
  }

  /** Options for a {@link RunReport}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String title = "Cadre run";
    private String diagram;
    private Prices prices;

    private Builder() {}

    /** The clock that timestamps events; the system's by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The report's heading and page title. */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /**
     * The team's Mermaid flowchart, as the processor writes to {@code META-INF/cadre/<qualified
     * name>.mmd}; null (the default) leaves the graph out.
     */
    public Builder diagram(String diagram) {
      this.diagram = diagram;
      return this;
    }

    /**
     * The graph of {@code team}, derived from the team itself ({@link TeamDiagram}): for a team
     * built with the DSL or by hand, which has no diagram from the processor.
     */
    public Builder diagram(Team team) {
      return diagram(TeamDiagram.of(team));
    }

    /**
     * The price table that adds a cost to each turn, each agent and the run; without one (the
     * default) no cost is shown.
     */
    public Builder prices(Prices prices) {
      this.prices = prices;
      return this;
    }

    public RunReport build() {
      return new RunReport(this);
    }
  }
}
