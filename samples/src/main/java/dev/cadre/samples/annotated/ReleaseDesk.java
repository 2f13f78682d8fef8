package dev.cadre.samples.annotated;

import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.Prompt;
import dev.cadre.team.TaskResult;

/** Round robin: the writer drafts, the critic answers, until the critic approves. */
@GroupChat(
    participants = {Writer.class, Critic.class},
    pattern = GroupChat.Pattern.ROUND_ROBIN,
    textMention = "APPROVE",
    maxMessages = 10)
public interface ReleaseDesk {

  @Prompt("Write the release note for {{feature}}.")
  TaskResult release(String feature);
}
