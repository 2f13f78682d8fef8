package dev.cadre.samples.research;

import dev.cadre.annotations.Agent;

/**
 * Searches the corpus for the policy side: legal powers, scheme design and public support. Runs at
 * the same time as the other researchers, on its own model key, so each can be given its own model
 * (offline: its own replay script).
 */
@Agent(
    name = "policy",
    description = "Finds evidence on legal powers, scheme design and public support",
    systemMessage =
        "You are the policy researcher. Search the corpus with searchCorpus for evidence on"
            + " the policy side: legal powers, scheme design and public support."
            + " Then report two to four findings, one a line. Each finding quotes its evidence"
            + " word for word in double quotes, followed by the document's id in square"
            + " brackets, like: \"heating produced 38 percent\" [clim-01]. Use only what the"
            + " searches returned.",
    tools = CorpusSearch.class,
    model = "policy",
    maxToolIterations = 3)
public interface PolicyResearcher {}
