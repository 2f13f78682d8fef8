package dev.cadre.benchmarks.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.V;

/** Scenario 3: the typed entry of the agentic sequence outliner, drafter, editor. */
public interface LcPipeline {

  @Agent
  String write(@V("topic") String topic);
}
