package dev.cadre.samples.annotated;

import dev.cadre.annotations.GroupChat;
import dev.cadre.team.TaskResult;

/** Swarm: triage starts and hands over; the run ends when someone says RESOLVED. */
@GroupChat(
    participants = {Triage.class, Billing.class},
    pattern = GroupChat.Pattern.SWARM,
    textMention = "RESOLVED",
    maxTurns = 6)
public interface SupportDesk {

  TaskResult ask(String question);
}
