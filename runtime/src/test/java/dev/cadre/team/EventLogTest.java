package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.AgentId;
import dev.cadre.core.RuntimeEvent;
import dev.cadre.core.TopicId;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines event log; its run is shared with the run report's tests of a logged run. */
public class EventLogTest {

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();

  private void run(Consumer<TeamEvent> listener) {
    recordRun(clock, listener);
  }

  /**
   * Hands {@code listener} a run with a selection, model usage, a failing tool call and a finish,
   * 10 s long on {@code clock}.
   */
  public static void recordRun(ManualClock clock, Consumer<TeamEvent> listener) {
    listener.accept(new TeamEvent.Message(AgentMessage.user("Write toRoman")));
    listener.accept(new TeamEvent.SpeakersSelected(List.of("coder")));
    clock.millis += 2_000;
    listener.accept(
        new TeamEvent.Activity(new AgentEvent.ModelUsage("coder", "m", new Usage(300, 40))));
    listener.accept(
        new TeamEvent.Activity(
            new AgentEvent.ToolCallsRequested(
                "coder", List.of(new ToolCall("c1", "compile", "{\"source\":\"class A {}\"}")))));
    clock.millis += 3_000;
    listener.accept(
        new TeamEvent.Activity(
            new AgentEvent.ToolCallsExecuted(
                "coder", List.of(new ToolResult("c1", "compile", "A.java:1: error", true)))));
    clock.millis += 5_000;
    listener.accept(new TeamEvent.Message(new AgentMessage.Text("coder", "Fixed it.")));
    listener.accept(
        new TeamEvent.Finished(
            new TaskResult(
                List.of(),
                List.of(),
                new StopReason(StopReason.Kind.MAX_TURNS, null, "maxTurns 1 reached"),
                new Usage(300, 40),
                null)));
  }

  /** The team events logged in {@code file}, in order. */
  public static List<TeamEvent> teamEvents(Path file) throws IOException {
    List<TeamEvent> read = new ArrayList<>();
    EventLog.replay(
        file,
        new EventLog.Reader() {
          @Override
          public void team(Instant at, TeamEvent event) {
            read.add(event);
          }
        });
    return read;
  }

  @Test
  void runtimeEventsAndTeamEventsComeBackInOrderWithTheirTimes() throws IOException {
    Path file = dir.resolve("run.jsonl");
    RuntimeEvent failed =
        new RuntimeEvent.AgentFailed(
            new AgentId("coder", "k"), new TopicId("chat", "r1"), "Speak", "boom", "m-1");
    try (EventLog log = EventLog.open(file, clock)) {
      log.accept(new TeamEvent.SpeakersSelected(List.of("coder")));
      clock.millis += 1;
      log.onEvent(failed);
    }
    // Opening again appends: a log survives the process that wrote it, and the next one adds.
    try (EventLog log = EventLog.open(file, clock)) {
      log.accept(new TeamEvent.SpeakersSelected(List.of("reviewer")));
    }

    List<String> read = new ArrayList<>();
    EventLog.replay(
        file,
        new EventLog.Reader() {
          @Override
          public void team(Instant at, TeamEvent event) {
            read.add(at.toEpochMilli() + " " + event);
          }

          @Override
          public void runtime(Instant at, RuntimeEvent event) {
            read.add(at.toEpochMilli() + " " + event);
          }
        });

    assertThat(read)
        .containsExactly(
            "1000000 " + new TeamEvent.SpeakersSelected(List.of("coder")),
            "1000001 " + failed,
            "1000001 " + new TeamEvent.SpeakersSelected(List.of("reviewer")));
  }

