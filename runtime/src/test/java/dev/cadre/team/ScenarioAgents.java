package dev.cadre.team;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.Handoff;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.Usage;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * AutoGen's test agents in Cadre, for scenario tests translated from AutoGen's suite, and what
 * those tests read off a result.
 */
final class ScenarioAgents {

  private ScenarioAgents() {}

  /** AutoGen's {@code _EchoAgent}: answers with its turn's first message, or its last answer. */
  static final class Echo implements ChatAgent {
    private final String name;
    private String last;
    int turns;

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
      if (!messages.isEmpty()) {
        last = messages.get(0).content();
      }
      turns++;
      AgentMessage reply = new AgentMessage.Text(name, Objects.requireNonNull(last, "no echo"));
      return new AgentResponse(reply, List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {
      last = null;
    }
  }

  /** AutoGen's {@code _HandOffAgent}: always hands off to {@code next}, declaring it. */
  static final class HandOff implements ChatAgent {
    private final String name;
    private final String next;
    int turns;

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
    public List<Handoff> handoffs() {
      return List.of(Handoff.to(next));
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      turns++;
      AgentMessage reply =
          new AgentMessage.Handoff(name, next, "Transferred to " + next + ".", List.of());
      return new AgentResponse(reply, List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {}
  }

  /**
   * AutoGen's {@code _StopAgent}: echoes until its turn number reaches {@code max(stopAt, 1)}, then
   * answers {@code word}.
   */
  static final class Stopper implements ChatAgent {
    private final Echo echo;
    private final int stopAt;
    private final String word;
    private int count;

    Stopper(String name, int stopAt, String word) {
      this.echo = new Echo(name);
      this.stopAt = stopAt;
      this.word = word;
    }

    @Override
    public String name() {
      return echo.name();
    }

    @Override
    public String description() {
      return "stops at turn " + stopAt;
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      count++;
      if (count < stopAt) {
        return echo.onMessages(messages, cancellation, listener);
      }
      return new AgentResponse(
          new AgentMessage.Text(name(), word), List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {
      count = 0;
      echo.reset();
    }
  }

  static Echo echo(String name) {
    return new Echo(name);
  }

  static HandOff handOff(String name, String next) {
    return new HandOff(name, next);
  }

  /** The result's messages as {@code source: content}. */
  static List<String> lines(TaskResult result) {
    return result.messages().stream().map(m -> m.source() + ": " + m.content()).toList();
  }

  static List<String> sources(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).toList();
  }
}
