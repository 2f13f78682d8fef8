package dev.cadre.benchmarks.cadre;

import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.GroupChat.Edge;
import dev.cadre.annotations.Prompt;
import java.util.concurrent.CompletableFuture;

/**
 * Scenarios 3 and 7: three agents in sequence, each answering after the one before it, as a
 * graph team. {@link #writeAsync} starts a run without holding the caller's thread.
 */
@GroupChat(
    participants = {Outliner.class, Drafter.class, Editor.class},
    pattern = GroupChat.Pattern.GRAPH,
    entry = Outliner.class,
    edges = {
      @Edge(from = Outliner.class, to = Drafter.class),
      @Edge(from = Drafter.class, to = Editor.class)
    })
public interface Pipeline {

  @Prompt("Write an article about {{topic}}.")
  String write(String topic);

  @Prompt("Write an article about {{topic}}.")
  CompletableFuture<String> writeAsync(String topic);
}
