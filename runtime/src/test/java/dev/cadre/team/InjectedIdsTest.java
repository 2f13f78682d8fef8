package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.ApprovalRequest;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.agent.ToolApprover;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.IdGenerator;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.InterventionHandler;
import dev.cadre.core.MessageContext;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The ids the runtime makes up come from an {@link IdGenerator} where one is given (message, run,
 * instance, question and approval ids), and stay random where none is.
 */
class InjectedIdsTest {

  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  /** {@code <prefix>1}, {@code <prefix>2}... */
  private static IdGenerator counting(String prefix) {
    AtomicInteger next = new AtomicInteger();
    return () -> prefix + next.incrementAndGet();
  }

  /** The id of each message the runtime carries, and the run of each team message. */
  private static final class Seen implements InterventionHandler {
    final List<String> messageIds = new CopyOnWriteArrayList<>();
    final List<String> runIds = new CopyOnWriteArrayList<>();

    @Override
    public Object onSend(Object message, MessageContext context, AgentId recipient) {
      messageIds.add(context.messageId());
      if (message instanceof TeamProtocol.Start start) {
        runIds.add(start.runId());
      }
      return message;
    }

    @Override
    public Object onPublish(Object message, MessageContext context) {
      messageIds.add(context.messageId());
      return message;
    }
  }

  private static Team echoTeam(InProcessRuntime runtime) {
    return new Team(
        new TeamSpec(
            "echo",
            "",
            List.of(
                AssistantAgent.builder("bot").model(ReplayChatModel.ofTexts("one", "two")).build()),
            new RoundRobin(),
            null,
            1,
            runtime));
  }

  @Test
  void aRuntimeGivenIdsNamesItsMessagesItsTeamsAndTheirRunsWithThem() {
    Seen seen = new Seen();
    try (InProcessRuntime runtime = new InProcessRuntime(Duration.ofSeconds(30), counting("id"))) {
      runtime.addInterventionHandler(seen);
      Team team = echoTeam(runtime);

      team.run("go");
      team.run("again");

      assertThat(team.instanceId()).isEqualTo("id1");
      assertThat(seen.runIds).hasSize(2).startsWith("id2");
      assertThat(seen.messageIds).startsWith("id3");
      List<String> all = new java.util.ArrayList<>(seen.messageIds);
      all.addAll(seen.runIds);
      all.add(team.instanceId());
      assertThat(all).doesNotHaveDuplicates().allMatch(id -> id.matches("id\\d+"));
    }
  }

  @Test
  void withNoIdsGivenMessagesRunsAndTeamsKeepTheirRandomIds() {
    Seen seen = new Seen();
    try (InProcessRuntime runtime = new InProcessRuntime()) {
      runtime.addInterventionHandler(seen);
      Team team = echoTeam(runtime);

      team.run("go");

      assertThat(runtime.ids()).isSameAs(IdGenerator.RANDOM);
      assertThat(team.instanceId()).matches("[0-9a-f]{8}");
      assertThat(seen.runIds).singleElement().asString().matches(UUID);
      assertThat(seen.messageIds).isNotEmpty().allMatch(id -> id.matches("[0-9a-f]{16}-\\d+"));
    }
  }

  @Test
  void questionsAndApprovalsTakeTheirIdsFromTheGivenGenerator() throws Exception {
    List<Question> asked = new CopyOnWriteArrayList<>();
    HumanInput person =
        HumanInput.callback(
            question -> {
              asked.add(question);
              return "yes";
            });
    IdGenerator questionIds = counting("q");
    UserProxyAgent proxy =
        UserProxyAgent.builder("traveller").input(person).questionIds(questionIds).build();
    Tool tool =
        Tool.builder("get_weather")
            .description("Weather")
            .parameter("city", String.class, "The city")
            .function((arguments, context) -> "sunny")
            .build();
    ApprovalRequest request =
        new ApprovalRequest(
            "bot", new ToolCall("c1", "get_weather", "{\"city\":\"Lyon\"}"), tool.spec());

    proxy.onMessages(List.of(AgentMessage.user("where?")), CancellationToken.none(), event -> {});
    assertThat(
            ToolApprover.askPerson(person, questionIds)
                .approve(request, CancellationToken.none())
                .approved())
        .isTrue();
    ToolApprover.askPerson(person).approve(request, CancellationToken.none());
    UserProxyAgent.of("other", person)
        .onMessages(List.of(AgentMessage.user("and?")), CancellationToken.none(), event -> {});

    assertThat(asked).extracting(Question::id).startsWith("q1", "q2");
    assertThat(asked.subList(2, 4)).extracting(Question::id).allMatch(id -> id.matches(UUID));
  }
}
