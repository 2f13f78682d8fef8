package dev.cadre.kafka;

import dev.cadre.core.AgentRuntime;

/**
 * The agents and teams of an application, as a {@link KafkaWorker} installs them on its runtime.
 * Every worker of a system installs all of it (so that it can address every agent); its config
 * decides which types it hosts. Implementations are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/dev.cadre.kafka.AgentSystem}.
 */
public interface AgentSystem {

  /** The name a worker is started with; letters, digits, '.', '_' or '-'. */
  String name();

  /** Registers the system's agent types and subscriptions (for example by building its teams). */
  void install(AgentRuntime runtime) throws Exception;
}
