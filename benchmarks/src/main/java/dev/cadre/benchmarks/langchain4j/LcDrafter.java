package dev.cadre.benchmarks.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Scenario 3, second of the agentic sequence: drafts from the outline. */
public interface LcDrafter {

  @SystemMessage("You draft articles from outlines.")
  @UserMessage("Draft an article from this outline: {{outline}}")
  @Agent(description = "Drafts from an outline", outputKey = "draft")
  String draft(@V("outline") String outline);
}
