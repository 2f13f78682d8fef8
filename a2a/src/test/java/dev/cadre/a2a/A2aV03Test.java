package dev.cadre.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.a2a.A2aWire.Artifact;
import dev.cadre.a2a.A2aWire.ArtifactUpdate;
import dev.cadre.a2a.A2aWire.Message;
import dev.cadre.a2a.A2aWire.Part;
import dev.cadre.a2a.A2aWire.StatusUpdate;
import dev.cadre.a2a.A2aWire.StreamResponse;
import dev.cadre.a2a.A2aWire.Task;
import dev.cadre.a2a.A2aWire.TaskStatus;
import dev.cadre.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translation between Cadre's A2A 1.0 shapes and A2A 0.3, as @a2a-js/sdk 0.3 types them. */
class A2aV03Test {

  private static JsonNode tree(Object value) {
    return Json.mapper().valueToTree(value);
  }

  private static final List<Part> PARTS =
      List.of(
          Part.text("hello"),
          Part.data(Json.object().put("year", 1907)),
          new Part(null, null, "https://x.test/a.pdf", null, "application/pdf", "a.pdf", null),
          new Part(null, null, null, "aGk=", "text/plain", "hi.txt", null));

  @Test
  void aTaskBecomesA03TaskAndComesBackTheSame() throws Exception {
    Message said = new Message("m1", "c1", "t1", A2aWire.ROLE_AGENT, PARTS, null);
    Task task =
        new Task(
            "t1",
            "c1",
            new TaskStatus(A2aWire.INPUT_REQUIRED, said, "2026-12-07T00:00:00Z"),
            List.of(new Artifact("a1", "answer", null, PARTS, null)),
            List.of(
                new Message("m0", "c1", "t1", A2aWire.ROLE_USER, List.of(Part.text("q")), null)),
            null);

    JsonNode v03 = A2aV03.task(tree(task));

    assertThat(v03.path("kind").asText()).isEqualTo("task");
    assertThat(v03.path("status").path("state").asText()).isEqualTo("input-required");
    assertThat(v03.path("status").path("message").path("role").asText()).isEqualTo("agent");
    assertThat(v03.path("history").get(0).path("role").asText()).isEqualTo("user");
    JsonNode parts = v03.path("artifacts").get(0).path("parts");
    assertThat(parts.get(0).toString()).isEqualTo("{\"kind\":\"text\",\"text\":\"hello\"}");
    assertThat(parts.get(1).toString()).isEqualTo("{\"kind\":\"data\",\"data\":{\"year\":1907}}");
    assertThat(parts.get(2).toString())
        .isEqualTo(
            "{\"kind\":\"file\",\"file\":{\"uri\":\"https://x.test/a.pdf\","
                + "\"mimeType\":\"application/pdf\",\"name\":\"a.pdf\"}}");
    assertThat(parts.get(3).path("file").path("bytes").asText()).isEqualTo("aGk=");

    Task back = Json.mapper().treeToValue(A2aV03.fromTask(v03), Task.class);

    assertThat(back).isEqualTo(task);
  }

  @Test
  void streamEventsGoBareWithTheirKindAndAFinalFlag() throws Exception {
    StreamResponse working =
        StreamResponse.of(
            new StatusUpdate("t1", "c1", new TaskStatus(A2aWire.WORKING, null, "now"), null));
    StreamResponse done =
        StreamResponse.of(
            new StatusUpdate("t1", "c1", new TaskStatus(A2aWire.COMPLETED, null, "now"), null));
    StreamResponse artifact =
        StreamResponse.of(
            new ArtifactUpdate(
                "t1", "c1", new Artifact("a1", null, null, PARTS, null), false, true, null));

    assertThat(A2aV03.event(tree(working)).path("final").asBoolean()).isFalse();
    assertThat(A2aV03.event(tree(done)).path("final").asBoolean()).isTrue();
    assertThat(A2aV03.event(tree(done)).path("kind").asText()).isEqualTo("status-update");
    assertThat(A2aV03.event(tree(artifact)).path("kind").asText()).isEqualTo("artifact-update");
    for (StreamResponse event : List.of(working, done, artifact)) {
      StreamResponse back =
          Json.mapper()
              .treeToValue(A2aV03.fromEvent(A2aV03.event(tree(event))), StreamResponse.class);
      assertThat(back).isEqualTo(event);
    }
  }

  @Test
  void blockingIsTheOppositeOfReturnImmediately() {
    ObjectNode params = Json.object();
    params.putObject("configuration").put("returnImmediately", true);

    ObjectNode v03 = A2aV03.params(params);

    assertThat(v03.path("configuration").toString()).isEqualTo("{\"blocking\":false}");
    assertThat(A2aV03.fromParams(v03).path("configuration").toString())
        .isEqualTo("{\"returnImmediately\":true}");
    ObjectNode blocking = Json.object();
    blocking.putObject("configuration").put("blocking", true);
    assertThat(A2aV03.fromParams(blocking).path("configuration").has("returnImmediately"))
        .isFalse();
  }

  @Test
  void theMethodsAndStatesMapOneToOne() {
    for (String method : A2aWire.LEGACY_METHODS.values()) {
      assertThat(A2aWire.LEGACY_METHODS.get(A2aV03.method(method))).isEqualTo(method);
    }
    JsonNode unknown =
        A2aV03.fromTask(
            Json.object().put("id", "t").set("status", Json.object().put("state", "unknown")));
    assertThat(unknown.path("status").path("state").asText()).isEqualTo("TASK_STATE_UNSPECIFIED");
  }

  @Test
  void anEventOfNoKnownKindIsRefusedByName() {
    assertThatThrownBy(() -> A2aV03.fromEvent(Json.object().put("kind", "telegram")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'telegram'");
  }
}
