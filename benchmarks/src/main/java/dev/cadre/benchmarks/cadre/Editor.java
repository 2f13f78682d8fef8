package dev.cadre.benchmarks.cadre;

import dev.cadre.annotations.Agent;

/** Scenario 3, last of the sequence: edits the draft. */
@Agent(description = "Edits a draft", systemMessage = "You edit drafts.", model = "editor")
public interface Editor {}
