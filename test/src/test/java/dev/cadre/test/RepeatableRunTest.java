package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.Question;
import dev.cadre.agent.ToolApprover;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.core.AgentId;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.InterventionHandler;
import dev.cadre.core.MessageContext;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.EventLog;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamProtocol;
import dev.cadre.team.Terminations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run under test with a tool call, a question to a person and an approval, made twice with a
 * {@link TestClock} and {@link TestIds}: the event logs are the same byte for byte, and so is every
 * id the run made up (message ids, the run's id, the team's instance id, question and approval
 * ids).
 */
class RepeatableRunTest {

  @TempDir Path dir;

  /** What one run wrote and which ids it made up. */
  private record Run(String log, List<String> ids, List<String> questions, String instance) {}

  /** Each message the runtime carries, by id, with its type and (for a team's) its run. */
  private static final class IdsSeen implements InterventionHandler {
    final List<String> seen = new ArrayList<>(); // guarded by this

    @Override
    public synchronized Object onSend(Object message, MessageContext context, AgentId recipient) {
      seen.add(line(message, context));
      return message;
    }

    @Override
    public synchronized Object onPublish(Object message, MessageContext context) {
      seen.add(line(message, context));
      return message;
    }

    private static String line(Object message, MessageContext context) {
      String run =
          message instanceof TeamProtocol.Start start
              ? " run " + start.runId()
              : message instanceof TeamProtocol.Progress progress ? " run " + progress.runId() : "";
      return context.messageId() + " " + message.getClass().getSimpleName() + run;
    }

    synchronized List<String> seen() {
      return List.copyOf(seen);
    }
  }

  private Run run(String name) throws Exception {
    // A clock each: the log's is read on the thread that collects the events, the timeout's on the
    // manager's, and one clock read by both would move in whichever order the threads came.
    TestClock clock = TestClock.create();
    TestClock turns = TestClock.create();
    TestIds ids = TestIds.sequence("id");
    TestIds questionIds = TestIds.sequence("q");
    ScriptedHuman person = ScriptedHuman.answering("yes", "Lyon");
    IdsSeen seen = new IdsSeen();
    Path file = dir.resolve(name + ".jsonl");
    try (InProcessRuntime runtime = new InProcessRuntime(Duration.ofSeconds(30), ids);
        EventLog log = EventLog.open(file, clock)) {
      runtime.addInterventionHandler(seen);
      Team team =
          Cadre.roundRobin("trip")
              .participant(
                  Cadre.assistant("guide")
                      .model(
                          ReplayChatModel.builder()
                              .toolCall("get_weather", "{\"city\":\"Paris\"}")
                              .text("Sunny in Paris. Where next?")
                              .build())
                      .tool(Weather.weatherTool())
                      .toolApproval(ToolApprover.askPerson(person, questionIds)))
              .participant(
                  UserProxyAgent.builder("traveller").input(person).questionIds(questionIds).build())
              .termination(
                  Terminations.maxMessages(3).or(Terminations.timeout(Duration.ofHours(1), turns)))
              .runtime(runtime)
              .build();
      try (team) {
        TaskResult result = team.run(List.of(AgentMessage.user("Plan my trip")), log);
        assertThat(result.messages())
            .extracting(AgentMessage::content)
            .containsExactly("Plan my trip", "Sunny in Paris. Where next?", "Lyon");
      }
      return new Run(
          Files.readString(file),
          seen.seen(),
          person.questions().stream().map(Question::id).toList(),
          team.instanceId());
    }
  }

  @Test
  void aRunWithTestClockAndTestIdsRepeatsItsLogAndItsIds() throws Exception {
    Run first = run("first");
    Run second = run("second");

    assertThat(second.log()).isEqualTo(first.log());
    assertThat(second.ids()).isEqualTo(first.ids());
    assertThat(second.questions()).isEqualTo(first.questions());
    assertThat(second.instance()).isEqualTo(first.instance());

    // The approval is asked first, then the traveller; both ids come from the one sequence.
    assertThat(first.questions()).containsExactly("q-1", "q-2");
    assertThat(first.log()).contains("\"questionId\":\"q-2\"").contains("get_weather");
    // The team's instance id, then its run id, then the messages, all from the runtime's ids.
    assertThat(first.instance()).isEqualTo("id-1");
    assertThat(first.ids()).first().isEqualTo("id-3 Start run id-2");
    assertThat(first.ids()).allMatch(line -> line.matches("id-\\d+ \\w+.*"));
    assertThat(first.ids()).anyMatch(line -> line.matches("id-\\d+ Progress run id-2"));
  }
}
