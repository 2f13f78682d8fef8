package dev.cadre.benchmarks.cadre;

import dev.cadre.annotations.Agent;
import dev.cadre.annotations.Prompt;

/** Scenario 1: one agent, one model turn, no tools. */
@Agent(systemMessage = "You are a helpful assistant.")
public interface Assistant {

  @Prompt("{{question}}")
  String ask(String question);
}
