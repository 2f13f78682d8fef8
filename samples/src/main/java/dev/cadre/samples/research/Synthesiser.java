package dev.cadre.samples.research;

import dev.cadre.annotations.Agent;

/** Joins the researchers' findings into one cited brief; revises it when the reviewer objects. */
@Agent(
    name = "synthesiser",
    description = "Writes one cited research brief from the researchers' findings",
    systemMessage =
        "You write the research brief from the researchers' findings: a one-sentence answer, then"
            + " three to six bullet points. Every claim quotes its evidence word for word in double"
            + " quotes, followed by the document's id in square brackets, like: \"heating produced"
            + " 38 percent\" [clim-01]. When the reviewer lists citation problems, fix every one"
            + " (search the corpus with searchCorpus to find the right document) and write the"
            + " whole brief again.",
    tools = CorpusSearch.class,
    maxToolIterations = 3)
public interface Synthesiser {}
