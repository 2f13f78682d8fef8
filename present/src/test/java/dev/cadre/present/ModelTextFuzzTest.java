package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Unicode;
import dev.cadre.event.TerminalEscapes;
import dev.cadre.event.TerminalText;
import dev.cadre.model.Usage;
import dev.cadre.team.EventLog;
import dev.cadre.team.EventLogTest;
import dev.cadre.team.ManualClock;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model text made of control characters, escape sequences (whole, cut and nested), surrogates
 * (paired and lone) and ordinary text, a fixed set of cases from a fixed seed, through everything
 * that shows or stores it: the console on and off a terminal, the event log and the report.
 */
@Timeout(60)
class ModelTextFuzzTest {

  private static final int CASES = 300;
  private static final long SEED = 15;

  /** What the texts are made of: controls, pieces of sequences, surrogates, plain text. */
  private static final List<String> ATOMS = atoms();

  @TempDir Path dir;

  private static List<String> atoms() {
    List<String> atoms =
        new ArrayList<>(
            List.of(
                "a", "Z", "word ", " ", "\n", "\t", "\r", "\r\n", "\u001b", "[", "]", ";", "0",
                "8", "m", "?", "\\", "P", "_", "^", "(", "\u0007", "\u0000", "\b", "\u000b",
                "\u007f", "\u0085", "\u009b", "\u009c", "\u009d", "\u0090", "\u202e", "\u2067",
                "\u2069", "\ud83d", "\ude00", "\ud83d\ude00", "ü", "é", "\ufffd", "{", "\"", "}"));
    for (TerminalEscapes.Entry entry : TerminalEscapes.CORPUS) {
      atoms.add(entry.hostile());
    }
    return List.copyOf(atoms);
  }

  /** The cases: texts of 1 to 40 atoms. */
  private static List<String> texts() {
    Random random = new Random(SEED);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      StringBuilder text = new StringBuilder();
      int atoms = 1 + random.nextInt(40);
      for (int j = 0; j < atoms; j++) {
        text.append(ATOMS.get(random.nextInt(ATOMS.size())));
      }
      texts.add(text.toString());
    }
    return texts;
  }

  /** {@code text} in pieces cut at random places, halves of pairs included. */
  private static List<String> pieces(String text, Random random) {
    List<String> pieces = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int next = Math.min(text.length(), at + 1 + random.nextInt(6));
      pieces.add(text.substring(at, next));
      at = next;
    }
    return pieces;
  }

  @Test
  void theConsoleNeverPrintsAControlAndStreamedTextShowsAsTheWhole() {
    Random random = new Random(SEED + 1);
    Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    for (String text : texts()) {
      for (boolean terminal : new boolean[] {false, true}) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Console console =
            Console.builder(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .terminal(terminal)
                .environment(Map.of())
                .clock(fixed)
                .maxResultLength(100_000)
                .build()) {
          for (String piece : pieces(text, random)) {
            console.agent(new AgentEvent.TextChunk("a", piece));
          }
          console.agent(
              new AgentEvent.Answered("a", new AgentMessage.Text("a", text), Usage.ZERO));
          console.agent(
              new AgentEvent.ToolCallsRequested("a", List.of(new ToolCall("c", text, text))));
          console.agent(
              new AgentEvent.ToolCallsExecuted(
                  "a", List.of(new ToolResult("c", text, text, random.nextBoolean()))));
          console.agent(new AgentEvent.Answered("a", AgentMessage.user(text), Usage.ZERO));
          console.summary(text);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        String visible = terminal ? withoutCadresOwnStyling(printed) : printed;

        assertThat(TerminalEscapes.forbidden(visible)).as(describe(text, terminal)).isNull();
        String whole = TerminalText.clean(text);
        assertThat(visible)
            .as(describe(text, terminal))
            .startsWith(
                "---------- a ----------\n"
                    + whole
                    + (whole.isEmpty() || whole.endsWith("\n") ? "" : "\n"));
        assertThat(isShownFrom(whole, text)).as(describe(text, terminal)).isTrue();
      }
    }
  }

  @Test
  void theEventLogKeepsEveryEventInOrderWithLoneSurrogatesReplaced() throws IOException {
    Path file = dir.resolve("run.jsonl");
    ManualClock clock = new ManualClock();
    List<TeamEvent> expected = new ArrayList<>();
    try (EventLog log = EventLog.open(file, clock)) {
      for (String text : texts()) {
        String stored = Unicode.wellFormed(text);
        log.accept(new TeamEvent.Message(new AgentMessage.Text("a", text)));
        expected.add(new TeamEvent.Message(new AgentMessage.Text("a", stored)));
        log.accept(
            new TeamEvent.Activity(
                new AgentEvent.ToolCallsRequested("a", List.of(new ToolCall("c", text, text)))));
        expected.add(
            new TeamEvent.Activity(
                new AgentEvent.ToolCallsRequested(
                    "a", List.of(new ToolCall("c", stored, stored)))));
        log.accept(new TeamEvent.SpeakersSelected(List.of(text)));
        expected.add(new TeamEvent.SpeakersSelected(List.of(stored)));
        clock.millis++;
      }
    }

    List<TeamEvent> read = EventLogTest.teamEvents(file);
    assertThat(read).containsExactlyElementsOf(expected);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3 * CASES);
  }

  @Test
  void theReportIsWrittenWholeWithEveryMessage() throws IOException {
    RunReport report = RunReport.builder().clock(new ManualClock()).build();
    List<String> texts = texts();
    for (String text : texts) {
      report.accept(new TeamEvent.Message(new AgentMessage.Text("a", text)));
      report.accept(
          new TeamEvent.Activity(
              new AgentEvent.ToolCallsExecuted(
                  "a", List.of(new ToolResult("c", text, text, false)))));
    }
    Path file = dir.resolve("report.html");

    report.write(file);

    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html).isEqualTo(report.html());
    assertThat(html.codePoints()).noneMatch(c -> c >= 0xd800 && c <= 0xdfff);
    for (String text : texts) {
      assertThat(html).contains("<pre>" + Html.escape(Unicode.wellFormed(text)) + "</pre>");
    }
  }

  /**
   * Whether {@code shown} is {@code text} with characters taken away and lone surrogates replaced:
   * cleaning may hide, never add or reorder.
   */
  private static boolean isShownFrom(String shown, String text) {
    String source = Unicode.wellFormed(text);
    int at = 0;
    for (int i = 0; i < shown.length(); i++) {
      at = source.indexOf(shown.charAt(i), at);
      if (at < 0) {
        return false;
      }
      at++;
    }
    return true;
  }

  /** The printed text without the console's own escapes (and its thinking indicator). */
  private static String withoutCadresOwnStyling(String printed) {
    String text =
        printed.replaceAll(
            "\r\u001b\\[2K(\u001b\\[2m[|/\\\\-] [a-z, ]+ thinking [0-9.]+s\u001b\\[0m)?", "");
    for (String own : ConsoleTest.CADRES_OWN_STYLES) {
      text = text.replace(own, "");
    }
    return text;
  }

  private static String describe(String text, boolean terminal) {
    StringBuilder escaped = new StringBuilder();
    text.chars()
        .forEach(
            c ->
                escaped.append(
                    c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return (terminal ? "on a terminal: " : "plain: ") + escaped;
  }
}
