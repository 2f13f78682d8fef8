package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCheckpointStoreTest extends CheckpointStoreContract {

  @TempDir Path directory;

  private Path file() {
    return directory.resolve("nested/dir/checkpoints.db");
  }

  @Override
  CheckpointStore open(Clock clock) {
    return SqliteCheckpointStore.open(file(), clock);
  }

  @Override
  void execute(String sql) {
    try {
      java.nio.file.Files.createDirectories(file().getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  long queryLong(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  List<String> childArguments() {
    return List.of("sqlite", file().toString());
  }

  @Test
  void theFileIsInWalModeAndTheStoreSyncsEveryCommit() {
    try (SqliteCheckpointStore store = SqliteCheckpointStore.open(file())) {
      store.append("r", 0, CheckpointKind.MESSAGE, "1");
      // synchronous is the connection's own setting: ask the store's connection. 2 is FULL.
      long synchronous =
          store.read(
              "read its sync setting",
              c -> {
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                  return rs.getLong(1);
                }
              });
      assertThat(synchronous).isEqualTo(2);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsReportedWithItsPath() throws Exception {
    java.nio.file.Files.createDirectories(file().getParent());
    java.nio.file.Files.writeString(file(), "this is not a database, just text ".repeat(200));

    org.assertj.core.api.Assertions.assertThatThrownBy(this::open)
        .isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining(file().toAbsolutePath().toString());
  }

  private CommitRecord record() {
    return new CommitRecord(Path.of(file() + "-commits"));
  }

  @Test
  void theCommitRecordBesideTheFileFollowsEveryAppendAndDelete() {
    try (CheckpointStore store = open()) {
      assertThat(record().read()).isZero();
      store.append("a", 0, CheckpointKind.MESSAGE, "1");
      store.append("a", 1, CheckpointKind.MESSAGE, "2");
      store.append("b", 0, CheckpointKind.MESSAGE, "1");
      assertThatThrownBy(() -> store.append("b", 0, CheckpointKind.MESSAGE, "again"))
          .isInstanceOf(ConcurrentRunException.class);
      store.load("a");
      assertThat(record().read()).isEqualTo(3);
      store.delete("b");
      assertThat(record().read()).isEqualTo(4);
    }
    assertThat(queryLong("SELECT commits FROM cadre_sqlite_commits")).isEqualTo(4);
  }

  @Test
  void anOlderCopyOfTheFileIsRefusedForEveryRunButListedUntilTheRecordIsDeleted()
      throws Exception {
    try (CheckpointStore store = open()) {
      store.append("kept", 0, CheckpointKind.MESSAGE, "1");
    }
    // Closed, so SQLite has copied its log into the file: this copy holds one commit.
    Path older = directory.resolve("older.db");
    Files.copy(file(), older);
    try (CheckpointStore store = open()) {
      store.append("kept", 1, CheckpointKind.TOOL_RESULT, "\"paid\"");
      store.append("later", 0, CheckpointKind.MESSAGE, "1");
    }
    Files.copy(older, file(), StandardCopyOption.REPLACE_EXISTING);

    try (CheckpointStore store = open()) {
      assertThatThrownBy(() -> store.load("kept"))
          .isInstanceOfSatisfying(
              LostCommitsException.class, e -> assertThat(e.runId()).isEqualTo("kept"))
          .hasMessageContaining("run 'kept' is at version 1 in SQLite checkpoint store " + file())
          .hasMessageContaining(
              "its commit record " + file() + "-commits counts 3 committed changes and the"
                  + " database holds only 1")
          .hasMessageContaining("replaced by an older copy")
          .hasMessageContaining("may be missing its latest steps")
          .hasMessageContaining("delete " + file() + "-commits");
      assertThatThrownBy(() -> store.load("later"))
          .isInstanceOf(LostCommitsException.class)
          .hasMessageContaining("there is no run 'later'")
          .hasMessageContaining("may have existed and done work");
      assertThatThrownBy(() -> store.append("kept", 1, CheckpointKind.MESSAGE, "x"))
          .isInstanceOf(LostCommitsException.class)
          .hasMessageContaining("cannot append to run 'kept'")
          .hasMessageContaining("Nothing was written");
      assertThatThrownBy(() -> store.delete("kept"))
          .isInstanceOf(LostCommitsException.class)
          .hasMessageContaining("cannot delete run 'kept'");
      // What is left can still be looked at.
      assertThat(store.runs()).containsExactly("kept");
      assertThat(store.steps("kept", 0)).extracting(Checkpoint::payload).containsExactly("1");
    }
    assertThat(record().read()).isEqualTo(3);

    Files.delete(record().file());
    try (CheckpointStore store = open()) {
      assertThat(store.load("kept").orElseThrow().version()).isEqualTo(1);
      assertThat(store.load("later")).isEmpty();
      store.append("kept", 1, CheckpointKind.MESSAGE, "again");
    }
    assertThat(record().read()).isEqualTo(2);
  }

  @Test
  void aCommitRecordThatCannotBeReadIsTakenAsNoneAndWrittenAgain() throws Exception {
    try (CheckpointStore store = open()) {
      store.append("r", 0, CheckpointKind.MESSAGE, "1");
    }
    Files.writeString(record().file(), "cadre-commits 0000000000000000099 00000000\n");
    try (CheckpointStore store = open()) {
      assertThat(store.load("r")).isPresent();
      assertThat(record().read()).isEqualTo(1);
      store.append("r", 1, CheckpointKind.MESSAGE, "2");
    }
    assertThat(record().read()).isEqualTo(2);
  }
}
