package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.contract.TestAgents.Holding;
import dev.cadre.core.contract.TestAgents.Note;
import dev.cadre.core.contract.TestAgents.Sequencer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.cadre.core.AgentRuntime#call}: a send that waits for its reply. Whether or not the
 * runtime runs the handler on the calling thread, the handler sees what a send's handler sees, the
 * agent still handles one message at a time in arrival order, and cancellation still reaches it.
 */
public abstract class CallContract extends RuntimeContract {

  @Test
  void callReturnsTheReplyAndThrowsAFailureAsItIs() throws Exception {
    runtime.register("echo", (id, rt) -> (message, context) -> "echo " + message);
    runtime.register(
        "probe",
        (id, rt) -> (message, context) -> List.of(context.sender(), context.rpc(), id.key()));
    runtime.register(
        "faulty",
        (id, rt) ->
            (message, context) -> {
              throw new IllegalStateException("boom");
            });
    AgentId caller = new AgentId("caller", "c");

    String echoed = runtime.call("hi", new AgentId("echo", "1"), null, null);
    List<Object> seen = runtime.call("x", new AgentId("probe", "p"), caller, null);

    assertThat(echoed).isEqualTo("echo hi");
    assertThat(seen).containsExactly(caller, true, "p");
    assertThatThrownBy(() -> runtime.call(new Note("x"), new AgentId("faulty", "f"), null, null))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "agent faulty/f failed handling "
                + Note.class.getName()
                + ": java.lang.IllegalStateException: boom")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> runtime.call("x", new AgentId("ghost", "g"), null, null))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("no agent type \"ghost\" is registered");
  }

  @Test
  void callsAndSendsToOneAgentAreHandledOneAtATimeInEachSendersOrder() throws Exception {
    int senders = 4;
    int perSender = 150;
    Sequencer sequencer = new Sequencer();
    runtime.register("counter", (id, rt) -> sequencer);
    AgentId counter = new AgentId("counter", "one");
    sequencer.sendFromThreads(
        senders,
        perSender,
        message -> {
          // Odd senders wait for each reply, even ones pipeline: calls meet queued sends.
          if (message.sender() % 2 == 1) {
            runtime.call(message, counter, null, null);
            return null;
          }
          return runtime.send(message, counter);
        });

    sequencer.assertOneAtATimeInEachSendersOrder(senders, perSender);
  }

  @Test
  void aCallFromAHandlerReachesAnotherAgentAndItsReplyComesBack() throws Exception {
    runtime.register("back", (id, rt) -> (message, context) -> "back:" + context.sender().key());
    runtime.register(
        "front",
        (id, rt) ->
            (message, context) -> {
              AgentId back = new AgentId("back", "b");
              String first = rt.call(message, back, id, context.cancellation());
              String second = rt.call(message, back, id, context.cancellation());
              return first + "," + second;
            });

    String reply = runtime.call("x", new AgentId("front", "f"), null, null);

    assertThat(reply).isEqualTo("back:f,back:f");
  }

  @Test
  void cancellingTheCallersTokenCancelsTheHandlerAndTheCallThrows() throws Exception {
    Holding holding = new Holding();
    runtime.register("slow", (id, rt) -> holding);
    CancellationToken token = new CancellationToken();
    ExecutorService canceller = Executors.newSingleThreadExecutor();
    try {
      canceller.submit(
          () -> {
            holding.awaitStarted();
            token.cancel();
            return null;
          });

      assertThatThrownBy(() -> runtime.call("hold", new AgentId("slow", "s"), null, token))
          .isInstanceOf(CancelledException.class)
          .hasMessage("the send of java.lang.String to slow/s was cancelled");
    } finally {
      canceller.shutdownNow();
    }
    assertThat(holding.cancelled.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    assertThat(events.drain()).isEmpty();
  }
}
