package dev.cadre.team;

import static dev.cadre.team.TeamFixtures.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.Agent;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.State;
import dev.cadre.state.TeamState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A team as a distributed runtime sees it: agent types named after the team and its instance id,
 * the collector local to each process, and the manager's and containers' memory moving to the
 * agents' next incarnation in another process.
 */
@Timeout(30)
class DistributedTeamTest {

  private static final List<String> WRITER = List.of("Draft 1", "Draft 2", "Draft 3");
  private static final List<String> CRITIC = List.of("Too long", "Still long", "APPROVE");

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  /** The same writers team every time, on the runtime and models given. */
  private static TeamSpec writers(
      AgentRuntime runtime, ReplayChatModel writer, ReplayChatModel critic) {
    return new TeamSpec(
        "writers",
        "",
        List.of(agent("writer", writer), agent("critic", critic)),
        new RoundRobin(),
        Terminations.textMention("APPROVE").or(Terminations.maxMessages(20)),
        3,
        runtime);
  }

  private static ReplayChatModel model(List<String> script, int from) {
    return ReplayChatModel.ofTexts(script.subList(from, script.size()).toArray(String[]::new));
  }

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).collect(Collectors.toList());
  }

  @Test
  void typesAreNamedAfterTheInstanceIdAndTheCollectorIsLocal() {
    RecordingRuntime runtime = track(new RecordingRuntime());
    Team team = track(new Team(writers(runtime, model(WRITER, 0), model(CRITIC, 0)), null, "t1"));

    assertThat(team.instanceId()).isEqualTo("t1");
    assertThat(runtime.registered)
        .containsExactly(
            "writers.t1.participant.writer", "writers.t1.participant.critic", "writers.t1.manager");
    assertThat(runtime.registeredLocal).containsExactly("writers.t1.collector");
    // The run's events reach the caller through the local collector.
    assertThat(speakers(team.run("Write a haiku")))
        .containsExactly("user", "writer", "critic", "writer");
  }

  @Test
  void withoutAnInstanceIdATeamGetsARandomOneSoTeamsOfOneNameShareARuntime() {
    RecordingRuntime runtime = track(new RecordingRuntime());
    Team first = track(new Team(writers(runtime, model(WRITER, 0), model(CRITIC, 0))));
    Team second = track(new Team(writers(runtime, model(WRITER, 0), model(CRITIC, 0))));

    assertThat(first.instanceId()).matches("[0-9a-f]{8}").isNotEqualTo(second.instanceId());
    assertThat(runtime.registered).contains("writers." + first.instanceId() + ".manager");
    assertThat(first.run("Write").messages()).isEqualTo(second.run("Write").messages());
  }

  @Test
  void anInvalidInstanceIdIsRejectedNamingTheTeam() {
    for (String invalid : Arrays.asList("", "t 1", "a/b", null)) {
      assertThatThrownBy(
              () -> new Team(writers(null, model(WRITER, 0), model(CRITIC, 0)), null, invalid))
          .as(String.valueOf(invalid))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("team 'writers'")
          .hasMessageContaining(invalid == null ? "null" : "\"" + invalid + "\"")
          .hasMessageContaining("letters, digits, '_', '-' or '.'");
    }
  }

  /**
   * The agents of a team that ran once in one process are made again in another, by a team built
   * the same way with the same instance id, and handed the state they saved: the next run there is
   * the run the first process would have had, message for message and request for request.
   */
  @Test
  void theManagerAndContainersMoveWithTheirMemoryAndTheNextRunContinues() throws Exception {
    RecordingRuntime first = track(new RecordingRuntime());
    ReplayChatModel writer = model(WRITER, 0);
    ReplayChatModel critic = model(CRITIC, 0);
    Team original = track(new Team(writers(first, writer, critic), null, "t1"));
    original.run("Write a haiku");
    int writerUsed = writer.requests().size();
    int criticUsed = critic.requests().size();
    Map<String, JsonNode> handedOver = new LinkedHashMap<>();
    // Through JSON text, as a distributed runtime carries it.
    first
        .saveStates()
        .forEach((type, state) -> handedOver.put(type, State.parse(Json.write(state))));
    TaskResult expected = original.run("Shorter");

    RecordingRuntime second = track(new RecordingRuntime(handedOver));
    ReplayChatModel movedWriter = model(WRITER, writerUsed);
    ReplayChatModel movedCritic = model(CRITIC, criticUsed);
    Team moved = track(new Team(writers(second, movedWriter, movedCritic), null, "t1"));
    TaskResult actual = moved.run("Shorter");

    assertThat(handedOver)
        .containsOnlyKeys(
            "writers.t1.manager", "writers.t1.participant.writer", "writers.t1.participant.critic");
    // The manager hands over its own memory only; the containers hand over the participants'.
    TeamState manager =
        State.read(
            State.open(handedOver.get("writers.t1.manager"), TeamState.KIND), TeamState.class);
    assertThat(manager.participants()).isEmpty();
    assertThat(manager.messages())
        .extracting(AgentMessage::source)
        .containsExactly("user", "writer", "critic", "writer");
    // The first run ended after writer, critic, writer: the critic is next, and sees what it
    // missed.
    assertThat(speakers(actual)).containsExactly("user", "critic", "writer", "critic");
    assertThat(actual.messages()).isEqualTo(expected.messages());
    assertThat(actual.stopReason()).isEqualTo(expected.stopReason()).contains("APPROVE");
    assertThat(movedWriter.requests())
        .isEqualTo(writer.requests().subList(writerUsed, writer.requests().size()));
    assertThat(movedCritic.requests())
        .isEqualTo(critic.requests().subList(criticUsed, critic.requests().size()));
    assertThat(moved.saveState()).isEqualTo(original.saveState());
  }

  @Test
  void aManagerRejectsTheStateOfAnotherTeamAndKeepsItsOwn() throws Exception {
    RecordingRuntime runtime = track(new RecordingRuntime());
    Team team = track(new Team(writers(runtime, model(WRITER, 0), model(CRITIC, 0)), null, "t1"));
    team.run("Write a haiku");
    JsonNode before = runtime.agents.get("writers.t1.manager").saveState();
    TeamState other =
        new TeamState(
            "editors",
            List.of(AgentMessage.user("Edit")),
            java.util.Collections.singletonList(null),
            Map.of(),
            List.of(),
            List.of(),
            0,
            new RoundRobin().saveState(),
            null,
            Map.of());

    assertThatThrownBy(
            () ->
                runtime
                    .agents
                    .get("writers.t1.manager")
                    .loadState(State.write(TeamState.KIND, other)))
        .hasMessageContaining("team 'editors'")
        .hasMessageContaining("team 'writers'");
    assertThat(runtime.agents.get("writers.t1.manager").saveState()).isEqualTo(before);
  }

  @Test
  void aSelectorThatCannotSaveItsStateIsNamedWhenTheManagerIsSaved() throws Exception {
    RecordingRuntime runtime = track(new RecordingRuntime());
    SpeakerSelector first = (conversation, cancellation, events) -> List.of("writer");
    Team team =
        track(
            new Team(
                new TeamSpec(
                    "writers",
                    "",
                    List.of(agent("writer", model(WRITER, 0))),
                    first,
                    null,
                    1,
                    runtime),
                null,
                "t1"));
    team.run("Write");

    assertThatThrownBy(() -> runtime.agents.get("writers.t1.manager").saveState())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("speaker selector")
        .hasMessageContaining("implement SpeakerSelector.saveState");
  }

  @Test
  void aParticipantThatKeepsNoStateHandsOverAnEmptyDocument() throws Exception {
    RecordingRuntime runtime = track(new RecordingRuntime());
    ChatAgent echo =
        new ChatAgent() {
          @Override
          public String name() {
            return "echo";
          }

          @Override
          public String description() {
            return "repeats the last message";
          }

          @Override
          public AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              CancellationToken cancellation,
              Consumer<AgentEvent> listener) {
            String last = messages.get(messages.size() - 1).content();
            return new AgentResponse(
                new AgentMessage.Text("echo", last), List.of(), Usage.ZERO, null);
          }

          @Override
          public void reset() {}
        };
    Team team =
        track(
            new Team(
                new TeamSpec("echoes", "", List.of(echo), new RoundRobin(), null, 1, runtime),
                null,
                "t1"));

    assertThat(team.run("Hello").lastMessage().content()).isEqualTo("Hello");
    assertThat(runtime.agents).containsKey("echoes.t1.participant.echo");
    // As AutoGen's agents do, a custom agent that keeps nothing saves an empty state.
    JsonNode empty = runtime.agents.get("echoes.t1.participant.echo").saveState();
    assertThat(empty).isEqualTo(State.document(ChatAgent.STATELESS_KIND));
    runtime.agents.get("echoes.t1.participant.echo").loadState(empty);
    assertThat(runtime.saveStates())
        .containsOnlyKeys("echoes.t1.manager", "echoes.t1.participant.echo");
  }

  /**
   * A worker that loses an agent and gets it back makes it again with the team's factory. Built
   * from a spec factory, the agent made again holds nothing of the earlier one (which held the run
   * it was in when it was lost): it starts from the state stored for it, as a first agent does.
   */
  @Test
  void aTeamFromASpecFactoryMakesEveryAgentAnewHoldingNothingOfTheEarlierOne() throws Exception {
    RecordingRuntime runtime = track(new RecordingRuntime());
    AtomicInteger built = new AtomicInteger();
    Team team =
        track(
            new Team(
                () -> {
                  built.incrementAndGet();
                  return writers(runtime, model(WRITER, 0), model(CRITIC, 0));
                },
                null,
                "t1"));
    AgentId writerId = new AgentId("writers.t1.participant.writer", "default");
    AgentId managerId = new AgentId("writers.t1.manager", "default");
    JsonNode newWriter = runtime.factories.get(writerId.type()).create(writerId, runtime).saveState();
    JsonNode newManager =
        runtime.factories.get(managerId.type()).create(managerId, runtime).saveState();

    team.run("Write a haiku");
    JsonNode ranWriter = runtime.agents.get(writerId.type()).saveState();
    JsonNode ranManager = runtime.agents.get(managerId.type()).saveState();
    Agent writerAgain = runtime.factories.get(writerId.type()).create(writerId, runtime);
    Agent managerAgain = runtime.factories.get(managerId.type()).create(managerId, runtime);

    assertThat(ranWriter).isNotEqualTo(newWriter);
    assertThat(ranManager).isNotEqualTo(newManager);
    assertThat(writerAgain.saveState()).isEqualTo(newWriter);
    assertThat(managerAgain.saveState()).isEqualTo(newManager);
    // Once for the team itself, once for every agent made: two before the run, three in it, two
    // after.
    assertThat(built).hasValue(1 + 2 + 3 + 2);
    // Given the stored state, the agent made again is the one that ran.
    writerAgain.loadState(ranWriter);
    assertThat(writerAgain.saveState()).isEqualTo(ranWriter);
  }

  @Test
  void aSpecFactoryThatBuildsAnotherTeamFailsNamingBoth() {
    RecordingRuntime runtime = track(new RecordingRuntime());
    AtomicInteger built = new AtomicInteger();
    track(
        new Team(
            () ->
                built.getAndIncrement() == 0
                    ? writers(runtime, model(WRITER, 0), model(CRITIC, 0))
                    : new TeamSpec(
                        "writers",
                        "",
                        List.of(agent("writer", model(WRITER, 0))),
                        new RoundRobin(),
                        null,
                        3,
                        runtime),
            null,
            "t1"));
    AgentId manager = new AgentId("writers.t1.manager", "default");

    assertThatThrownBy(() -> runtime.factories.get(manager.type()).create(manager, runtime))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("team 'writers' of [writer]")
        .hasMessageContaining("team is 'writers' of [writer, critic]")
        .hasMessageContaining("build the same team every time");
  }
}
