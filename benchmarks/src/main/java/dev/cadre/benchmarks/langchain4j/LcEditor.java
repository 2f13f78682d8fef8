package dev.cadre.benchmarks.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Scenario 3, last of the agentic sequence: edits the draft. */
public interface LcEditor {

  @SystemMessage("You edit drafts.")
  @UserMessage("Edit this draft: {{draft}}")
  @Agent(description = "Edits a draft", outputKey = "article")
  String edit(@V("draft") String draft);
}
