package dev.cadre.samples.annotated;

import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.GroupChat.Edge;
import dev.cadre.annotations.Prompt;
import dev.cadre.team.TaskResult;

/** Graph: draft, review, loop back until approved (three rounds at most), then publish. */
@GroupChat(
    participants = {Writer.class, Critic.class, Publisher.class},
    pattern = GroupChat.Pattern.GRAPH,
    entry = Writer.class,
    edges = {
      @Edge(from = Writer.class, to = Critic.class),
      @Edge(from = Critic.class, to = Publisher.class, whenContains = "APPROVE"),
      @Edge(from = Critic.class, to = Writer.class, whenNotContains = "APPROVE", maxTraversals = 3)
    })
public interface ReviewFlow {

  @Prompt("Prepare and publish the release note for {{feature}}.")
  TaskResult publish(String feature);
}
