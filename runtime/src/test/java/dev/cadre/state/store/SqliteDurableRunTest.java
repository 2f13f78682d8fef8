package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.team.Team;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Durable team runs on the embedded SQLite store, and what becomes of a run whose write-ahead log
 * is lost or cut after a crash.
 */
class SqliteDurableRunTest extends DurableRunContract {

  private Path file() {
    return dir.resolve("runs.db");
  }

  @Override
  CheckpointStore open() {
    return SqliteCheckpointStore.open(file());
  }

  @Override
  List<String> childArguments() {
    return List.of("sqlite", file().toString());
  }

  @Override
  Connection jdbc() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }

  /** Waits for the child to record its last commit beside the database, as it does after each. */
  @Override
  void settled() throws Exception {
    CommitRecord record = new CommitRecord(Path.of(file() + "-commits"));
    long committed = Long.parseLong(query("SELECT commits FROM cadre_sqlite_commits"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (record.read() < committed) {
      assertThat(System.nanoTime())
          .as("commit %d recorded in 30 s", committed)
          .isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private Path wal() {
    return dir.resolve("runs.db-wal");
  }

  /** The ways a crashed run's write-ahead log goes missing. */
  enum Loss {
    DELETED,
    HEADER_OVERWRITTEN,
    DATABASE_COPIED_WITHOUT_IT
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void aRunWhoseWriteAheadLogWasLostAfterACrashIsNotTakenForAnUnknownRun(Loss loss)
      throws Exception {
    Path ledger = dir.resolve("ledger.log");
    crashAfterToolResult("lost", ledger);
    assertThat(wal()).exists();
    Path database = file();
    switch (loss) {
      case DELETED -> Files.delete(wal());
      case HEADER_OVERWRITTEN -> {
        try (FileChannel channel = FileChannel.open(wal(), StandardOpenOption.WRITE)) {
          channel.write(ByteBuffer.allocate(32), 0);
        }
      }
      case DATABASE_COPIED_WITHOUT_IT -> {
        Path copy = Files.createDirectories(dir.resolve("copy"));
        // The database and its commit record, as a copy of "runs.db*" without the log would.
        for (String name : List.of("runs.db", "runs.db-commits")) {
          Files.copy(dir.resolve(name), copy.resolve(name));
        }
        database = copy.resolve("runs.db");
      }
    }

    try (CheckpointStore store = SqliteCheckpointStore.open(database);
        Team team = DurableTeams.team(store, ledger, true, Duration.ZERO)) {
      assertThatThrownBy(() -> team.resume("lost"))
          .isInstanceOf(LostCommitsException.class)
          .hasMessageContaining("there is no run 'lost' in SQLite checkpoint store " + database)
          .hasMessageContaining("write-ahead log")
          .hasMessageContaining("was deleted or damaged")
          .hasMessageContaining("'lost' may have existed and done work")
          .hasMessageContaining("do not start it again blindly");
      // Starting it again under its id is refused for the same reason, before anything runs.
      assertThatThrownBy(() -> team.runDurable("lost", DurableTeams.TASK, event -> {}))
          .isInstanceOf(LostCommitsException.class)
          .hasMessageContaining("'lost' may have existed and done work");
    }
    assertThat(Files.readAllLines(ledger)).containsExactly("filed call_1");
  }

  @Test
  void aWriteAheadLogCutInTheMiddleOfTheToolResultIsReportedInsteadOfRunningTheToolAgain()
      throws Exception {
    Path ledger = dir.resolve("ledger.log");
    crashAfterToolResult("cut", ledger);
    // Cut the log half-way through its last frame: the one that commits the tool result. SQLite
    // checks each frame's checksum, so it drops that whole transaction and keeps the ones before.
    int pageSize;
    try (FileChannel channel = FileChannel.open(wal(), StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(32);
      channel.read(header, 0);
      pageSize = header.getInt(8);
    }
    long frame = 24 + pageSize;
    try (FileChannel channel = FileChannel.open(wal(), StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - frame / 2);
    }

    try (CheckpointStore store = open();
        Team team = DurableTeams.team(store, ledger, false, Duration.ZERO)) {
      assertThatThrownBy(() -> team.resume("cut"))
          .isInstanceOf(LostCommitsException.class)
          .hasMessageContaining("run 'cut' is at version")
          .hasMessageContaining("write-ahead log")
          .hasMessageContaining("was deleted or damaged")
          .hasMessageContaining("may be missing its latest steps")
          .hasMessageContaining("could repeat tool calls that had completed")
          .hasMessageContaining(file() + "-commits");
    }
    assertThat(Files.readAllLines(ledger)).containsExactly("filed call_1");

    // What the message offers: delete the commit record to accept the store as it is. The cut
    // took the tool result and left the call before it, so the resumed run calls the tool again.
    Files.delete(Path.of(file() + "-commits"));
    try (CheckpointStore store = open()) {
      assertThat(store.load("cut").orElseThrow().steps())
          .extracting(Checkpoint::kind)
          .contains(CheckpointKind.TOOL_CALL)
          .doesNotContain(CheckpointKind.TOOL_RESULT);
      try (Team team = DurableTeams.team(store, ledger, false, Duration.ZERO)) {
        assertThat(team.resume("cut").messages()).hasSize(4);
      }
    }
    assertThat(Files.readAllLines(ledger)).containsExactly("filed call_1", "filed call_1");
  }
}
