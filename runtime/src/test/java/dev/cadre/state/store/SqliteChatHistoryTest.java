package dev.cadre.state.store;

import java.util.List;

/** Persistent chat history on the embedded SQLite store. */
class SqliteChatHistoryTest extends ChatHistoryContract {

  @Override
  CheckpointStore open() {
    return SqliteCheckpointStore.open(dir.resolve("history.db"));
  }

  @Override
  List<String> childArguments() {
    return List.of("sqlite", dir.resolve("history.db").toString());
  }
}
