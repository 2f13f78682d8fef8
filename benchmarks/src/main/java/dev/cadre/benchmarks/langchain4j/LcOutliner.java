package dev.cadre.benchmarks.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Scenario 3, first of the agentic sequence. */
public interface LcOutliner {

  @SystemMessage("You outline articles.")
  @UserMessage("Write an article about {{topic}}.")
  @Agent(description = "Outlines an article", outputKey = "outline")
  String outline(@V("topic") String topic);
}
