package dev.cadre.benchmarks.langchain4j;

import dev.cadre.benchmarks.fake.Echoes;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.V;

/**
 * Scenario 9: one of the loop's four echo agents, a non-AI agent of the agentic module: it reads
 * the last message from the agentic scope and writes it back.
 */
public final class LcEcho {

  private final String name;
  private final Echoes echoes;

  public LcEcho(String name, Echoes echoes) {
    this.name = name;
    this.echoes = echoes;
  }

  @Agent(description = "Echoes the last message", outputKey = "message")
  public String echo(@V("message") String message) {
    return echoes.echo(name, message);
  }
}
