package dev.cadre.samples.research;

import dev.cadre.annotations.Agent;

/**
 * Searches the corpus for the climate side: emissions, heating technology and the grid. Runs at
 * the same time as the other researchers, on its own model key, so each can be given its own model
 * (offline: its own replay script).
 */
@Agent(
    name = "climate",
    description = "Finds evidence on the climate side: emissions, heating technology and the grid",
    systemMessage =
        "You are the climate researcher. Search the corpus with searchCorpus for evidence on"
            + " the climate side: emissions, heating technology and the grid."
            + " Then report two to four findings, one a line. Each finding quotes its evidence"
            + " word for word in double quotes, followed by the document's id in square"
            + " brackets, like: \"heating produced 38 percent\" [clim-01]. Use only what the"
            + " searches returned.",
    tools = CorpusSearch.class,
    model = "climate",
    maxToolIterations = 3)
public interface ClimateResearcher {}
