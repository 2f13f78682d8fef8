package com.acme;

import dev.cadre.annotations.Agent;
import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.Prompt;

@Agent(description = "Drafts release notes", handoffs = Critic.class)
interface Writer {
  @Prompt("Write the note for {{feature}}")
  String write(String featur);
}

@Agent(description = "Reviews drafts")
interface Critic {}

@Agent(description = "Publishes notes")
interface Publisher {}

@GroupChat(
    participants = {Writer.class, Publisher.class},
    pattern = GroupChat.Pattern.SWARM,
    textMention = "DONE")
interface Desk {}
