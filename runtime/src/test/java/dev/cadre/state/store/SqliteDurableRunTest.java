package dev.cadre.state.store;

import java.util.List;

/** Durable team runs on the embedded SQLite store. */
class SqliteDurableRunTest extends DurableRunContract {

  @Override
  CheckpointStore open() {
    return SqliteCheckpointStore.open(dir.resolve("runs.db"));
  }

  @Override
  List<String> childArguments() {
    return List.of("sqlite", dir.resolve("runs.db").toString());
  }
}
