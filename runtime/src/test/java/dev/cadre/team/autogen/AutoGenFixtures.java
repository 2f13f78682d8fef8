package dev.cadre.team.autogen;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** AutoGen's test agents translated to Cadre, and renderings of results for exact assertions. */
final class AutoGenFixtures {

  private AutoGenFixtures() {}

  /**
   * AutoGen's _EchoAgent: answers with the first message of its turn, or repeats its last answer
   * when it got none.
   */
  static class Echo implements ChatAgent {
    final String name;
    String last;
    int turns;
    final List<List<AgentMessage>> received = new ArrayList<>();

    Echo(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "echo agent " + name;
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      received.add(List.copyOf(messages));
      if (!messages.isEmpty()) {
        last = messages.get(0).content();
      }
      turns++;
      if (last == null) {
        throw new IllegalStateException(name + " has nothing to echo");
      }
      return reply(new AgentMessage.Text(name, last));
    }

    @Override
    public void reset() {
      last = null;
    }
  }

  /**
   * AutoGen's _FlakyAgent: throws; given a number of failures, throws that many times and then
   * answers "recovered".
   */
  static final class Flaky implements ChatAgent {
    final String name;
    private int failuresLeft;

    Flaky(String name) {
      this(name, Integer.MAX_VALUE);
    }

    Flaky(String name, int failures) {
      this.name = name;
      this.failuresLeft = failures;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "a flaky agent";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new IllegalStateException("I am a flaky agent...");
      }
      return reply(new AgentMessage.Text(name, "recovered"));
    }

    @Override
    public void reset() {}
  }

  /** AutoGen's _HandOffAgent: always hands off to {@code next}, saying "Transferred to next.". */
  static final class HandOff implements ChatAgent {
    final String name;
    final String next;

    HandOff(String name, String next) {
      this.name = name;
      this.next = next;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "hands off to " + next;
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      return reply(
          new AgentMessage.Handoff(name, next, "Transferred to " + next + ".", List.of()));
    }

    @Override
    public void reset() {}
  }

  /** An echo agent whose first turn blocks until {@link #open()}, saying when it has begun. */
  static final class Gate extends Echo {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    Gate(String name) {
      super(name);
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      entered.countDown();
      try {
        if (!open.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the gate was never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return super.onMessages(messages, cancellation, listener);
    }

    void awaitEntered() throws InterruptedException {
      if (!entered.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " never got its turn");
      }
    }

    void open() {
      open.countDown();
    }
  }

  /** An agent that always answers {@code answer}. */
  static ChatAgent answering(String name, AgentMessage answer) {
    return new ChatAgent() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "answers " + answer.content();
      }

      @Override
      public AgentResponse onMessages(
          List<? extends AgentMessage> messages,
          CancellationToken cancellation,
          Consumer<AgentEvent> listener) {
        return reply(answer);
      }

      @Override
      public void reset() {}
    };
  }

  static AgentResponse reply(AgentMessage message) {
    return new AgentResponse(message, List.of(), Usage.ZERO, null);
  }

  static Echo echo(String name) {
    return new Echo(name);
  }

  static HandOff handOff(String name, String next) {
    return new HandOff(name, next);
  }

  /** An assistant on a replay model, described, with no system message to clutter requests. */
  static AssistantAgent agent(String name, ReplayChatModel model) {
    return agentBuilder(name, model).build();
  }

  static AssistantAgent.Builder agentBuilder(String name, ReplayChatModel model) {
    return AssistantAgent.builder(name)
        .description(name + " agent")
        .systemMessage(null)
        .model(model);
  }

  /** The result's chat messages as {@code source: content}. */
  static List<String> lines(TaskResult result) {
    return lines(result.messages());
  }

  static List<String> lines(List<AgentMessage> messages) {
    return messages.stream().map(m -> m.source() + ": " + m.content()).toList();
  }

  static List<String> sources(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).toList();
  }

  /**
   * The result's timeline: {@code msg source: content} for a chat message, {@code [Kind source]}
   * for an agent event, {@code inner source: content} for an inner message, {@code select [a, b]}
   * for a choice of speakers.
   */
  static List<String> timeline(TaskResult result) {
    return timeline(result.timeline());
  }

  static List<String> timeline(List<TeamEvent> events) {
    return events.stream().map(AutoGenFixtures::entry).toList();
  }

  static String entry(TeamEvent event) {
    if (event instanceof TeamEvent.Message message) {
      return "msg " + message.message().source() + ": " + message.message().content();
    }
    if (event instanceof TeamEvent.SpeakersSelected selected) {
      return "select " + selected.speakers();
    }
    if (event instanceof TeamEvent.SelectorReply reply) {
      return "selector " + reply.attempt() + ": " + reply.text();
    }
    if (event instanceof TeamEvent.Activity activity) {
      if (activity.event() instanceof AgentEvent.InnerMessage inner) {
        return "inner " + inner.message().source() + ": " + inner.message().content();
      }
      return "[" + activity.event().getClass().getSimpleName() + " " + activity.event().source()
          + "]";
    }
    return event.getClass().getSimpleName();
  }
}
