package dev.cadre.benchmarks.cadre;

import dev.cadre.annotations.Agent;

/** Scenario 3, second of the sequence: drafts from the outline. */
@Agent(description = "Drafts from an outline", systemMessage = "You draft articles from outlines.", model = "drafter")
public interface Drafter {}
