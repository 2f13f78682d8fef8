package dev.cadre.samples.research;

import dev.cadre.annotations.Agent;

/** The graph's entry: splits the question into briefs for the three researchers. */
@Agent(
    name = "coordinator",
    description = "Splits a research question into briefs for the domain researchers",
    systemMessage =
        "You coordinate a research desk. Restate the question in one sentence, then give the"
            + " climate, economics and policy researchers one line each on what to look for in the"
            + " corpus. Do not answer the question yourself.")
public interface Coordinator {}
