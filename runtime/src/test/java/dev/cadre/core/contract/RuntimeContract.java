package dev.cadre.core.contract;

import dev.cadre.core.AgentRuntime;
import dev.cadre.core.contract.TestAgents.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every group of the {@link AgentRuntimeContract}: each test gets a fresh runtime from
 * {@link #newRuntime()}, with {@link #events} listening, and closes it afterwards.
 */
public abstract class RuntimeContract {

  /** The runtime under test, new for each test. */
  protected AgentRuntime runtime;

  /** Every event {@link #runtime} reports, from its creation on. */
  protected final Events events = new Events();

  /** A new, open runtime with nothing registered; each call returns a distinct one. */
  protected abstract AgentRuntime newRuntime();

  @BeforeEach
  final void openRuntime() {
    runtime = newRuntime();
    runtime.addListener(events);
  }

  @AfterEach
  final void closeRuntime() {
    runtime.close();
  }
}
