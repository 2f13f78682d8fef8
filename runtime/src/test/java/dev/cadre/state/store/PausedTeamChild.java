package dev.cadre.state.store;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The second process of the pause test: opens the store named by its arguments ({@code sqlite
 * FILE} or {@code postgres URL}), resumes paused run {@code RUN_ID} of the {@link PausingTeams}
 * team with the person's {@code ANSWER}, and writes to {@code OUT} the transcript ("source:
 * content" lines) and then the messages the agent's model was sent ("> role[/name]: content").
 */
public final class PausedTeamChild {

  private PausedTeamChild() {}

  /** Arguments: {@code sqlite|postgres TARGET RUN_ID ANSWER OUT}. */
  public static void main(String[] args) throws IOException {
    ReplayChatModel model = ReplayChatModel.ofTexts("Booked.");
    List<String> lines = new ArrayList<>();
    try (CheckpointStore store =
            args[0].equals("sqlite")
                ? SqliteCheckpointStore.open(Path.of(args[1]))
                : PostgresCheckpointStore.open(args[1], null, null);
        var team = PausingTeams.team(store, model)) {
      TaskResult result = team.resume(args[2], args[3]);
      for (AgentMessage message : result.messages()) {
        lines.add(message.source() + ": " + message.content());
      }
    }
    for (ChatMessage message : model.lastRequest().messages()) {
      if (message instanceof ChatMessage.User user) {
        lines.add(
            "> user" + (user.name() == null ? "" : "/" + user.name()) + ": " + user.content());
      } else if (message instanceof ChatMessage.Assistant assistant) {
        lines.add("> assistant: " + assistant.content());
      }
    }
    Files.write(Path.of(args[4]), lines, StandardCharsets.UTF_8);
  }
}
