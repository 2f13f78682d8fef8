package dev.cadre.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.cadre.core.RuntimeEvent.AgentFailed;
import dev.cadre.core.RuntimeEvent.MessageDropped;
import dev.cadre.core.RuntimeEvent.Stage;
import org.junit.jupiter.api.Test;

/** The core contract's values survive JSON, which is what a distributed runtime needs. */
class CoreJsonTest {

  @Test
  void agentIdAndTopicIdRoundTrip() throws Exception {
    AgentId id = new AgentId("writer", "conv/1");
    TopicId topic = new TopicId("chat:group", "run-1");

    assertThat(Json.write(id)).isEqualTo("{\"type\":\"writer\",\"key\":\"conv/1\"}");
    assertThat(Json.read(Json.write(id), AgentId.class)).isEqualTo(id);
    assertThat(Json.write(topic)).isEqualTo("{\"type\":\"chat:group\",\"source\":\"run-1\"}");
    assertThat(Json.read(Json.write(topic), TopicId.class)).isEqualTo(topic);
  }

  @Test
  void invalidIdInJsonIsRejectedWithTheRule() {
    assertThatThrownBy(() -> Json.read("{\"type\":\"bad type\",\"key\":\"k\"}", AgentId.class))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageContaining("AgentId type \"bad type\" is invalid");
  }

  @Test
  void subscriptionsRoundTripThroughTheInterface() throws Exception {
    Subscription type = new TypeSubscription("news", "reader");
    Subscription prefix = new TypePrefixSubscription("news.", "archiver");

    assertThat(Json.write(type))
        .isEqualTo("{\"kind\":\"type\",\"topicType\":\"news\",\"agentType\":\"reader\"}");
    assertThat(Json.write(prefix))
        .isEqualTo(
            "{\"kind\":\"type_prefix\",\"topicTypePrefix\":\"news.\",\"agentType\":\"archiver\"}");
    assertThat(Json.read(Json.write(type), Subscription.class)).isEqualTo(type);
    assertThat(Json.read(Json.write(prefix), Subscription.class)).isEqualTo(prefix);
    assertThat(Json.read(Json.write(prefix), Subscription.class).id()).isEqualTo(prefix.id());
  }

  @Test
  void runtimeEventsRoundTripThroughTheInterface() throws Exception {
    RuntimeEvent failed =
        new AgentFailed(
            new AgentId("reader", "s1"),
            new TopicId("news", "s1"),
            "com.example.Note",
            "agent reader/s1 failed handling com.example.Note: boom",
            "m-1");
    RuntimeEvent failedSend =
        new AgentFailed(new AgentId("reader", "s1"), null, "com.example.Note", "boom", "m-2");
    RuntimeEvent dropped =
        new MessageDropped(
            Stage.RESPONSE,
            new AgentId("reader", "s1"),
            new AgentId("caller", "c"),
            null,
            "java.lang.String",
            "m-3",
            "com.example.Redactor");

    for (RuntimeEvent event : new RuntimeEvent[] {failed, failedSend, dropped}) {
      assertThat(Json.read(Json.write(event), RuntimeEvent.class)).isEqualTo(event);
    }
    assertThat(Json.write(failed)).startsWith("{\"event\":\"agent_failed\"");
    assertThat(Json.write(dropped))
        .startsWith("{\"event\":\"message_dropped\"")
        .contains("\"stage\":\"RESPONSE\"");
  }

  @Test
  void messageContextRoundTripsWithoutItsToken() throws Exception {
    CancellationToken token = new CancellationToken();
    token.cancel();
    MessageContext context =
        new MessageContext(
            new AgentId("writer", "w"), new TopicId("news", "s"), false, "m-9", token);

    String json = Json.write(context);
    MessageContext read = Json.read(json, MessageContext.class);

    assertThat(json).doesNotContain("cancel");
    assertThat(read.sender()).isEqualTo(context.sender());
    assertThat(read.topic()).isEqualTo(context.topic());
    assertThat(read.rpc()).isFalse();
    assertThat(read.messageId()).isEqualTo("m-9");
    assertThat(read.cancellation()).isNotNull().isNotSameAs(token);
    assertThat(read.cancellation().isCancelled()).isFalse();
  }
}
