package dev.cadre.benchmarks.cadre;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.benchmarks.fake.Echoes;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.Usage;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scenario 9: a participant that answers with the last message it was handed, as the echo agents
 * of AutoGen's tests do.
 */
final class EchoAgent implements ChatAgent {

  private final String name;
  private final Echoes echoes;

  EchoAgent(String name, Echoes echoes) {
    this.name = name;
    this.echoes = echoes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "Echoes the last message";
  }

  @Override
  public AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener) {
    String text = echoes.echo(name, messages.get(messages.size() - 1).content());
    return new AgentResponse(new AgentMessage.Text(name, text), List.of(), Usage.ZERO, null);
  }

  @Override
  public void reset() {}
}
