package dev.cadre.state.store;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * The team of the durable-run tests, built the same way in the test JVM and in {@link
 * DurableTeamChild}: a writer and a clerk in round robin, stopping at the fourth message. The
 * writer drafts, the clerk calls a side-effecting tool that appends a line to a file and then
 * answers, the writer says it is done.
 */
final class DurableTeams {

  static final String TASK = "File the report";

  private DurableTeams() {}

  /**
   * @param freshWriter whether the writer has its first turn ahead of it (a resumed run past the
   *     first turn asks the writer's model only for its last answer)
   * @param clerkDelay how long the clerk's final answer takes: the slow turn
   */
  static Team team(CheckpointStore store, Path toolFile, boolean freshWriter, Duration clerkDelay) {
    ReplayChatModel.Builder writerScript = ReplayChatModel.builder();
    if (freshWriter) {
      writerScript.text("Draft: all systems nominal.");
    }
    ChatAgent writer =
        AssistantAgent.builder("writer")
            .description("Drafts the report")
            .model(writerScript.text("Done, thanks.").build())
            .build();
    Tool record =
        Tool.builder("record")
            .description("Files the report in the ledger")
            .function(
                (args, ctx) -> {
                  append(toolFile, "filed " + ctx.callId());
                  return "filed";
                })
            .build();
    ReplayChatModel.Builder clerkScript =
        ReplayChatModel.builder().toolCall("record", "{}").text("Filed in the ledger.");
    if (!clerkDelay.isZero()) {
      clerkScript.delayed(clerkDelay);
    }
    ChatAgent clerk =
        AssistantAgent.builder("clerk")
            .description("Files reports")
            .model(clerkScript.build())
            .tool(record)
            .build();
    TeamSpec spec =
        new TeamSpec(
            "office",
            "Writes and files reports",
            List.of(writer, clerk),
            new RoundRobin(),
            Terminations.maxMessages(4),
            10,
            null);
    return new Team(spec, store);
  }

  static void append(Path file, String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
