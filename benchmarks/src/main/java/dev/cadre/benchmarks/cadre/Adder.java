package dev.cadre.benchmarks.cadre;

import dev.cadre.annotations.Agent;
import dev.cadre.annotations.Prompt;
import dev.cadre.benchmarks.fake.Calculator;

/** Scenario 2: one agent with one tool; the fake model calls it once, then answers. */
@Agent(systemMessage = "You add numbers with your tool.", tools = Calculator.class)
public interface Adder {

  @Prompt("{{question}}")
  String ask(String question);
}
