package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension as a user meets it: a user's test class, run by the JUnit launcher, first recording
 * its cassette and then replaying it.
 */
class CadreExtensionTest {

  // The user's test below reads these; surefire runs one test class at a time.
  static Path directory;
  static Mode mode;
  static String task;
  static final List<TaskResult> results = new ArrayList<>();

  @TempDir Path dir;

  /** Whether a test of this class is launching the user's test (not surefire finding it). */
  static boolean launching() {
    return directory != null;
  }

  @AfterEach
  void stopLaunching() {
    directory = null;
  }

  /** A user's test of a selector team with three models. Run only through {@link #run}. */
  @EnabledIf("dev.cadre.test.CadreExtensionTest#launching")
  static class TripTeamTest {
    @RegisterExtension
    final CadreExtension cadre =
        CadreExtension.builder().directory(directory).mode(mode).live(Teams::live).build();

    @Test
    void plansATrip(
        @Track("selector") ChatModel selector,
        @Track("planner") ChatModel planner,
        @Track("writer") ChatModel writer) {
      results.add(Teams.trip(selector, planner, writer).run(task));
    }
  }

  /** A user's parameterized test: each invocation has a cassette of its own. */
  @EnabledIf("dev.cadre.test.CadreExtensionTest#launching")
  static class CityTest {
    @RegisterExtension
    final CadreExtension cadre =
        CadreExtension.builder()
            .directory(directory)
            .mode(mode)
            .live(track -> ReplayChatModel.ofTexts("Sunny."))
            .build();

    @ParameterizedTest
    @ValueSource(strings = {"Lyon", "Rome"})
    void asksAboutACity(String city, ChatModel model) {
      model.chat(
          ChatRequest.builder().message(ChatMessage.user("Weather in " + city + "?")).build());
    }
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
            listener);
    return listener.getSummary();
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(Json.parse(line));
    }
    return lines;
  }

  private void recordThenSet(Mode then, String thenTask) {
    directory = dir;
    results.clear();
    mode = Mode.RECORD;
    task = "Plan a day in Lyon";
    TestExecutionSummary recorded = run(TripTeamTest.class);
    assertThat(recorded.getFailures()).isEmpty();
    assertThat(recorded.getTestsSucceededCount()).isEqualTo(1);
    mode = then;
    task = thenTask;
  }

  @Test
  void recordsATeamWithASelectorModelAndTwoAgentModelsEachOnItsTrack() throws Exception {
    recordThenSet(Mode.REPLAY, "Plan a day in Lyon");

    Path file = dir.resolve("CadreExtensionTest$TripTeamTest").resolve("plansATrip.jsonl");
    List<JsonNode> lines = lines(file);
    assertThat(lines)
        .extracting(line -> line.path("track").asText() + "#" + line.path("call").asInt())
        .containsExactly(
            "planner#0", "planner#1", "selector#0", "selector#1", "writer#0", "writer#1");
    // The selector's model is asked once: with two agents, the one who did not speak is next.
    assertThat(lines.get(5).path("request").path("messages").toString())
        .contains("1. Train to Lyon. 2. Walk the old town.");

    TestExecutionSummary replayed = run(TripTeamTest.class);

    assertThat(replayed.getFailures()).isEmpty();
    assertThat(results).hasSize(2);
    assertThat(results.get(1).messages()).isEqualTo(results.get(0).messages());
    assertThat(results.get(1).stopReason()).isEqualTo("Text 'DONE' mentioned");
  }

  @Test
  void aChangedTaskFailsTheUsersTestWithTheDiff() {
    recordThenSet(Mode.REPLAY, "Plan a day in Paris");

    TestExecutionSummary replayed = run(TripTeamTest.class);

    assertThat(replayed.getTestsFailedCount()).isEqualTo(1);
    Throwable failure = replayed.getFailures().get(0).getException();
    String all = failure + " " + List.of(failure.getSuppressed());
    assertThat(all)
        .contains("differs from the recorded one")
        .contains("track \"selector\", call 1: the request differs")
        .contains("messages[0].content")
        .containsPattern("recorded: \\.\\.\\.\".*user: Plan a day in Lyon")
        .containsPattern("now:      \\.\\.\\.\".*user: Plan a day in Paris");
  }

  @Test
  void eachInvocationOfAParameterizedTestHasItsOwnCassette() throws Exception {
    directory = dir;
    mode = Mode.RECORD;
    assertThat(run(CityTest.class).getTestsSucceededCount()).isEqualTo(2);
    Path cassettes = dir.resolve("CadreExtensionTest$CityTest");
    assertThat(lines(cassettes.resolve("asksAboutACity-1.jsonl")).get(1).toString())
        .contains("Lyon");
    assertThat(lines(cassettes.resolve("asksAboutACity-2.jsonl")).get(1).toString())
        .contains("Rome");

    mode = Mode.REPLAY;
    TestExecutionSummary replayed = run(CityTest.class);
    assertThat(replayed.getFailures()).isEmpty();
    assertThat(replayed.getTestsSucceededCount()).isEqualTo(2);
  }

  @Test
  void theModeOverrideRecordsOverAnExistingCassette() {
    recordThenSet(Mode.REPLAY, "Plan a day in Paris");
    System.setProperty(Mode.PROPERTY, "record");
    try {
      TestExecutionSummary again = run(TripTeamTest.class);
      assertThat(again.getFailures()).isEmpty();
    } finally {
      System.clearProperty(Mode.PROPERTY);
    }
    TestExecutionSummary replayed = run(TripTeamTest.class);
    assertThat(replayed.getFailures()).isEmpty();
  }
}
