package dev.cadre.present;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Json;
import dev.cadre.core.Unicode;
import dev.cadre.model.Cost;
import dev.cadre.model.Prices;
import dev.cadre.model.Usage;
import dev.cadre.team.EventLog;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.ProgressLedger;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
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
 * agent ({@code #agents}) and per turn, and every message, tool call and result, expandable ({@code
 * #transcript details}). All text is escaped, so model output cannot inject markup, and a lone
 * surrogate in it (which has no UTF-8 form) is written as U+FFFD. {@link #fragment()} gives the
 * same report as a piece of another page (the studio's) with its stylesheet.
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
 * or with {@code console.andThen(report)}; it is safe for the concurrent events of a graph's parallel branches.
 */
public final class RunReport implements Consumer<TeamEvent> {

  private static final String USER = "user";
  private static final String SELECTOR = ModelSelector.USAGE_SOURCE;
  private static final String[] PALETTE = {
    "#8ecae6", "#ffb703", "#b5e48c", "#f4a6c6", "#cdb4db", "#f8961e", "#90be6d", "#a8dadc",
    "#ffd6a5", "#bde0fe", "#e9c46a", "#caffbf"
  };

  private final Clock clock;
  private final String title;
  private final String diagram;

  // Guarded by this.
  private final List<Object> entries = new ArrayList<>();
  private final Prices prices;
  private final Map<String, Turn> open = new LinkedHashMap<>();
  private final Map<String, String> colours = new LinkedHashMap<>();
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
        activity(turn(e.source(), now), e, now);
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
   * page's own origin; the stylesheet's rules apply only inside {@code .cadre-run}.
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
    for (Object entry : entries) {
      if (entry instanceof Turn turn) {
        all.add(turn);
      }
    }
    numberTurns(all);
    StringBuilder css = new StringBuilder(CSS);
    int index = 0;
    for (String colour : colours.values()) {
      css.append(String.format(Locale.ROOT, ".cadre-run .c%d{background:%s}", index++, colour));
    }

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
    timeline(out, css, all, start, span);
    agents(out, all, total, end, end - start);
    transcript(out, start, end);
    out.append("</div>\n");
    // Last, over the whole page: a pair split across two streamed pieces is whole again by now.
    return new Fragment(Unicode.wellFormed(out.toString()), css.toString());
  }

  /**
   * Gives each entry its id and label: an agent's answered turns are numbered as the tally counts
   * them (the team's turns), the selector's model calls apart, and work that answered the team
   * nothing (an inner team's member, a turn cut short) apart again.
   */
  private static void numberTurns(List<Turn> all) {
    int turns = 0;
    int calls = 0;
    int work = 0;
    for (Turn turn : all) {
      if (turn.selection()) {
        turn.id = "selection-" + ++calls;
        turn.label = "choosing who speaks next (call " + calls + ")";
      } else if (turn.message != null) {
        turn.id = "turn-" + ++turns;
        turn.label = "turn " + turns;
      } else {
        turn.id = "work-" + ++work;
        turn.label =
            turn.within != null
                ? "work inside " + turn.within
                : turn.end < 0 && !turn.failed ? "unfinished" : "no answer";
      }
    }
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
      out.append("<div class=\"graph-box\">").append(graph.svg(colours)).append("</div>");
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

  private void timeline(
      StringBuilder out, StringBuilder css, List<Turn> all, long start, long span) {
    out.append("<section id=\"timeline\"><h2>Timeline</h2><div class=\"lanes\">");
    for (Map.Entry<String, String> agent : colours.entrySet()) {
      out.append("<div class=\"lane\" data-agent=\"")
          .append(Html.escape(agent.getKey()))
          .append("\"><div class=\"lane-name\">")
          .append(Html.escape(agent.getKey()))
          .append("</div><div class=\"track\">");
      for (Turn turn : all) {
        if (!turn.agent.equals(agent.getKey())) {
          continue;
        }
        long end = endOf(turn, start + span);
        css.append(
            String.format(
                Locale.ROOT,
                ".cadre-run #bar-%s{left:%.3f%%;width:%.3f%%;background:%s}",
                turn.id,
                100.0 * (turn.start - start) / span,
                100.0 * (end - turn.start) / span,
                agent.getValue()));
        out.append("<a class=\"bar")
            .append(turn.failed ? " failed" : "")
            .append("\" href=\"#")
            .append(turn.id)
            .append("\" id=\"bar-")
            .append(turn.id)
            .append("\" title=\"")
            .append(
                Html.escape(
                    String.format(
                        Locale.ROOT,
                        "%s, %s: %s, %d tokens in, %d out, %d tool calls",
                        turn.agent,
                        turn.label,
                        TimeAxis.duration(end - turn.start),
                        turn.usage.inputTokens(),
                        turn.usage.outputTokens(),
                        turn.toolCalls)))
            .append("\"></a>");
      }
      out.append("</div></div>");
    }
    out.append("<div class=\"axis\"><div class=\"lane-name\"></div><div class=\"ticks\">");
    int n = 0;
    for (TimeAxis.Tick tick : TimeAxis.ticks(span)) {
      css.append(String.format(Locale.ROOT, ".cadre-run #tick-%d{left:%.3f%%}", n, tick.percent()));
      out.append("<span id=\"tick-")
          .append(n++)
          .append("\">")
          .append(tick.label())
          .append("</span>");
    }
    out.append("</div></div></div></section>\n");
  }

  private void agents(
      StringBuilder out, List<Turn> all, RunTally.Tally total, long end, long wall) {
    out.append(
        "<section id=\"agents\"><h2>Agents</h2><div class=\"table-box\"><table><thead><tr>"
            + "<th>agent</th><th>turns</th><th>tool calls</th><th>tokens in</th>"
            + "<th>tokens out</th><th>time in turns</th>"
            + (prices == null ? "" : "<th>cost</th>")
            + "</tr></thead><tbody>");
    for (String agent : colours.keySet()) {
      long millis = 0;
      for (Turn turn : all) {
        if (turn.agent.equals(agent)) {
          millis += endOf(turn, end) - turn.start;
        }
      }
      out.append("<tr data-agent=\"")
          .append(Html.escape(agent))
          .append("\"><td><span class=\"swatch ")
          .append(colourClass(agent))
          .append("\"></span>")
          .append(Html.escape(agent))
          .append("</td>")
          .append(cells(tally.get(agent), TimeAxis.duration(millis)))
          .append("</tr>");
    }
    out.append("</tbody><tfoot><tr><td>total</td>")
        .append(cells(total, "wall " + TimeAxis.duration(wall)))
        .append("</tr></tfoot></table></div></section>\n");
  }

  private String cells(RunTally.Tally tally, String time) {
    return String.format(
            Locale.ROOT,
            "<td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td>",
            tally.turns,
            tally.toolCalls,
            tally.usage.inputTokens(),
            tally.usage.outputTokens(),
            time)
        + (prices == null ? "" : "<td>" + tally.cost.shown() + "</td>");
  }

  /** The class that gives an agent's swatch and bars its colour. */
  private String colourClass(String agent) {
    int index = 0;
    for (String name : colours.keySet()) {
      if (name.equals(agent)) {
        return "c" + index;
      }
      index++;
    }
    return "";
  }

  private void transcript(StringBuilder out, long start, long end) {
    out.append("<section id=\"transcript\"><h2>Transcript</h2>");
    for (Object entry : entries) {
      if (entry instanceof Note note) {
        out.append("<div class=\"note ")
            .append(note.kind)
            .append("\"><span class=\"at\">")
            .append(TimeAxis.duration(note.at - start))
            .append("</span> ");
        if (note.kind.equals("task")) {
          out.append("<details class=\"message\" open><summary>user</summary><pre>")
              .append(Html.escape(note.text))
              .append("</pre></details>");
        } else {
          out.append(Html.escape(note.text));
        }
        out.append("</div>");
      } else if (entry instanceof Ledger ledger) {
        out.append("<div class=\"note ledger\"><span class=\"at\">")
            .append(TimeAxis.duration(ledger.at - start))
            .append("</span> ");
        if (ledger.event instanceof TeamEvent.TaskLedgerWritten task) {
          taskLedger(out, task);
        } else {
          progressLedger(out, (TeamEvent.ProgressLedgerWritten) ledger.event);
        }
        out.append("</div>");
      } else {
        turn(out, (Turn) entry, start, end);
      }
    }
    out.append("</section>\n");
  }

  /** A Magentic-One task ledger, open: the facts and the plan, and why a re-plan was made. */
  private static void taskLedger(StringBuilder out, TeamEvent.TaskLedgerWritten ledger) {
    out.append("<details class=\"ledger task\" open><summary>")
        .append(
            ledger.replan() == 0
                ? "task ledger: facts and plan"
                : "re-plan " + ledger.replan() + ": " + Html.escape(ledger.reason()))
        .append("</summary><h3>Facts</h3><pre>")
        .append(Html.escape(ledger.facts()))
        .append("</pre><h3>Plan</h3><pre>")
        .append(Html.escape(ledger.plan()))
        .append("</pre></details>");
  }

  /**
   * A Magentic-One progress ledger: its answers on the summary line, as the console prints them,
   * and each answer with the model's reason in a table.
   */
  private static void progressLedger(StringBuilder out, TeamEvent.ProgressLedgerWritten progress) {
    ProgressLedger ledger = progress.ledger();
    out.append("<details class=\"ledger progress\"><summary>")
        .append(LedgerText.progress(progress, Html::escape))
        .append("</summary><table class=\"ledger\"><thead><tr><th>question</th><th>answer</th>")
        .append("<th>reason</th></tr></thead><tbody>");
    verdictRow(out, "request satisfied?", ledger.requestSatisfied());
    verdictRow(out, "in a loop?", ledger.inLoop());
    verdictRow(out, "progress being made?", ledger.progressBeingMade());
    ledgerRow(out, "next speaker", ledger.nextSpeaker().answer(), ledger.nextSpeaker().reason());
    ledgerRow(out, "instruction", ledger.instruction().answer(), ledger.instruction().reason());
    out.append("</tbody></table></details>");
  }

  private static void verdictRow(
      StringBuilder out, String question, ProgressLedger.Verdict verdict) {
    ledgerRow(out, question, LedgerText.yesNo(verdict.answer()), verdict.reason());
  }

  private static void ledgerRow(StringBuilder out, String question, String answer, String reason) {
    out.append("<tr><td>")
        .append(question)
        .append("</td><td>")
        .append(Html.escape(answer))
        .append("</td><td>")
        .append(Html.escape(reason))
        .append("</td></tr>");
  }

  private void turn(StringBuilder out, Turn turn, long start, long end) {
    long stop = endOf(turn, end);
    out.append("<details class=\"turn")
        .append(turn.failed ? " failed" : "")
        .append("\" id=\"")
        .append(turn.id)
        .append("\" data-agent=\"")
        .append(Html.escape(turn.agent))
        .append("\" open><summary><span class=\"swatch ")
        .append(colourClass(turn.agent))
        .append("\"></span><b>")
        .append(Html.escape(turn.agent))
        .append("</b> ")
        .append(turn.failed ? "<span class=\"failed-mark\">✗ failed</span> " : "")
        .append(
            String.format(
                Locale.ROOT,
                "%s · at %s · <span class=\"duration\">%s</span> · "
                    + "<span class=\"tokens\">%d in, %d out</span> · %d tool calls",
                Html.escape(turn.label),
                TimeAxis.duration(turn.start - start),
                TimeAxis.duration(stop - turn.start),
                turn.usage.inputTokens(),
                turn.usage.outputTokens(),
                turn.toolCalls))
        .append(
            prices == null ? "" : " · <span class=\"cost\">cost " + turn.cost.shown() + "</span>")
        .append("</summary>");
    for (Item item : turn.items) {
      out.append("<details class=\"")
          .append(item.kind)
          .append(item.error ? " error" : "")
          .append("\"><summary><span class=\"at\">")
          .append(TimeAxis.duration(item.at - start))
          .append("</span> ")
          .append(Html.escape(item.title))
          .append("</summary><pre>")
          .append(Html.escape(item.body))
          .append("</pre></details>");
    }
    String text =
        turn.message != null
            ? turn.message.toText()
            : turn.reply != null ? turn.reply : turn.within != null ? "" : turn.streamed.toString();
    if (turn.message instanceof AgentMessage.Handoff handoff) {
      text += "\n\n(hands off to " + handoff.target() + ")";
    }
    if (!text.isEmpty() && !(turn.message instanceof AgentMessage.ToolCallSummary)) {
      out.append("<details class=\"message\" open><summary>")
          .append(
              turn.message != null
                  ? "message"
                  : turn.reply != null ? "reply" : "streamed text (no final message)")
          .append("</summary><pre>")
          .append(Html.escape(text))
          .append("</pre></details>");
    }
    out.append("</details>");
  }

  private void activity(Turn turn, AgentEvent event, long now) {
    if (event instanceof AgentEvent.TextChunk chunk) {
      turn.streamed.append(chunk.text());
    } else if (event instanceof AgentEvent.ToolCallsRequested requested) {
      turn.toolCalls += requested.calls().size();
      for (ToolCall call : requested.calls()) {
        turn.items.add(
            new Item(
                now,
                "tool-call",
                "→ " + call.name() + " (" + call.id() + ")",
                pretty(call.arguments()),
                false));
      }
    } else if (event instanceof AgentEvent.ToolCallsExecuted executed) {
      for (ToolResult r : executed.results()) {
        turn.items.add(
            new Item(
                now,
                "tool-result",
                "← " + r.name() + (r.error() ? " failed" : "") + " (" + r.callId() + ")",
                r.content(),
                r.error()));
      }
    } else if (event instanceof AgentEvent.Reasoned reasoned) {
      turn.items.add(new Item(now, "reasoning", "reasoning", reasoned.text(), false));
    } else if (event instanceof AgentEvent.ModelUsage usage) {
      turn.usage = turn.usage.plus(usage.usage());
      if (prices != null) {
        turn.cost = turn.cost.plus(Cost.of(prices, usage.model(), usage.usage()));
      }
    } else if (event instanceof AgentEvent.MemoryQueried memory) {
      StringBuilder body = new StringBuilder();
      memory.results().forEach(r -> body.append(r).append('\n'));
      turn.items.add(
          new Item(
              now,
              "memory",
              "recalled " + memory.results().size() + " from " + memory.memory(),
              body.toString(),
              false));
    } else if (event instanceof AgentEvent.InputRequested input) {
      turn.items.add(new Item(now, "input", "asks a person", input.prompt(), false));
    } else if (event instanceof AgentEvent.InnerMessage inner) {
      turn.items.add(
          new Item(
              now,
              "inner",
              "inner message from " + inner.message().source(),
              inner.message().toText(),
              false));
    } else if (event instanceof AgentEvent.ApprovalRequested approval) {
      turn.items.add(
          new Item(
              now,
              "approval",
              "asks approval for " + approval.call().name(),
              pretty(approval.call().arguments()),
              false));
    } else if (event instanceof AgentEvent.ApprovalDecided decided) {
      turn.items.add(
          new Item(
              now,
              "approval",
              decided.call().name() + (decided.approved() ? " approved" : " refused"),
              decided.reason() == null ? "" : decided.reason(),
              !decided.approved()));
    }
  }

  /** The agent's open turn, or a new one starting {@code now}. */
  private Turn turn(String agent, long now) {
    Turn turn = open.get(agent);
    if (turn == null) {
      colours.computeIfAbsent(agent, a -> PALETTE[colours.size() % PALETTE.length]);
      // The selector was asked when the run last reported, not when its first piece arrived.
      long start = agent.equals(SELECTOR) && lastMillis >= 0 ? lastMillis : now;
      turn = new Turn(agent, start);
      open.put(agent, turn);
      entries.add(turn);
    }
    return turn;
  }

  private static long endOf(Turn turn, long fallback) {
    return turn.end < 0 ? fallback : turn.end;
  }

  private static String pretty(String json) {
    if (json == null || json.isBlank()) {
      return "";
    }
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Json.parse(json));
    } catch (RuntimeException | IOException e) {
      // Models do send broken arguments: show them as they came.
      return json;
    }
  }

  private static final class Turn {
    final String agent;
    final long start;
    long end = -1;
    Usage usage = Usage.ZERO;
    Cost cost = Cost.ZERO;
    int toolCalls;
    final List<Item> items = new ArrayList<>();
    final StringBuilder streamed = new StringBuilder();
    AgentMessage message;
    // The selector's whole reply, when it streams: what it answered when asked who speaks next.
    String reply;
    // The run failed while this turn was under way.
    boolean failed;
    // The agent that hosts this inner team member's work, once its message came as an inner one.
    String within;
    // Given when the report is drawn (numberTurns).
    String id;
    String label;

    Turn(String agent, long start) {
      this.agent = agent;
      this.start = start;
    }

    /** Whether this is the selector choosing who speaks next rather than an agent's turn. */
    boolean selection() {
      return agent.equals(SELECTOR);
    }
  }

  private record Item(long at, String kind, String title, String body, boolean error) {}

  private record Note(long at, String kind, String agent, String text) {}

  /** A Magentic-One orchestrator's task or progress ledger, as its event gave it. */
  private record Ledger(long at, TeamEvent event) {}

  /**
   * The report's look, every rule inside {@code .cadre-run} so that a page holding the fragment
   * keeps its own. It stays readable at 420 px: the graph and the agents' table scroll sideways in
   * their own boxes, and long words (names, URLs) wrap rather than widen the page.
   */
  private static final String CSS =
      ".cadre-run{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;"
          + "color:#222;background:#fff;overflow-wrap:anywhere;min-width:0}"
          + ".cadre-run h1{font-size:20px;margin:0 0 4px}"
          + ".cadre-run h2{font-size:16px;margin:24px 0 8px}"
          + ".cadre-run .status.ok{color:#2a7d2a}.cadre-run .status.failed{color:#b00020}"
          + ".cadre-run .status.running{color:#a66}"
          + ".cadre-run .graph-box,.cadre-run .table-box{overflow-x:auto;max-width:100%}"
          + ".cadre-run .team-graph text{font-size:12px;fill:#222}"
          + ".cadre-run .team-graph .edge path{fill:none;stroke:#555;stroke-width:1.4}"
          + ".cadre-run .team-graph .edge.dotted path{stroke-dasharray:5 4}"
          + ".cadre-run .team-graph .edge text{fill:#444;font-size:11px;paint-order:stroke;"
          + "stroke:#fff;stroke-width:3px}"
          + ".cadre-run .lanes{border:1px solid #ddd;padding:8px;border-radius:4px}"
          + ".cadre-run .lane,.cadre-run .axis{display:flex;align-items:center;height:26px}"
          + ".cadre-run .lane-name{width:140px;flex:none;overflow:hidden;text-overflow:ellipsis;"
          + "white-space:nowrap;font-size:12px}"
          + ".cadre-run .track,.cadre-run .ticks{position:relative;flex:1;min-width:0;height:18px}"
          + ".cadre-run .track{background:#f6f6f6;border-radius:3px}"
          + ".cadre-run .bar{position:absolute;top:0;height:18px;min-width:3px;border-radius:3px;"
          + "box-shadow:inset 0 0 0 1px rgba(0,0,0,.25)}"
          + ".cadre-run .bar.failed{box-shadow:inset 0 0 0 2px #b00020}"
          + ".cadre-run .ticks span{position:absolute;font-size:11px;color:#666;"
          + "transform:translateX(-50%);white-space:nowrap}"
          + ".cadre-run table{border-collapse:collapse}"
          + ".cadre-run td,.cadre-run th{border:1px solid #ddd;padding:3px 8px;text-align:right;"
          + "overflow-wrap:normal}"
          + ".cadre-run td:first-child,.cadre-run th:first-child{text-align:left;"
          + "overflow-wrap:anywhere}"
          + ".cadre-run tfoot{font-weight:600}"
          + ".cadre-run .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;"
          + "margin-right:6px;border:1px solid rgba(0,0,0,.3)}"
          + ".cadre-run details{margin:4px 0}.cadre-run details.turn{border:1px solid #ddd;"
          + "border-radius:4px;padding:4px 8px}.cadre-run details.turn.failed{border-color:#b00020}"
          + ".cadre-run .failed-mark{color:#b00020;font-weight:600}"
          + ".cadre-run details details{margin-left:16px}.cadre-run summary{cursor:pointer}"
          + ".cadre-run pre{white-space:pre-wrap;word-break:break-word;background:#fafafa;"
          + "margin:4px 0;padding:6px;border-radius:3px;max-height:30em;overflow:auto}"
          + ".cadre-run .error>summary{color:#b00020}.cadre-run .at{color:#888;font-size:12px}"
          + ".cadre-run div.note{margin:6px 0;color:#555}.cadre-run .note.problem{color:#b06000}"
          + ".cadre-run table.ledger td{text-align:left;vertical-align:top}"
          + ".cadre-run details.ledger h3{font-size:13px;margin:6px 0 0}"
          + "@media (max-width:560px){.cadre-run{margin:12px}"
          + ".cadre-run .lane-name{width:72px}"
          + ".cadre-run td,.cadre-run th{padding:2px 4px}"
          + ".cadre-run details details{margin-left:6px}}";

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
