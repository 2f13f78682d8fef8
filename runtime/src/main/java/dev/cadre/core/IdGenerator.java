package dev.cadre.core;

import java.util.UUID;

/**
 * Where the runtime takes the ids it makes up: message ids and run ids (an {@link
 * InProcessRuntime} built with one, and the teams on it), question and approval ids (a {@code
 * UserProxyAgent} and {@code ToolApprover.askPerson} given one). Left out, each keeps its random
 * ids; a test gives a sequence instead, so a run's ids are the same on every run.
 *
 * <p>It is called from several threads at once and must never return an id twice. Ids drawn by
 * agents that run in parallel (a graph's fan-out) come in the order their threads draw them.
 */
@FunctionalInterface
public interface IdGenerator {

  /** Random UUIDs: the ids runs, questions and approvals get when no generator is given. */
  IdGenerator RANDOM = () -> UUID.randomUUID().toString();

  /** A new id, never returned before by this generator. */
  String next();
}
