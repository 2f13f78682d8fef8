package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentId;
import dev.cadre.core.contract.TestAgents.Holding;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.cadre.core.AgentRuntime#unregister}: the handler in flight is cancelled, the agents
 * are closed by the time it returns, and the type can be registered again with fresh agents. What
 * becomes of the type's queued messages differs between a runtime of one process and one spread
 * over processes, so each runtime's own tests check that.
 */
public abstract class UnregisterContract extends RuntimeContract {

  @Test
  void unregisterCancelsTheHandlerInFlightClosesTheAgentsAndTheTypeCanComeBack()
      throws Exception {
    Holding holding = new Holding();
    runtime.register("worker", (id, rt) -> holding);
    AgentId other = new AgentId("worker", "other");
    assertThat(reply(runtime, "hi", other)).isEqualTo("ok hi");
    runtime.send("hold", new AgentId("worker", "busy"));
    holding.awaitStarted();

    runtime.unregister("worker");

    assertThat(holding.cancelled.getCount()).as("the handler in flight was cancelled").isZero();
    assertThat(holding.closes).as("both agents closed, once each").hasValue(2);
    runtime.register("worker", (id, rt) -> (message, context) -> "second " + message);
    assertThat(reply(runtime, "hi", other)).isEqualTo("second hi");
    assertThat(holding.closes).hasValue(2);
  }

  @Test
  void aLocalTypeCanBeUnregisteredAndRegisteredAgain() throws Exception {
    AgentId observer = new AgentId("observer", "o");
    runtime.registerLocal("observer", (id, rt) -> (message, context) -> "first " + message);
    assertThat(reply(runtime, "hi", observer)).isEqualTo("first hi");

    runtime.unregister("observer");
    runtime.registerLocal("observer", (id, rt) -> (message, context) -> "second " + message);

    assertThat(reply(runtime, "hi", observer)).isEqualTo("second hi");
  }

  @Test
  void unregisteringATypeThatIsNotRegisteredIsRejectedNamingIt() {
    runtime.register("worker", (id, rt) -> (message, context) -> message);
    runtime.unregister("worker");

    assertThatThrownBy(() -> runtime.unregister("worker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot unregister agent type \"worker\": it is not registered here");
    assertThatThrownBy(() -> runtime.unregister("ghost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent type \"ghost\"");
  }
}
