package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.await;
import static dev.cadre.core.contract.TestAgents.flush;
import static dev.cadre.core.contract.TestAgents.recorder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.InterventionHandler;
import dev.cadre.core.MessageContext;
import dev.cadre.core.MessageDroppedException;
import dev.cadre.core.RuntimeEvent.MessageDropped;
import dev.cadre.core.RuntimeEvent.Stage;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.core.contract.TestAgents.Flush;
import dev.cadre.core.contract.TestAgents.Note;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Intervention handlers: replacing and dropping sends, publishes and replies, in order. */
public abstract class InterventionContract extends RuntimeContract {

  private final AtomicInteger created = new AtomicInteger();
  private final AgentId echo = new AgentId("echo", "e");

  @BeforeEach
  void setUp() {
    runtime.register(
        "echo",
        (id, rt) -> {
          created.incrementAndGet();
          return (message, context) -> message instanceof Note note ? note.text() : "?";
        });
    runtime.register("reader", (id, rt) -> recorder());
  }

  static final class Redact implements InterventionHandler {
    @Override
    public Object onSend(Object message, MessageContext context, AgentId recipient) {
      return message instanceof Note note
          ? new Note(note.text().replace("secret", "***"))
          : message;
    }
  }

  static final class DropNotes implements InterventionHandler {
    @Override
    public Object onSend(Object message, MessageContext context, AgentId recipient) {
      return message instanceof Note ? DROP : message;
    }

    @Override
    public Object onPublish(Object message, MessageContext context) {
      return message instanceof Note note && note.text().startsWith("spam") ? DROP : message;
    }
  }

  @Test
  void onSendCanReplaceTheMessageAndHandlersRunInOrder() throws Exception {
    runtime.addInterventionHandler(new Redact());
    runtime.addInterventionHandler(
        new InterventionHandler() {
          @Override
          public Object onSend(Object message, MessageContext context, AgentId recipient) {
            return new Note(((Note) message).text() + " for " + recipient);
          }
        });

    String reply = await(runtime.send(new Note("the secret"), echo));

    assertThat(reply).isEqualTo("the *** for echo/e");
  }

  @Test
  void droppedSendFailsWithMessageDroppedAndNeverReachesTheAgent() throws Exception {
    runtime.addInterventionHandler(new DropNotes());
    AgentId caller = new AgentId("caller", "c");

    assertThatThrownBy(
            () -> await(runtime.send(new Note("x"), echo, caller, CancellationToken.none())))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(MessageDroppedException.class)
        .hasMessageContaining(DropNotes.class.getName())
        .hasMessageContaining("dropped the send of " + Note.class.getName() + " to echo/e");
    assertThat(created).hasValue(0);
    MessageDropped event = events.next(MessageDropped.class);
    assertThat(event.stage()).isEqualTo(Stage.SEND);
    assertThat(event.sender()).isEqualTo(caller);
    assertThat(event.recipient()).isEqualTo(echo);
    assertThat(event.handler()).isEqualTo(DropNotes.class.getName());
  }

  @Test
  void droppedPublishIsDeliveredToNobody() throws Exception {
    runtime.addInterventionHandler(new DropNotes());
    runtime.addSubscription(new TypeSubscription("inbox", "reader"));
    TopicId inbox = new TopicId("inbox", "r");

    await(runtime.publish(new Note("spam offer"), inbox));
    await(runtime.publish(new Note("real mail"), inbox));

    assertThat(flush(runtime, new AgentId("reader", "r"))).containsExactly(new Note("real mail"));
    MessageDropped event = events.next(MessageDropped.class);
    assertThat(event.stage()).isEqualTo(Stage.PUBLISH);
    assertThat(event.topic()).isEqualTo(inbox);
    assertThat(event.recipient()).isNull();
  }

  @Test
  void onPublishCanReplaceTheMessage() throws Exception {
    runtime.addInterventionHandler(
        new InterventionHandler() {
          @Override
          public Object onPublish(Object message, MessageContext context) {
            return new Note("[" + context.topic() + "] " + ((Note) message).text());
          }
        });
    runtime.addSubscription(new TypeSubscription("inbox", "reader"));

    await(runtime.publish(new Note("hi"), new TopicId("inbox", "r")));

    assertThat(flush(runtime, new AgentId("reader", "r")))
        .containsExactly(new Note("[inbox/r] hi"));
  }

  @Test
  void onResponseCanReplaceTheReplyAndSeesWhoRepliedToWhom() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    runtime.addInterventionHandler(
        new InterventionHandler() {
          @Override
          public Object onResponse(Object message, AgentId sender, AgentId recipient) {
            if (message instanceof String text) {
              seen.add(sender + " -> " + recipient);
              return text.toUpperCase();
            }
            return message;
          }
        });
    AgentId caller = new AgentId("caller", "c");

    String reply = await(runtime.send(new Note("quiet"), echo, caller, CancellationToken.none()));

    assertThat(reply).isEqualTo("QUIET");
    assertThat(seen).containsExactly("echo/e -> caller/c");
  }

  @Test
  void droppedResponseFailsTheSend() throws Exception {
    runtime.addInterventionHandler(
        new InterventionHandler() {
          @Override
          public Object onResponse(Object message, AgentId sender, AgentId recipient) {
            return DROP;
          }
        });

    assertThatThrownBy(() -> await(runtime.send(new Note("x"), echo)))
        .cause()
        .isInstanceOf(MessageDroppedException.class)
        .hasMessageContaining("dropped the reply of echo/e");
    MessageDropped event = events.next(MessageDropped.class);
    assertThat(event.stage()).isEqualTo(Stage.RESPONSE);
    assertThat(event.sender()).isEqualTo(echo);
    assertThat(event.recipient()).isNull();
    assertThat(event.messageType()).isEqualTo(String.class.getName());
  }

  @Test
  void throwingInterventionFailsTheSendWithItsException() {
    runtime.addInterventionHandler(
        new InterventionHandler() {
          @Override
          public Object onSend(Object message, MessageContext context, AgentId recipient) {
            throw new IllegalArgumentException("not approved");
          }
        });

    assertThatThrownBy(() -> await(runtime.send(new Flush(), echo)))
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not approved");
    assertThat(created).hasValue(0);
  }
}
