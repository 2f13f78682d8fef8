package dev.cadre.state.store;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.replay.ReplayChatModel;
import java.nio.file.Path;

/**
 * The first process of the chat-history restart test: opens the store named by its arguments
 * ({@code sqlite FILE} or {@code postgres URL}), has one turn of session {@code SESSION} with the
 * {@link ChatHistoryContract} agent, and exits.
 */
public final class ChatHistoryChild {

  private ChatHistoryChild() {}

  /** Arguments: {@code sqlite|postgres TARGET SESSION}. */
  public static void main(String[] args) {
    try (CheckpointStore store =
        args[0].equals("sqlite")
            ? SqliteCheckpointStore.open(Path.of(args[1]))
            : PostgresCheckpointStore.open(args[1], null, null)) {
      AssistantAgent agent =
          ChatHistoryContract.agent(ReplayChatModel.ofTexts(ChatHistoryContract.GREETING))
              .history(store, args[2])
              .build();
      agent.run(ChatHistoryContract.INTRODUCTION);
    }
  }
}
