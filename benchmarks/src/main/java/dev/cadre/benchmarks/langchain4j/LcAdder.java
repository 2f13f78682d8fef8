package dev.cadre.benchmarks.langchain4j;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/** Scenario 2 as an {@code AiServices} interface, given the calculator as its tools. */
public interface LcAdder {

  @SystemMessage("You add numbers with your tool.")
  String ask(@UserMessage String question);
}
