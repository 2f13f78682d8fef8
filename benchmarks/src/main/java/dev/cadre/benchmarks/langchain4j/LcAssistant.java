package dev.cadre.benchmarks.langchain4j;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/** Scenario 1 as an {@code AiServices} interface. */
public interface LcAssistant {

  @SystemMessage("You are a helpful assistant.")
  String ask(@UserMessage String question);
}
