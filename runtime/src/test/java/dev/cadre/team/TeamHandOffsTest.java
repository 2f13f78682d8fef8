package dev.cadre.team;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.InterventionHandler;
import dev.cadre.core.Json;
import dev.cadre.core.MessageContext;
import dev.cadre.model.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a team's agents hand work to one another in one process: a lone speaker speaks on the thread
 * that runs the team, a run nobody listens to publishes nothing, and the events of a run that is
 * listened to go out a step at a time (a streamed chunk at once), in the order they happened.
 */
@Timeout(30)
class TeamHandOffsTest {

  private final InProcessRuntime runtime = new InProcessRuntime();
  private final AtomicInteger progressPublishes = new AtomicInteger();
  private final List<Team> teams = new ArrayList<>();

  TeamHandOffsTest() {
    runtime.addInterventionHandler(
        new InterventionHandler() {
          @Override
          public Object onPublish(Object message, MessageContext context) {
            if (message instanceof TeamProtocol.Progress) {
              progressPublishes.incrementAndGet();
            }
            return message;
          }
        });
  }

  @AfterEach
  void close() {
    teams.forEach(Team::close);
    runtime.close();
  }

  /** Answers with its name and the last message it was given, noting the thread it ran on. */
  private static final class Echo implements ChatAgent {
    final String name;
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    Echo(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "echoes";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      threads.add(Thread.currentThread());
      AgentMessage answer =
          new AgentMessage.Text(name, name + " on " + messages.get(messages.size() - 1).content());
      return new AgentResponse(answer, List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {}
  }

  private Team roundRobin(int maxTurns, ChatAgent... participants) {
    Team team =
        new Team(
            new TeamSpec(
                "pair", "", List.of(participants), new RoundRobin(), null, maxTurns, runtime));
    teams.add(team);
    return team;
  }

  @Test
  void eachSpeakerSpeaksOnTheThreadThatRunsTheTeam() {
    Echo a = new Echo("a");
    Echo b = new Echo("b");
    Team team = roundRobin(4, a, b);

    TaskResult result = team.run("go");

    assertThat(result.messages())
        .extracting(AgentMessage::content)
        .containsExactly(
            "go", "a on go", "b on a on go", "a on b on a on go", "b on a on b on a on go");
    assertThat(a.threads).hasSize(2).containsOnly(Thread.currentThread());
    assertThat(b.threads).hasSize(2).containsOnly(Thread.currentThread());
  }

  @Test
  void aRunNobodyListensToPublishesNoEvents() {
    Team team = roundRobin(2, new Echo("a"), new Echo("b"));

    TaskResult result = team.run("go");

    assertThat(result.messages()).hasSize(3);
    assertThat(progressPublishes).hasValue(0);
  }

  @Test
  void aListenerGetsEveryEventInOrderPublishedAStepAtATime() {
    Team team = roundRobin(2, new Echo("a"), new Echo("b"));
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    TaskResult result = team.run(List.of(AgentMessage.user("go")), events::add);

    assertThat(events)
        .containsExactly(
            new TeamEvent.Message(AgentMessage.user("go")),
            new TeamEvent.SpeakersSelected(List.of("a")),
            new TeamEvent.Message(new AgentMessage.Text("a", "a on go")),
            new TeamEvent.SpeakersSelected(List.of("b")),
            new TeamEvent.Message(new AgentMessage.Text("b", "b on a on go")),
            new TeamEvent.Finished(result));
    // Before each choice of speakers, before each turn, and at the end: five publishes for six
    // events, where there was one per event.
    assertThat(progressPublishes).hasValue(5);
  }

  @Test
  void aStreamedChunkReachesTheListenerWhileItsSpeakerIsStillSpeaking() {
    CountDownLatch chunkSeen = new CountDownLatch(1);
    List<Boolean> seenInTime = Collections.synchronizedList(new ArrayList<>());
    ChatAgent streamer =
        new ChatAgent() {
          @Override
          public String name() {
            return "streamer";
          }

          @Override
          public String description() {
            return "streams";
          }

          @Override
          public AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              CancellationToken cancellation,
              Consumer<AgentEvent> listener) {
            listener.accept(new AgentEvent.ToolCallsRequested("streamer", List.of()));
            listener.accept(new AgentEvent.TextChunk("streamer", "Hel"));
            try {
              seenInTime.add(chunkSeen.await(5, SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            listener.accept(new AgentEvent.TextChunk("streamer", "lo"));
            AgentMessage answer = new AgentMessage.Text("streamer", "Hello");
            return new AgentResponse(answer, List.of(), Usage.ZERO, null);
          }

          @Override
          public void reset() {}
        };
    Team team = roundRobin(1, streamer);
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    team.run(
        List.of(AgentMessage.user("go")),
        event -> {
          events.add(event);
          if (event instanceof TeamEvent.Activity activity
              && activity.event() instanceof AgentEvent.TextChunk chunk
              && chunk.text().equals("Hel")) {
            chunkSeen.countDown();
          }
        });

    assertThat(seenInTime).containsExactly(true);
    assertThat(events)
        .containsSubsequence(
            new TeamEvent.SpeakersSelected(List.of("streamer")),
            new TeamEvent.Activity(new AgentEvent.ToolCallsRequested("streamer", List.of())),
            new TeamEvent.Activity(new AgentEvent.TextChunk("streamer", "Hel")),
            new TeamEvent.Activity(new AgentEvent.TextChunk("streamer", "lo")),
            new TeamEvent.Message(new AgentMessage.Text("streamer", "Hello")));
  }

  @Test
  void aStartOrSpeakWrittenWithoutItsFlagsPublishesEventsAndShowsTheTaskAsBefore() throws Exception {
    // A message written before the field existed (an older process on Kafka, say) keeps the
    // behaviour it was written for.
    TeamProtocol.Start start =
        Json.read("{\"runId\":\"r\",\"task\":[]}", TeamProtocol.Start.class);
    TeamProtocol.Speak speak =
        Json.read("{\"runId\":\"r\",\"messages\":[],\"turn\":1}", TeamProtocol.Speak.class);

    assertThat(start.withoutEvents()).isFalse();
    assertThat(start.withoutTaskMessages()).isFalse();
    assertThat(speak.withoutEvents()).isFalse();
    String quiet = Json.write(new TeamProtocol.Start("r", List.of(), false, true));
    assertThat(Json.read(quiet, TeamProtocol.Start.class).withoutEvents()).isTrue();
  }
}
