package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.await;
import static dev.cadre.core.contract.TestAgents.flush;
import static dev.cadre.core.contract.TestAgents.recorder;
import static dev.cadre.core.contract.TestAgents.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.core.RuntimeEvent.AgentFailed;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.core.contract.TestAgents.Note;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures: a send fails with an {@link AgentException} naming the agent, every delivery failure
 * reaches listeners as {@link AgentFailed}, and agents, mailboxes and listeners survive them.
 */
public abstract class ErrorContract extends RuntimeContract {


  @BeforeEach
  void registerFaultyAgent() {
    runtime.register(
        "faulty",
        (id, rt) ->
            (message, context) -> {
              if (message instanceof Note note && note.text().equals("fail")) {
                throw new IllegalStateException("boom");
              }
              return "fine";
            });
  }

  @Test
  void failingHandlerFailsTheSendWithAnAgentExceptionNamingTheAgent() throws Exception {
    AgentId faulty = new AgentId("faulty", "k1");

    assertThatThrownBy(() -> await(runtime.send(new Note("fail"), faulty)))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "agent faulty/k1 failed handling "
                + Note.class.getName()
                + ": java.lang.IllegalStateException: boom")
        .hasCauseInstanceOf(IllegalStateException.class)
        .asInstanceOf(type(AgentException.class))
        .satisfies(
            e -> {
              assertThat(e.agent()).isEqualTo(faulty);
              assertThat(e.messageType()).isEqualTo(Note.class.getName());
            });

    // Sends are reported to listeners as well, with no topic.
    AgentFailed event = events.next(AgentFailed.class);
    assertThat(event.agent()).isEqualTo(faulty);
    assertThat(event.topic()).isNull();
    assertThat(event.error()).contains("boom");
    // The agent survives its failure.
    assertThat(reply(runtime, new Note("ok"), faulty)).isEqualTo("fine");
  }

  @Test
  void failingFactoryFailsTheSendNamingTheAgentAndIsRetriedOnTheNextMessage() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    runtime.register(
        "fragile",
        (id, rt) -> {
          if (attempts.incrementAndGet() == 1) {
            throw new IllegalArgumentException("no model configured");
          }
          return recorder();
        });
    AgentId fragile = new AgentId("fragile", "f");

    assertThatThrownBy(() -> await(runtime.send(new Note("1"), fragile)))
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("cannot create agent fragile/f")
        .hasMessageContaining("its factory threw java.lang.IllegalArgumentException: no model")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(reply(runtime, new Note("2"), fragile)).isEqualTo("ok");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void factoryReturningNullFailsTheSend() {
    runtime.register("hollow", (id, rt) -> null);

    assertThatThrownBy(() -> await(runtime.send(new Note("1"), new AgentId("hollow", "h"))))
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("the factory of agent type \"hollow\" returned null for hollow/h");
  }

  @Test
  void sendToUnknownTypeFailsListingTheRegisteredTypes() {
    runtime.register("alpha", (id, rt) -> recorder());

    assertThatThrownBy(() -> await(runtime.send(new Note("x"), new AgentId("ghost", "g"))))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("no agent type \"ghost\" is registered")
        .hasMessageContaining("registered types: [alpha, faulty]")
        .hasMessageContaining("call register(\"ghost\", factory)");
  }

  @Test
  void failingHandlerOnPublishReachesListenersAsAgentFailed() throws Exception {
    runtime.addSubscription(new TypeSubscription("jobs", "faulty"));
    TopicId topic = new TopicId("jobs", "k2");

    await(runtime.publish(new Note("fail"), topic));

    AgentFailed event = events.next(AgentFailed.class);
    assertThat(event.agent()).isEqualTo(new AgentId("faulty", "k2"));
    assertThat(event.topic()).isEqualTo(topic);
    assertThat(event.messageType()).isEqualTo(Note.class.getName());
    assertThat(event.error())
        .contains("agent faulty/k2 failed handling")
        .contains("IllegalStateException: boom");
    assertThat(event.messageId()).isNotBlank();
    // The runtime carries on.
    assertThat(reply(runtime, new Note("ok"), new AgentId("faulty", "k2"))).isEqualTo("fine");
  }

  @Test
  void failingFactoryAndUnknownTypeOnPublishReachListeners() throws Exception {
    runtime.register(
        "broken",
        (id, rt) -> {
          throw new IllegalStateException("cannot start");
        });
    runtime.addSubscription(new TypeSubscription("jobs", "broken"));

    await(runtime.publish(new Note("x"), new TopicId("jobs", "b")));
    AgentFailed factoryFailure = events.next(AgentFailed.class);

    runtime.addSubscription(new TypeSubscription("alerts", "nobody"));
    await(runtime.publish(new Note("y"), new TopicId("alerts", "n")));
    AgentFailed unknownType = events.next(AgentFailed.class);

    assertThat(factoryFailure.agent()).isEqualTo(new AgentId("broken", "b"));
    assertThat(factoryFailure.error()).contains("cannot create agent broken/b", "cannot start");
    assertThat(unknownType.agent()).isEqualTo(new AgentId("nobody", "n"));
    assertThat(unknownType.error()).contains("no agent type \"nobody\" is registered");
  }

  @Test
  void throwingListenerDoesNotStopDeliveryOrOtherListeners() throws Exception {
    runtime.removeListener(events);
    runtime.addListener(
        event -> {
          throw new IllegalStateException("listener bug");
        });
    runtime.addListener(events);
    runtime.register("reader", (id, rt) -> recorder());
    runtime.addSubscription(new TypeSubscription("jobs", "faulty"));
    runtime.addSubscription(new TypeSubscription("jobs", "reader"));

    await(runtime.publish(new Note("fail"), new TopicId("jobs", "j")));

    assertThat(events.next(AgentFailed.class).agent()).isEqualTo(new AgentId("faulty", "j"));
    assertThat(flush(runtime, new AgentId("reader", "j"))).containsExactly(new Note("fail"));
  }

  @Test
  void agentErrorsAreNotSwallowedAndDoNotWedgeTheMailbox() throws Exception {
    runtime.register(
        "asserting",
        (id, rt) ->
            (message, context) -> {
              if (message.equals("bad")) {
                throw new AssertionError("invariant broken");
              }
              return "good";
            });
    AgentId agent = new AgentId("asserting", "a");

    assertThatThrownBy(() -> await(runtime.send("bad", agent)))
        .cause()
        .isInstanceOf(AgentException.class)
        .hasCauseInstanceOf(AssertionError.class);
    assertThat(reply(runtime, "next", agent)).isEqualTo("good");
  }
}
