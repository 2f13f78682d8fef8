package dev.cadre.core;

import dev.cadre.core.contract.AgentRuntimeContract;

/**
 * Runs the shared {@link AgentRuntime} contract against {@link InProcessRuntime}; what only this
 * runtime does is tested in {@link InProcessRuntimeTest}.
 */
class InProcessRuntimeContractTest extends AgentRuntimeContract {

  @Override
  protected AgentRuntime newRuntime() {
    return new InProcessRuntime();
  }
}
