package dev.cadre.dsl;

import dev.cadre.agent.ChatAgent;
import dev.cadre.graph.TeamPattern;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.SpeakerSelector;
import java.util.List;
import java.util.Objects;

/**
 * Builds a team in which a model picks each next speaker from the participants' names and
 * descriptions (so every participant needs a description, and there must be two or more), with
 * the options of {@link ModelSelector.Builder}.
 */
public final class SelectorBuilder extends TeamBuilder<SelectorBuilder> {

  private final ModelSelector.Builder selector;

  SelectorBuilder(String name, ModelSelector.Builder selector) {
    super(name, TeamPattern.SELECTOR);
    this.selector = Objects.requireNonNull(selector, "selector");
  }

  @Override
  SpeakerSelector selector(List<ChatAgent> participants) {
    return selector.build();
  }
}
