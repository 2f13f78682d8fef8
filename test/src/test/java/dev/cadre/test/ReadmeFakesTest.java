package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.ToolApprover;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's fakes example, run as it is shown. */
class ReadmeFakesTest {

  @Test
  void fakes() {
    ChatModel model = ReplayChatModel.ofTexts("one", "two", "three");
    // README:begin
    TestClock clock = TestClock.create(); // 2026-01-01T00:00Z, 1 ms per reading
    TestIds runIds = TestIds.sequence("run"); // run-1, run-2...
    ScriptedHuman person = ScriptedHuman.answering("Lyon", "yes"); // questions and approvals
    ChatModel flaky =
        FaultyModel.wrap(model)
            .failCall(2, 429) // the second call fails as a rate limit
            .delayCall(3, Duration.ofSeconds(2))
            .cutStream(4, 1) // the fourth call's stream stops after one chunk
            .build();
    // README:end
    assertThat(clock.instant()).isEqualTo(TestClock.START);
    assertThat(runIds.get()).isEqualTo("run-1");
    assertThat(person.remaining()).isEqualTo(2);
    assertThat(flaky.info()).isEqualTo(model.info());
  }

  @Test
  void idsAndClocksOfARun() {
    ChatModel model = ReplayChatModel.ofTexts("Where to?");
    Tool weather = Weather.weatherTool();
    ScriptedHuman person = ScriptedHuman.answering("Lyon");
    // README:begin
    TestIds ids = TestIds.sequence("id"); // the runtime's message ids, its teams' run ids
    TestIds questionIds = TestIds.sequence("q"); // questions and approvals: q-1, q-2...
    InProcessRuntime runtime = new InProcessRuntime(Duration.ofSeconds(10), ids);
    Team team =
        Cadre.roundRobin("trip")
            .participant(
                Cadre.assistant("guide")
                    .model(model)
                    .tool(weather)
                    .toolApproval(ToolApprover.askPerson(person, questionIds)))
            .participant(
                UserProxyAgent.builder("traveller").input(person).questionIds(questionIds).build())
            .termination(Terminations.timeout(Duration.ofMinutes(5), TestClock.create()))
            .maxTurns(2)
            .runtime(runtime) // the team takes its ids from its runtime
            .build();
    // README:end
    try (runtime;
        team) {
      team.run("Plan my trip");
      assertThat(team.instanceId()).isEqualTo("id-1");
      assertThat(person.questions()).extracting(q -> q.id()).containsExactly("q-1");
    }
  }
}
