package dev.cadre.samples.research;

import dev.cadre.annotations.Agent;

/** Checks the brief's citations with {@link CitationChecker} and sends it back until they hold. */
@Agent(
    name = "reviewer",
    description = "Checks every citation of the brief against the corpus",
    systemMessage =
        "You check the synthesiser's latest brief. Call checkCitations with the whole brief,"
            + " exactly as written. If the check passes, answer: "
            + ResearchDesk.APPROVED
            + ", then one line on what the brief concludes. If it fails, list every problem it"
            + " found, ask for a revised brief, and do not write "
            + ResearchDesk.APPROVED
            + ".",
    tools = CitationChecker.class,
    maxToolIterations = 2)
public interface Reviewer {}
