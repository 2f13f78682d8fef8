package dev.cadre.benchmarks.cadre;

import dev.cadre.annotations.Agent;

/** Scenario 3, first of the sequence. */
@Agent(description = "Outlines an article", systemMessage = "You outline articles.", model = "outliner")
public interface Outliner {}
