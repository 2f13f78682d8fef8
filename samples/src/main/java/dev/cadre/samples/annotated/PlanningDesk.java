package dev.cadre.samples.annotated;

import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.Prompt;

/** Selector: a model picks who speaks, by their descriptions; answers with the last message. */
@GroupChat(
    participants = {Writer.class, Critic.class, CodeReviewer.class},
    pattern = GroupChat.Pattern.SELECTOR,
    textMention = "APPROVE",
    maxTurns = 8)
public interface PlanningDesk {

  @Prompt("Plan the announcement of {{feature}}.")
  String plan(String feature);
}
