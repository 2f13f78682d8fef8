package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.state.State;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Model text in a state document, through a real store and back. */
class ModelTextInStoreTest {

  /** A state body holding a conversation, as an agent's state does. */
  record Conversation(List<AgentMessage> messages) {}

  /** Stores a message with half a surrogate pair and reads it back. */
  static void aLoneSurrogateComesBackAsAReplacementCharacter(CheckpointStore store) {
    AgentMessage said = new AgentMessage.Text("coder", "a smile cut in half: \ud83d, done");
    ObjectNode document = State.write("agent", new Conversation(List.of(said)));

    store.append("run-1", 0, CheckpointKind.MESSAGE, document);
    String payload = store.load("run-1").orElseThrow().steps().get(0).payload();

    AgentMessage read =
        State.read(State.open(State.parse(payload), "agent"), Conversation.class)
            .messages()
            .get(0);
    // The same character the event log, the report and the telemetry show, not the driver's '?'.
    assertThat(read)
        .isEqualTo(new AgentMessage.Text("coder", "a smile cut in half: \ufffd, done"));
    assertThat(payload.codePoints()).noneMatch(c -> c >= 0xd800 && c <= 0xdfff);
  }

  @Nested
  class OnSqlite {
    @TempDir Path directory;

    @Test
    void aLoneSurrogateInAStoredMessageComesBackAsAReplacementCharacter() {
      try (CheckpointStore store = SqliteCheckpointStore.open(directory.resolve("runs.db"))) {
        aLoneSurrogateComesBackAsAReplacementCharacter(store);
      }
    }
  }

  @Nested
  @ExtendWith(PostgresTestServer.Extension.class)
  class OnPostgres {
    private final String url;

    OnPostgres(PostgresTestServer server) {
      this.url = server.newSchemaUrl();
    }

    @Test
    void aLoneSurrogateInAStoredMessageComesBackAsAReplacementCharacter() {
      try (CheckpointStore store = PostgresCheckpointStore.open(url, null, null)) {
        aLoneSurrogateComesBackAsAReplacementCharacter(store);
      }
    }
  }
}
