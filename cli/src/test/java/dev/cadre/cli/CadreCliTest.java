package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cadre.team.TeamRunException;
import dev.cadre.team.StopReason;
import dev.cadre.agent.AgentMessage;
import dev.cadre.dsl.Cadre;
import com.sun.net.httpserver.HttpServer;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.DyingStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.Terminations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CadreCliTest {

  private final Terminal terminal = new Terminal();
  private final ByteArrayOutputStream out = terminal.out;
  private final ByteArrayOutputStream err = terminal.err;

  private int cadre(List<Sample> samples, Map<String, String> env, String... args) {
    return terminal.run(samples, env, args);
  }

  private int cadre(String... args) {
    return cadre(Samples.all(), Map.of(), args);
  }

  private String out() {
    return terminal.out();
  }

  private String err() {
    return terminal.err();
  }

  private String firstErrorLine() {
    return terminal.firstErrorLine();
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    assertThat(cadre("--help")).isEqualTo(CadreCli.OK);

    assertThat(out())
        .startsWith("Usage: cadre [-hV] [--verbose] [COMMAND]")
        .contains("  list      Lists the samples.")
        .contains("  run       Runs a sample or a spec file's team")
        .contains("  graph     ", "  validate  ", "  runs      ", "  resume    ", "  answer    ")
        .contains("  studio    Starts Cadre Studio, a local web page");
    assertThat(err()).isEmpty();
  }

  @Test
  void runHelpNamesItsOptions() {
    assertThat(cadre("run", "--help")).isEqualTo(CadreCli.OK);

    assertThat(out())
        .contains("Usage: cadre run")
        .contains("<sample|spec>", "The sample (see list) or spec file (.yaml, .yml, .json).")
        .contains("--task=<task>", "--model=<model>", "--verbose")
        .contains("--store=<file>")
        .contains("Write a self-contained HTML report of the run");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(cadre()).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo(
            "error: say which command to run: list, run, graph, validate, runs, resume, answer or"
                + " studio");
    assertThat(err()).contains("Usage: cadre [-hV] [--verbose] [COMMAND]");
  }

  @Test
  void listNamesEverySampleWithItsDescription() {
    assertThat(cadre("list")).isEqualTo(CadreCli.OK);

    assertThat(out().lines())
        .extracting(line -> line.split("\\s+")[0])
        .containsExactly(
            "devteam",
            "finance",
            "research",
            "process",
            "process-annotated",
            "feature",
            "support",
            "magentic");
    assertThat(out().lines())
        .anyMatch(
            line ->
                line.startsWith("feature ")
                    && line.endsWith(
                        "Six agents (planner to writer) build a small feature; a model picks who"
                            + " speaks"));
  }

  @Test
  void aBadFlagGivesOneLineAndTheUsage() {
    assertThat(cadre("run", "feature", "--bogus")).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine()).isEqualTo("error: Unknown option: '--bogus'");
    assertThat(err()).contains("Usage: cadre run [-hV]");
    assertThat(out()).isEmpty();
  }

  @Test
  void anUnknownSampleGivesOneLineNamingTheKnownOnes() {
    assertThat(cadre("run", "nope")).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo(
            "error: unknown sample 'nope'; choose one of devteam, finance, research, process,"
                + " process-annotated, feature, support, magentic, or give a spec file (.yaml,"
                + " .yml, .json)");
    assertThat(err()).contains("Usage: cadre run [-hV]");
    assertThat(out()).isEmpty();
  }

  @Test
  void runMagenticRunsTheCodersPythonInTheSandboxAndReportsTheLedgers(@TempDir Path dir)
      throws Exception {
    Path report = dir.resolve("m1.html");

    assertThat(cadre("run", "magentic", "--trace", report.toString())).isEqualTo(CadreCli.OK);

    assertThat(out())
        .contains("(task ledger: facts and plan written)")
        .contains("(progress, turn 1: done no, progress yes, loop no, stalls 0; next: coder)")
        // What the sandbox printed, run on the bundled CSV, as the coder's inner message.
        .contains(
            "[coder] East: 56118.50 North: 50407.50 West: 49218.75 South: 43959.25 lead: 5711.00")
        .contains(
            "East had the highest revenue in 2024, 56,118.50, ahead of North (50,407.50) by"
                + " 5,711.00");
    assertThat(Files.readString(report))
        .contains("<details class=\"ledger task\" open>", "<h3>Plan</h3><pre>- coder: load")
        .contains("progress, turn 3: done yes");
  }

  @Test
  void traceWritesTheReportWithTheTeamsGraph(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.html");

    assertThat(cadre("run", "devteam", "--trace", report.toString())).isEqualTo(CadreCli.OK);

    assertThat(err()).contains("report written to " + report);
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(html)
        .contains("<title>Cadre: devteam</title>")
        .contains("<section id=\"graph\">", "data-label=\"planner\"", "data-label=\"reviewer\"")
        .contains("<div class=\"lane\" data-agent=\"tester\">", "class=\"bar\"")
        .contains("<details class=\"tool-result");
    // The console still printed the run.
    assertThat(out()).contains("---------- reviewer ----------");
  }

  @Test
  void aDslBuiltSampleGetsAReportWithTheGraphDrawnFromItsTeam(@TempDir Path dir)
      throws Exception {
    Path report = dir.resolve("feature.html");

    assertThat(cadre("run", "feature", "--trace", report.toString())).isEqualTo(CadreCli.OK);

    assertThat(Files.readString(report, StandardCharsets.UTF_8))
        .contains("<section id=\"graph\">", "data-label=\"planner\"", "data-label=\"writer\"")
        .contains("<section id=\"timeline\">");
  }

  @Test
  void aReportThatCannotBeWrittenAfterTheRunFailsTheRunWithTheReason(@TempDir Path dir) {
    Path reports = dir.resolve("reports");
    Path report = reports.resolve("report.html");
    Sample removing =
        sample(
            "removing",
            (model, events) -> {
              // The report's directory goes away while the run is under way.
              try {
                Files.delete(reports);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return new TaskResult(
                  List.of(AgentMessage.user("go")),
                  List.of(),
                  StopReason.maxTurns(1),
                  Usage.ZERO,
                  null);
            });
    assertThat(reports.toFile().mkdir()).isTrue();

    assertThat(cadre(List.of(removing), Map.of(), "run", "removing", "--trace", report.toString()))
        .isEqualTo(CadreCli.FAILED);

    assertThat(err()).contains("error: could not write the report to " + report);
  }

  @Test
  void aTraceInAMissingDirectoryIsAUsageErrorBeforeTheRun(@TempDir Path dir) {
    Path report = dir.resolve("missing-dir").resolve("report.html");

    assertThat(cadre("run", "feature", "--trace", report.toString())).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo(
            "error: --trace "
                + report
                + ": the directory "
                + dir.resolve("missing-dir")
                + " does not exist");
    assertThat(err()).contains("Usage: cadre run [-hV]");
    assertThat(out()).as("nothing ran").isEmpty();
    assertThat(dir.resolve("missing-dir")).doesNotExist();
  }

  @Test
  void aTraceThatIsADirectoryIsAUsageErrorBeforeTheRun(@TempDir Path dir) {
    assertThat(cadre("run", "feature", "--trace", dir.toString())).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo(
            "error: --trace "
                + dir
                + ": is a directory; give a file in it, such as "
                + dir.resolve("report.html"));
    assertThat(out()).isEmpty();
  }

  @Test
  void aStoreInAMissingDirectoryIsAUsageErrorAndNoDirectoryIsMade(@TempDir Path dir) {
    Path store = dir.resolve("missing").resolve("runs.db");

    assertThat(cadre("run", "feature", "--store", store.toString())).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo(
            "error: --store "
                + store
                + ": the directory "
                + dir.resolve("missing")
                + " does not exist");
    assertThat(out()).isEmpty();
    assertThat(dir.resolve("missing")).doesNotExist();
  }

  @Test
  void aStoreUnderAFileIsAUsageError(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "notes");
    Path store = file.resolve("runs.db");

    assertThat(cadre("run", "feature", "--store", store.toString())).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo("error: --store " + store + ": " + file + " is not a directory");
  }

  @Test
  void aStoreThatIsADirectoryIsAUsageError(@TempDir Path dir) {
    assertThat(cadre("resume", "r1", "--store", dir.toString()))
        .isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo(
            "error: --store "
                + dir
                + ": is a directory; give a file in it, such as "
                + dir.resolve(CadreCli.DEFAULT_STORE));
    assertThat(out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "notes about the runs", "SQLite format 2 and more text"})
  void aStoreThatIsNotASqliteDatabaseIsAUsageErrorAndIsLeftAsItWas(
      String content, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), content);
    byte[] before = Files.readAllBytes(file);

    assertThat(cadre("run", "feature", "--store", file.toString())).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo(
            "error: --store "
                + file
                + ": is not an SQLite database (it does not begin with SQLite's header); give"
                + " another file");
    assertThat(out()).isEmpty();
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void anEmptyStoreFileIsUsedAsANewDatabase(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("runs.db"));

    assertThat(cadre("run", "feature", "--store", file.toString()))
        .as(err())
        .isEqualTo(CadreCli.OK);

    assertThat(out()).startsWith("durable run ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--store", "--trace"})
  void anInvalidPathIsAUsageErrorNamingTheOption(String option) {
    assertThat(cadre("run", "feature", option, "runs\u0000.db")).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .startsWith("error: " + option + " runs\u0000.db: is not a valid path: ");
    assertThat(out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--store", "--trace", "--model"})
  void aBlankValueIsAUsageErrorNamingTheOption(String option) {
    for (String blank : List.of("", "  ")) {
      out.reset();
      err.reset();

      assertThat(cadre("run", "feature", option, blank)).as(option).isEqualTo(CadreCli.USAGE);

      assertThat(firstErrorLine()).startsWith("error: " + option + " is blank: give ");
      assertThat(err()).contains("Usage: cadre run [-hV]");
      assertThat(out()).isEmpty();
    }
  }

  @Test
  void theFeatureSampleRunsOfflineAsPlainText() {
    assertThat(cadre("run", "feature")).isEqualTo(CadreCli.OK);

    assertThat(out())
        .startsWith("---------- user ----------\nAdd a --dry-run flag to the deploy command.\n")
        .contains("(next: researcher)\n\n---------- researcher ----------\n")
        .contains("  -> search_docs {\"query\":\"deploy command\"}\n")
        .contains("  <- search_docs: DeployCommand parses its flags with picocli;")
        .contains("---------- writer ----------\nRelease note:")
        .contains("stop reason: Text 'DONE' mentioned\n")
        .contains("turns: 6, tool calls: 1, wall time: ")
        .contains("researcher      1           1        365          49\n")
        .contains("total           6           1       4695         277\n")
        .doesNotContain("\u001b[");
    assertThat(err()).isEmpty();
  }

  @Test
  void theTaskOptionReplacesTheSamplesTaskAndOfflineSaysTheScriptIgnoresIt() {
    assertThat(cadre("run", "feature", "--task", "Add a --force flag.")).isEqualTo(CadreCli.OK);

    assertThat(out()).startsWith("---------- user ----------\nAdd a --force flag.\n");
    assertThat(err())
        .isEqualTo(
            "note: no live provider is configured, so --task is shown but not answered:"
                + " 'feature' replies from its replay script, written for its own task (set"
                + " CADRE_PROVIDER and its API key to run live)\n");
  }

  @Test
  void aTaskOnTheUsersOwnReplayScriptGetsNoNote(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("feature.jsonl");
    try (InputStream in =
        CadreCliTest.class.getResourceAsStream("/dev/cadre/samples/feature-team.jsonl")) {
      assertThat(in).isNotNull();
      Files.copy(in, script);
    }

    int code =
        cadre(
            Samples.all(),
            Map.of("CADRE_REPLAY_FILE", script.toString()),
            "run",
            "feature",
            "--task",
            "Add a --force flag.");

    assertThat(code).as(err()).isEqualTo(CadreCli.OK);
    assertThat(err()).isEmpty();
  }

  @Test
  void runWithoutASampleIsPicocliMissingParameter() {
    assertThat(cadre("run")).isEqualTo(CadreCli.USAGE);

    assertThat(firstErrorLine())
        .isEqualTo("error: Missing required parameter: '<sample|spec>'");
    assertThat(err()).contains("Usage: cadre run [-hV]");
    assertThat(out()).isEmpty();
  }

  @Test
  void aModelChosenOnTheCommandLineKeepsTheHeadersOfTheEnvironment() throws Exception {
    List<String> seen = new ArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(exchange.getRequestHeaders().getFirst("X-Team") + " " + body);
          byte[] reply =
              ("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                      + "\"message\":{\"role\":\"assistant\",\"content\":\"done\"}}]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
    Sample asking =
        sample(
            "asking",
            (model, events) -> {
              String said =
                  model.chat(ChatRequest.builder().message(ChatMessage.user("go")).build()).text();
              return new TaskResult(
                  List.of(AgentMessage.user("go")),
                  List.of(),
                  StopReason.complete("model", said),
                  Usage.ZERO,
                  null);
            });
    try {
      int code =
          cadre(
              List.of(asking),
              Map.of(
                  "CADRE_BASE_URL",
                  "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                  "CADRE_HEADER_X_TEAM",
                  "cadre"),
              "run",
              "asking",
              "--model",
              "chosen-model");

      assertThat(code).as(err()).isEqualTo(CadreCli.OK);
      assertThat(seen).singleElement().asString().startsWith("cadre ").contains("chosen-model");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aLiveProviderWithoutItsKeyNamesTheVariable() {
    int code = cadre(Samples.all(), Map.of("CADRE_PROVIDER", "anthropic"), "run", "feature");

    assertThat(firstErrorLine())
        .isEqualTo(
            "error: the anthropic provider needs CADRE_API_KEY (or ANTHROPIC_API_KEY) to be set");
    assertThat(code).isEqualTo(CadreCli.USAGE);
    assertThat(out()).isEmpty();
  }

  @Test
  void aFailedRunExitsWithOneAndSaysWhoFailed() {
    Sample failing =
        sample(
            "broken",
            (model, events) -> {
              throw new TeamRunException(
                  "team",
                  new TaskResult(
                      List.of(AgentMessage.user("go")),
                      List.of(),
                      StopReason.failed("coder", "IllegalStateException: disk full"),
                      Usage.ZERO,
                      null),
                  null);
            });

    assertThat(cadre(List.of(failing), Map.of(), "run", "broken")).isEqualTo(CadreCli.FAILED);

    assertThat(err())
        .isEqualTo("error: 'broken' failed: coder: IllegalStateException: disk full\n");
  }

  @Test
  void anExceptionExitsWithOneInOneLine() {
    Sample throwing =
        sample(
            "crashing",
            (model, events) -> {
              throw new IllegalStateException("the replay script ran out of replies");
            });

    assertThat(cadre(List.of(throwing), Map.of(), "run", "crashing")).isEqualTo(CadreCli.FAILED);

    assertThat(err())
        .isEqualTo("error: 'crashing' failed: the replay script ran out of replies\n");
  }

  @Test
  void whatTheModelWroteReachesTheTerminalWithoutItsEscapes() {
    String hostile = "APPROVED\rREJECTED\u001b]0;pwned\u0007\u001b[2J\u009b31m\u0007";
    Sample failing =
        sample(
            "hostile",
            (model, events) -> {
              events.accept(new TeamEvent.Message(new AgentMessage.Text("coder", hostile)));
              throw new TeamRunException(
                  "team",
                  new TaskResult(
                      List.of(AgentMessage.user("go")),
                      List.of(),
                      StopReason.failed("coder", "IllegalStateException: " + hostile),
                      Usage.ZERO,
                      null),
                  null);
            });
    Sample throwing =
        sample(
            "throwing",
            (model, events) -> {
              throw new IllegalStateException("the reply was " + hostile);
            });

    assertThat(cadre(List.of(failing, throwing), Map.of(), "run", "hostile"))
        .isEqualTo(CadreCli.FAILED);
    assertThat(cadre(List.of(failing, throwing), Map.of(), "run", "throwing"))
        .isEqualTo(CadreCli.FAILED);

    assertThat(out()).isEqualTo("---------- coder ----------\nAPPROVEDREJECTED\n");
    assertThat(err())
        .isEqualTo(
            "error: 'hostile' failed: coder: IllegalStateException: APPROVEDREJECTED\n"
                + "error: 'throwing' failed: the reply was APPROVEDREJECTED\n");
    assertThat(out() + err())
        .doesNotContain("\u001b", "\r", "\u0007", "\u009b")
        .doesNotContain("pwned");
  }

  @Test
  void aRunWhoseProcessDiedResumesFromItsLastCommittedStep(@TempDir Path dir) {
    // The first process dies as it commits the second answer. The second process's script is the
    // same but for its second reply, so that the reply it gives shows where the script resumed.
    ReplayChatModel second = ReplayChatModel.ofTexts("alpha", "beta again");
    Deque<ChatModel> models =
        new ArrayDeque<>(List.of(ReplayChatModel.ofTexts("alpha", "beta"), second));
    List<TaskResult> results = new ArrayList<>();
    Sample relay = relay(models, "beta", results);
    String store = dir.resolve("runs.db").toString();

    assertThat(cadre(List.of(relay), Map.of(), "run", "relay", "--store", store))
        .isEqualTo(CadreCli.FAILED);
    String runId = runId(out());
    out.reset();
    err.reset();
    assertThat(
            cadre(List.of(relay), Map.of(), "resume", runId, "--store", store))
        .as(err())
        .isEqualTo(CadreCli.OK);

    assertThat(out()).startsWith("resuming run " + runId + " on " + store);
    assertThat(err()).isEmpty();
    assertThat(models).isEmpty();
    // "alpha" was never said by the second process's model: it came from the store, and the
    // script went on after it.
    assertThat(second.requests()).hasSize(1);
    assertThat(second.remaining()).isZero();
    assertThat(results).hasSize(1);
    assertThat(results.get(0).messages())
        .extracting(AgentMessage::source, AgentMessage::content)
        .containsExactly(
            tuple("user", "go"), tuple("first", "alpha"), tuple("second", "beta again"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"devteam", "finance", "research", "process", "feature"})
  void everyBundledSampleRunsDurablyAndItsFinishedRunResumesToTheSameEnd(
      String name, @TempDir Path dir) {
    String store = dir.resolve("runs.db").toString();
    assertThat(cadre("run", name, "--store", store)).as(err()).isEqualTo(CadreCli.OK);
    String runId = runId(out());
    String stop =
        out().lines().filter(line -> line.startsWith("stop reason: ")).findFirst().orElseThrow();
    out.reset();

    assertThat(cadre("resume", runId, "--store", store))
        .as(err())
        .isEqualTo(CadreCli.OK);
    assertThat(out())
        .startsWith("run " + runId + " in " + store + " has already finished")
        .endsWith("\n" + stop + "\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void resumingARunThatFinishedFailedShowsItAndExitsWithOne(@TempDir Path dir) {
    // The second agent's model has no reply: the run stops, failed, and that is its end.
    Deque<ChatModel> models =
        new ArrayDeque<>(List.of(ReplayChatModel.ofTexts("alpha"), ReplayChatModel.ofTexts()));
    Sample relay = relay(models, "never said", new ArrayList<>());
    String store = dir.resolve("runs.db").toString();
    assertThat(cadre(List.of(relay), Map.of(), "run", "relay", "--store", store))
        .isEqualTo(CadreCli.FAILED);
    String runId = runId(out());
    String failure = err();
    out.reset();
    err.reset();

    assertThat(
            cadre(List.of(relay), Map.of(), "resume", runId, "--store", store))
        .isEqualTo(CadreCli.FAILED);

    assertThat(out())
        .startsWith("run " + runId + " in " + store + " has already finished")
        .contains("---------- first ----------\nalpha\n")
        .containsPattern("\nstop reason: 'second' failed: ModelException: .*no reply left.*\n$");
    assertThat(err()).isEqualTo(failure).startsWith("error: 'relay' failed: second: ");
  }

  @Test
  void resumingAFinishedRunSaysSoAndShowsItsTranscriptAndStopReason(@TempDir Path dir) {
    Deque<ChatModel> models =
        new ArrayDeque<>(
            List.of(ReplayChatModel.ofTexts("alpha", "beta"), ReplayChatModel.ofTexts()));
    List<TaskResult> results = new ArrayList<>();
    Sample relay = relay(models, "never said", results);
    String store = dir.resolve("runs.db").toString();
    assertThat(cadre(List.of(relay), Map.of(), "run", "relay", "--store", store))
        .isEqualTo(CadreCli.OK);
    String runId = runId(out());
    out.reset();

    assertThat(
            cadre(List.of(relay), Map.of(), "resume", runId, "--store", store))
        .as(err())
        .isEqualTo(CadreCli.OK);

    assertThat(out())
        .isEqualTo(
            "run "
                + runId
                + " in "
                + store
                + " has already finished; there is nothing to resume. Its transcript:\n"
                + "---------- user ----------\n"
                + "go\n"
                + "\n"
                + "---------- first ----------\n"
                + "alpha\n"
                + "\n"
                + "---------- second ----------\n"
                + "beta\n"
                + "\n"
                + "stop reason: "
                + results.get(0).stopReason()
                + "\n");
    assertThat(results.get(0).stopReason()).isNotBlank();
    assertThat(err()).isEmpty();
  }

  @Test
  void anUnknownRunIdIsAUsageErrorNamingTheStoresRuns(@TempDir Path dir) {
    String store = dir.resolve("runs.db").toString();
    assertThat(cadre("run", "feature", "--store", store)).isEqualTo(CadreCli.OK);
    String runId = runId(out());

    assertThat(cadre("resume", "nope", "--store", store)).isEqualTo(CadreCli.USAGE);
    assertThat(firstErrorLine())
        .isEqualTo("error: no run 'nope' in " + store + "; its runs: [" + runId + "]");
  }

  @Test
  void resumingWithoutAStoreFileIsAUsageError(@TempDir Path dir) {
    String store = dir.resolve("missing.db").toString();

    assertThat(cadre("resume", "r1", "--store", store)).isEqualTo(CadreCli.USAGE);
    assertThat(firstErrorLine())
        .isEqualTo(
            "error: --store "
                + store
                + ": no run store there; give the file the runs were started on with --store"
                + " <file>");
    assertThat(dir.resolve("missing.db")).doesNotExist();
  }

  @Test
  void aTaskWithResumeIsAUsageError() {
    assertThat(cadre("resume", "r1", "--task", "x")).isEqualTo(CadreCli.USAGE);
    assertThat(firstErrorLine()).startsWith("error: Unknown option").contains("'--task'");
    assertThat(err()).contains("Usage: cadre resume [-hV]");
  }

  @Test
  void aSampleThatCannotRunDurablySaysSo(@TempDir Path dir) {
    Sample plain = 
        sample(
            "plain",
            (model, events) -> {
              throw new AssertionError("the CLI ran a --store run without its store");
            });
    String store = dir.resolve("runs.db").toString();

    assertThat(cadre(List.of(plain), Map.of(), "run", "plain", "--store", store))
        .isEqualTo(CadreCli.USAGE);
    assertThat(err())
        .endsWith(
            "error: sample 'plain' cannot resume: its team cannot be built on a checkpoint"
                + " store\n");
  }

  private static String runId(String output) {
    Matcher id = Pattern.compile("^durable run (\\S+) on ", Pattern.MULTILINE).matcher(output);
    assertThat(id.find()).as(output).isTrue();
    return id.group(1);
  }

  /**
   * Two agents taking turns, durably, on a fresh model from {@code models} per command; the first
   * command's process "dies" when it commits a step holding {@code dieOn}.
   */
  private static Sample relay(Deque<ChatModel> models, String dieOn, List<TaskResult> results) {
    int[] commands = {0};
    return new Sample() {
      @Override
      public String name() {
        return "relay";
      }

      @Override
      public String description() {
        return "two agents in turn";
      }

      @Override
      public String defaultTask() {
        return "go";
      }

      @Override
      public ChatModel offlineModel() {
        return models.removeFirst();
      }

      @Override
      public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
        throw new AssertionError("the CLI ran a --store run without its store");
      }

      @Override
      public TaskResult durably(
          ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
        CheckpointStore used = commands[0]++ == 0 ? DyingStore.onPayload(store, dieOn) : store;
        try (Team team =
            Cadre.roundRobin("relay")
                .participant(Cadre.assistant("first").description("says one").model(model))
                .participant(Cadre.assistant("second").description("says two").model(model))
                .termination(Terminations.maxMessages(3))
                .checkpoints(used)
                .build()) {
          TaskResult result = body.apply(team);
          results.add(result);
          return result;
        }
      }
    };
  }

  private interface Body {
    TaskResult run(ChatModel model, Consumer<TeamEvent> events);
  }

  private static Sample sample(String name, Body body) {
    return new Sample() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "a test sample";
      }

      @Override
      public String defaultTask() {
        return "go";
      }

      @Override
      public ChatModel offlineModel() {
        return ReplayChatModel.ofTexts();
      }

      @Override
      public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
        return body.run(model, events);
      }
    };
  }
}
