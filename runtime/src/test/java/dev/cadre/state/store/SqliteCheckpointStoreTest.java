package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
  void theFileIsInWalMode() {
    try (CheckpointStore store = open()) {
      store.append("r", 0, CheckpointKind.MESSAGE, "1");
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
}
