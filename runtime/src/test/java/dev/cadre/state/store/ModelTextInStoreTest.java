package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.state.State;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model text in a state document, through a real SQLite store and back. */
class ModelTextInStoreTest {

  @TempDir Path directory;

  /** A state body holding a conversation, as an agent's state does. */
  record Conversation(List<AgentMessage> messages) {}

  @Test
  void aLoneSurrogateInAStoredMessageComesBackAsAReplacementCharacter() throws Exception {
    AgentMessage said = new AgentMessage.Text("coder", "a smile cut in half: \ud83d, done");
    ObjectNode document = State.write("agent", new Conversation(List.of(said)));

    String payload;
    try (CheckpointStore store = SqliteCheckpointStore.open(directory.resolve("runs.db"))) {
      store.append("run-1", 0, CheckpointKind.MESSAGE, document);
      payload = store.load("run-1").orElseThrow().steps().get(0).payload();
    }

    AgentMessage read =
        State.read(State.open(State.parse(payload), "agent"), Conversation.class)
            .messages()
            .get(0);
    // The same character the event log, the report and the telemetry show, not the driver's '?'.
    assertThat(read)
        .isEqualTo(new AgentMessage.Text("coder", "a smile cut in half: \ufffd, done"));
    assertThat(payload.codePoints()).noneMatch(c -> c >= 0xd800 && c <= 0xdfff);
  }
}
