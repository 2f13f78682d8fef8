package dev.cadre.state.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A second process for the race tests: opens a store named by its arguments ({@code sqlite FILE}
 * or {@code postgres URL}), says {@code ready}, then for each line {@code RUN EXPECTED PAYLOAD} on
 * stdin appends a message and answers {@code ok VERSION} or {@code conflict ACTUAL}.
 */
public final class StoreRaceChild {

  private StoreRaceChild() {}

  public static void main(String[] args) throws Exception {
    try (CheckpointStore store =
            args[0].equals("sqlite")
                ? SqliteCheckpointStore.open(Path.of(args[1]))
                : PostgresCheckpointStore.open(args[1], null, null);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      System.out.println("ready");
      System.out.flush();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] parts = line.split(" ", 3);
        try {
          Checkpoint c =
              store.append(
                  parts[0], Long.parseLong(parts[1]), CheckpointKind.MESSAGE, parts[2]);
          System.out.println("ok " + c.version());
        } catch (ConcurrentRunException e) {
          System.out.println("conflict " + e.actualVersion());
        }
        System.out.flush();
      }
    }
  }
}
