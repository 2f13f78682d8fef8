package dev.cadre.samples.readme;

import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The README's durable-run example: a team whose run survives a crash. Run it with no argument to
 * start run {@code report-42}; if that process dies, run it again with {@code resume}.
 */
public final class DurableRuns {

  private DurableRuns() {}

  // README:begin
  static Team office(CheckpointStore store, ChatModel model, Path ledger) {
    Tool fileReport =
        Tool.builder("file_report")
            .description("Files the report in the ledger")
            .function((arguments, context) -> append(ledger, "filed " + context.callId()))
            .build();
    return Cadre.roundRobin("office")
        .participant(Cadre.assistant("clerk").model(model).tool(fileReport))
        .participant(Cadre.assistant("reviewer").model(model))
        .termination(Terminations.maxMessages(3))
        .checkpoints(store) // every step is committed here before the next one acts on it
        .build();
  }

  public static void main(String[] args) {
    ChatModel model = ModelConfig.fromEnvironment().create(DurableRuns::script);
    try (CheckpointStore store = SqliteCheckpointStore.open(Path.of("runs.db"));
        Team team = office(store, model, Path.of("ledger.txt"))) {
      TaskResult result =
          args.length > 0 && args[0].equals("resume")
              ? team.resume("report-42") // in a new process, after the first one died
              : team.runDurable("report-42", "File the monthly report", event -> {});
      result.messages().forEach(m -> System.out.println(m.source() + ": " + m.content()));
    }
  }
  // README:end

  /** The offline script: the clerk files the report and says so, the reviewer approves. */
  static ReplayChatModel script() {
    return ReplayChatModel.builder()
        .toolCall("file_report", "{}")
        .text("Filed in the ledger.")
        .text("Looks good.")
        .build();
  }

  private static String append(Path ledger, String line) {
    try {
      Files.writeString(
          ledger, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return "filed";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