  @Test
  void aLineThatIsNotAnEventIsReportedWithTheFileAndLineNumber() throws IOException {
    Path file = dir.resolve("run.jsonl");
    try (EventLog log = EventLog.open(file, clock)) {
      log.accept(new TeamEvent.SpeakersSelected(List.of("coder")));
    }
    Files.writeString(
        file,
        "{\"at\":1,\"team\":{\"type\":\"no_such_event\"}}\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    assertThatThrownBy(() -> EventLog.replay(file, new EventLog.Reader() {}))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("line 2 of the event log " + file + " is not an event: ");
  }

  @Test
  void aLineCutShortByACrashIsLeftOutOnReadingAndCutOffOnReopening() throws IOException {
    Path file = dir.resolve("run.jsonl");
    List<TeamEvent> live = new ArrayList<>();
    try (EventLog log = EventLog.open(file, clock)) {
      run(log.andThen(live::add));
    }
    // The process died half way through writing one more event.
    String torn = "{\"at\":1000010,\"team\":{\"type\":\"message\",\"message\":{\"ty";
    Files.writeString(file, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    assertThat(teamEvents(file)).isEqualTo(live);

    try (EventLog log = EventLog.open(file, clock)) {
      log.accept(new TeamEvent.SpeakersSelected(List.of("reviewer")));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(8).noneMatch(line -> line.contains("\"ty{"));
    List<TeamEvent> read = teamEvents(file);
    assertThat(read)
        .hasSize(8)
        .last()
        .isEqualTo(new TeamEvent.SpeakersSelected(List.of("reviewer")));
  }

  @Test
  void aLastLineThatIsWholeButNotAnEventIsStillReported() throws IOException {
    Path file = dir.resolve("run.jsonl");
    try (EventLog log = EventLog.open(file, clock)) {
      log.accept(new TeamEvent.SpeakersSelected(List.of("coder")));
    }
    Files.writeString(file, "{\"at\":1}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    assertThatThrownBy(() -> EventLog.replay(file, new EventLog.Reader() {}))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("line 2 of the event log " + file + " is not an event: ");
  }

  @Test
  void aLoneSurrogateInModelTextIsLoggedAsAReplacementCharacterAndTheLogGoesOn()
      throws IOException {
    Path file = dir.resolve("run.jsonl");
    // Half of an emoji's pair, as a model cut off mid-character can send it; a long line, so it is
    // more than one buffer's worth.
    String text = "x".repeat(20_000) + " half a smile: \ud83d, and a low half: \ude00.";
    try (EventLog log = EventLog.open(file, clock)) {
      log.accept(new TeamEvent.SpeakersSelected(List.of("coder")));
      log.accept(new TeamEvent.Message(new AgentMessage.Text("coder", text)));
      log.accept(new TeamEvent.SpeakersSelected(List.of("reviewer")));
    }

    List<TeamEvent> read = teamEvents(file);
    assertThat(read)
        .containsExactly(
            new TeamEvent.SpeakersSelected(List.of("coder")),
            new TeamEvent.Message(
                new AgentMessage.Text(
                    "coder",
                    "x".repeat(20_000) + " half a smile: \ufffd, and a low half: \ufffd.")),
            new TeamEvent.SpeakersSelected(List.of("reviewer")));
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).endsWith("\n").hasLineCount(3);
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aWriteTheOperatingSystemCutsShortLeavesNoTornLine() throws Exception {
    Path file = dir.resolve("run.jsonl");
    // Under a file size limit, the write that crosses it stores what fits and the next one fails,
    // as on a full disk.
    Process child =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "ulimit -f 10 && exec \"$@\"",
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EventLogFillChild.class.getName(),
                file.toString(),
                "3000")
            .redirectErrorStream(true)
            .start();
    String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    Matcher wrote =
        Pattern.compile("wrote (\\d+), then: cannot append to the event log .*\\s*").matcher(said);
    assertThat(wrote.matches()).as(said).isTrue();
    int lines = Integer.parseInt(wrote.group(1));
    String logged = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(logged).endsWith("}\n").hasLineCount(lines);
    List<TeamEvent> read = teamEvents(file);
    assertThat(read)
        .hasSize(lines)
        .allMatch(
            event ->
                event.equals(
                    new TeamEvent.Message(new AgentMessage.Text("coder", "x".repeat(3000)))));
  }

  @Test
  void afterAFailedWriteTheLogWritesNothingMore() throws IOException {
    Path file = dir.resolve("run.jsonl");
    EventLog log = EventLog.open(file, clock);
    log.accept(new TeamEvent.SpeakersSelected(List.of("coder")));
    log.close(); // every later write fails, as on a full disk

    assertThatThrownBy(() -> log.accept(new TeamEvent.SpeakersSelected(List.of("reviewer"))))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot append to the event log " + file);
    assertThatThrownBy(() -> log.accept(new TeamEvent.SpeakersSelected(List.of("tester"))))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("the event log " + file + " writes nothing after its failed write");
    assertThat(Files.readAllLines(file)).hasSize(1);
  }
}
