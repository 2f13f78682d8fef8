package dev.cadre.state.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The process the crash-recovery test kills: opens the store named by its arguments ({@code sqlite
 * FILE} or {@code postgres URL}), then runs the {@link DurableTeams} team as run {@code RUN_ID}
 * with a clerk whose answer takes a minute, appending to {@code TOOL_FILE}.
 */
public final class DurableTeamChild {

  private DurableTeamChild() {}

  /** Arguments: {@code sqlite|postgres TARGET RUN_ID TOOL_FILE}. */
  public static void main(String[] args) {
    try (CheckpointStore store =
            args[0].equals("sqlite")
                ? SqliteCheckpointStore.open(Path.of(args[1]))
                : PostgresCheckpointStore.open(args[1], null, null);
        var team = DurableTeams.team(store, Path.of(args[3]), true, Duration.ofMinutes(1))) {
      team.runDurable(args[2], DurableTeams.TASK, event -> {});
    }
  }
}
