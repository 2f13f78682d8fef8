package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cadre.core.InProcessRuntime;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's conversation semantics across worker JVMs: the teams of {@link SemanticsTeams} spread
 * over three workers (every manager in one, the participants over the other two, so each turn
 * crosses the broker), run from this JVM, which hosts none of their agents but one manager. Each
 * run is compared, whole (messages, timeline, stop and usage), with the same run on one in-process
 * runtime. The workers are started once for the class: the scenarios use different teams.
 */
@ExtendWith(SharedKafkaCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class TeamSemanticsAcrossWorkersTest {

  private static final String TASK = "plan the week";

  private final WorkerProcesses workers = new WorkerProcesses();
  private KafkaAgentRuntime client;
  private Map<String, Team> onKafka;

  @BeforeAll
  void startWorkers(RunningKafka kafka, @TempDir Path logDir) throws Exception {
    String prefix = ReviewRuns.topicPrefix("semantics");
    List<String> managers = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<String> third = new ArrayList<>();
    SemanticsTeams.PARTICIPANTS.forEach(
        (team, names) -> {
          managers.add(SemanticsTeams.manager(team));
          for (String name : names) {
            boolean elsewhere =
                name.equals("thrower") || name.equals("inner") || team.equals("inner")
                    || name.equals("tooler");
            (elsewhere ? third : second).add(SemanticsTeams.participant(team, name));
          }
        });
    second.add(SemanticsTeams.participant("failing", SemanticsTeams.HERE, "a"));
    third.add(SemanticsTeams.participant("failing", SemanticsTeams.HERE, "thrower"));
    workers.start(
        new SemanticsTeams().name(),
        ReviewRuns.workerEnv(kafka, prefix),
        logDir,
        List.of(managers, second, third));
    List<String> all = new ArrayList<>(managers);
    all.addAll(second);
    all.addAll(third);
    try (KafkaCluster cluster =
        KafkaCluster.open(kafka.config(prefix).startupTimeout(Duration.ofSeconds(30)).build())) {
      cluster.awaitHosted(all, 1);
    }
    // This process hosts one manager, the second failing team's, and nothing else.
    String here = SemanticsTeams.manager("failing", SemanticsTeams.HERE);
    client = KafkaAgentRuntime.start(kafka.config(prefix).hostedTypes(List.of(here)).build());
    onKafka = SemanticsTeams.build(client);
    try (KafkaCluster cluster =
        KafkaCluster.open(kafka.config(prefix).startupTimeout(Duration.ofSeconds(30)).build())) {
      cluster.awaitHosted(List.of(here), 1);
    }
  }

  @AfterAll
  void stopWorkers() throws Exception {
    try {
      if (onKafka != null) {
        onKafka.values().forEach(Team::close);
      }
      if (client != null) {
        client.close();
      }
    } finally {
      workers.close();
    }
  }

  /** What {@code runs} gives on a fresh in-process runtime holding the same teams. */
  private static <T> T inProcess(Function<Map<String, Team>, T> runs) {
    try (InProcessRuntime runtime = new InProcessRuntime()) {
      Map<String, Team> teams = SemanticsTeams.build(runtime);
      try {
        return runs.apply(teams);
      } finally {
        teams.values().forEach(Team::close);
      }
    }
  }

  /** A run on a task, then a run that continues the conversation without one. */
  private static Function<Map<String, Team>, List<TaskResult>> runThenContinue(String team) {
    return teams -> List.of(teams.get(team).run(TASK), teams.get(team).run());
  }

  private String outputs() {
    return "workers' output:\n" + workers.outputs();
  }

  @Test
  void aRoundRobinContinuedWithoutATaskAcrossWorkersRunsAsInOneProcess() {
    List<TaskResult> expected = inProcess(runThenContinue("rr"));
    assertThat(ReviewRuns.transcript(expected.get(0)))
        .containsExactly("user: " + TASK, "a: a#1 after user (seen 1)", "b: b#1 after a (seen 2)");
    // The next speaker, the thread and each agent's memory carry on.
    assertThat(ReviewRuns.transcript(expected.get(1)))
        .containsExactly("c: c#1 after b (seen 3)", "a: a#2 after c (seen 3)");

    List<TaskResult> actual = runThenContinue("rr").apply(onKafka);

    assertThat(actual).as(outputs()).isEqualTo(expected);
  }

  @Test
  void aGraphStoppedByItsConditionContinuesFromItsReadyNodesAcrossWorkers() {
    List<TaskResult> expected = inProcess(runThenContinue("graph"));
    assertThat(ReviewRuns.transcript(expected.get(0)))
        .containsExactly("user: " + TASK, "a: a#1 after user (seen 1)", "b: b#1 after a (seen 2)");
    assertThat(expected.get(0).stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    // Not back at the entry: c, the node that was ready, speaks and the graph is complete.
    assertThat(ReviewRuns.transcript(expected.get(1))).containsExactly("c: c#1 after b (seen 3)");
    assertThat(expected.get(1).stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);

    List<TaskResult> actual = runThenContinue("graph").apply(onKafka);

    assertThat(actual).as(outputs()).isEqualTo(expected);
  }

  @Test
  void aParticipantThatThrowsInAnotherWorkerFailsTheRunAsInOneProcess() {
    TeamRunException expected =
        inProcess(
            teams ->
                catchThrowableOfType(() -> teams.get("failing").run(TASK), TeamRunException.class));
    String thrown = String.format(SemanticsTeams.THROWN, 2);
    assertThat(expected.participant()).isEqualTo("thrower");
    assertThat(expected.partialResult().stop())
        .isEqualTo(StopReason.failed("thrower", "IllegalStateException: " + thrown));
    assertThat(ReviewRuns.transcript(expected.partialResult()))
        .containsExactly("user: " + TASK, "a: a#1 after user (seen 1)");

    TeamRunException actual =
        catchThrowableOfType(() -> onKafka.get("failing").run(TASK), TeamRunException.class);

    assertThat(actual).as(outputs()).isNotNull();
    assertThat(actual.team()).isEqualTo("failing");
    assertThat(actual.participant()).isEqualTo("thrower");
    assertThat(actual.partialResult()).isEqualTo(expected.partialResult());
    assertThat(actual)
        .hasMessage(expected.getMessage())
        .hasMessage("team 'failing' failed: 'thrower' threw IllegalStateException: " + thrown);
    // In one process the cause is the participant's own exception. Here the manager and the
    // participant ran in other JVMs, and the failure reached this one as the partial result's
    // data: the message says the exception's type and text, and there is no exception to carry.
    assertThat(expected.getCause()).isInstanceOf(IllegalStateException.class).hasMessage(thrown);
    assertThat(actual).hasNoCause();
  }

  @Test
  void aParticipantThatThrowsInAnotherWorkerIsTheCauseWhenTheManagerRanHere() {
    TaskResult expected =
        inProcess(
                teams ->
                    catchThrowableOfType(
                        () -> teams.get("failing").run(TASK), TeamRunException.class))
            .partialResult();

    TeamRunException actual =
        catchThrowableOfType(
            () -> onKafka.get(SemanticsTeams.FAILING_HERE).run(TASK), TeamRunException.class);

    assertThat(actual).as(outputs()).isNotNull();
    assertThat(actual.partialResult()).isEqualTo(expected);
    // The manager ran in this JVM and heard the thrower's worker fail: what stands for the
    // exception there says its type and message.
    String thrown = String.format(SemanticsTeams.THROWN, 2);
    assertThat(actual.getCause())
        .isInstanceOf(RemoteFailure.class)
        .hasMessage(IllegalStateException.class.getName() + ": " + thrown);
    RemoteFailure remote = (RemoteFailure) actual.getCause();
    assertThat(remote.className()).isEqualTo(IllegalStateException.class.getName());
    assertThat(remote.originalMessage()).isEqualTo(thrown);
  }

  @Test
  void aNestedTeamAcrossWorkersAddsItsInnerMessagesFlatAsInOneProcess() {
    List<TaskResult> expected = inProcess(runThenContinue("outer"));
    assertThat(ReviewRuns.transcript(expected.get(0)))
        .containsExactly(
            "user: " + TASK,
            "a: a#1 after user (seen 1)",
            "x: x#1 after a (seen 2)",
            "y: y#1 after x (seen 3)");
    assertThat(ReviewRuns.transcript(expected.get(1)))
        .containsExactly(
            "a: a#2 after y (seen 3)", "x: x#2 after a (seen 4)", "y: y#2 after x (seen 5)");

    List<TaskResult> actual = runThenContinue("outer").apply(onKafka);

    assertThat(actual).as(outputs()).isEqualTo(expected);
  }

  @Test
  void theTimelineOfToolCallsAndSpeakerChoicesAcrossWorkersIsAsInOneProcess() {
    TaskResult expected = inProcess(teams -> teams.get("tools").run(TASK));
    assertThat(kinds(expected))
        .containsExactly(
            "message user",
            "selector reply tooler",
            "speakers [tooler]",
            "activity ToolCallsRequested",
            "activity ToolCallsExecuted",
            "message tooler",
            "speakers [closer]",
            "message closer");

    TaskResult actual = onKafka.get("tools").run(TASK);

    assertThat(actual).as(outputs()).isEqualTo(expected);
  }

  /** The timeline, one line per entry: its kind and who or what. */
  private static List<String> kinds(TaskResult result) {
    return result.timeline().stream().map(TeamSemanticsAcrossWorkersTest::kind).toList();
  }

  private static String kind(TeamEvent event) {
    if (event instanceof TeamEvent.Message m) {
      return "message " + m.message().source();
    }
    if (event instanceof TeamEvent.SelectorReply r) {
      return "selector reply " + r.text();
    }
    if (event instanceof TeamEvent.SpeakersSelected s) {
      return "speakers " + s.speakers();
    }
    if (event instanceof TeamEvent.Activity a) {
      return "activity " + a.event().getClass().getSimpleName();
    }
    return event.toString();
  }
}
