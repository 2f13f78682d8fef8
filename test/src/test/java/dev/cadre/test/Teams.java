package dev.cadre.test;

import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;

/**
 * A selector team of two agents, each on its own model: the multi-model system of the self-tests.
 */
final class Teams {

  private Teams() {}

  static Team trip(ChatModel selector, ChatModel planner, ChatModel writer) {
    return Cadre.selector("trip_team", selector)
        .participant(
            Cadre.assistant("planner")
                .description("Plans the trip in numbered steps")
                .systemMessage("You plan trips.")
                .model(planner))
        .participant(
            Cadre.assistant("writer")
                .description("Writes the itinerary, then says DONE")
                .systemMessage("You write itineraries.")
                .model(writer))
        .termination(Terminations.textMention("DONE"))
        .maxTurns(6)
        .build();
  }

  /** What each track's live model says, standing in for a provider per model. */
  static ChatModel live(String track) {
    return switch (track) {
      case "selector" -> ReplayChatModel.ofTexts("planner", "writer");
      case "planner" -> ReplayChatModel.ofTexts("1. Train to Lyon. 2. Walk the old town.");
      case "writer" -> ReplayChatModel.ofTexts("Day 1: Lyon by train, then the old town. DONE");
      default -> throw new IllegalArgumentException("no live model for track " + track);
    };
  }
}
