package dev.cadre.core;

import java.util.concurrent.CompletableFuture;

/**
 * Runs agents and carries messages between them: {@code send} is request/response to one {@link
 * AgentId}, {@code publish} is one-way to every agent subscribed to a {@link TopicId}.
 *
 * <p>The contract is the one a distributed runtime can keep too: messages are plain immutable
 * values that serialise to JSON, agents are addressed only by id, and nothing here hands out a
 * reference to an agent. Agents are created lazily, one per id, on the first message to that id,
 * and each handles one message at a time in arrival order.
 *
 * <p>Failures: a send's future fails with {@link AgentException} (unknown agent type, failing
 * factory, failing handler) or {@link MessageDroppedException}; a publish cannot fail once
 * accepted, so its delivery failures are reported to listeners as {@link RuntimeEvent.AgentFailed}.
 * Every delivery failure, send or publish, is also reported that way.
 */
public interface AgentRuntime extends AutoCloseable {

  /** Sends {@code message} to {@code recipient} from outside any agent, with no cancellation. */
  default <R> CompletableFuture<R> send(Object message, AgentId recipient) {
    return send(message, recipient, null, null);
  }

  /**
   * Sends {@code message} to {@code recipient} and returns its reply.
   *
   * <p>Cancelling {@code cancellation}, or cancelling the returned future, cancels the token the
   * handler sees and completes the future with a {@link java.util.concurrent.CancellationException}
   * at once; the agent stays busy until its handler returns.
   *
   * @param sender the sending agent, or null from outside any agent
   * @param cancellation the caller's token, or null for none
   * @return the reply (any object, null included), or a failure: {@link AgentException} naming the
   *     recipient, {@link MessageDroppedException}, or {@link IllegalStateException} when the
   *     runtime is closed
   */
  <R> CompletableFuture<R> send(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation);

  /** Publishes {@code message} to {@code topic} from outside any agent, with no cancellation. */
  default CompletableFuture<Void> publish(Object message, TopicId topic) {
    return publish(message, topic, null, null);
  }

  /**
   * Publishes {@code message} to every agent with a subscription matching {@code topic}, except
   * {@code sender}; an agent matched by several subscriptions gets it once. With no subscriber the
   * message goes nowhere, which is not an error.
   *
   * @param sender the publishing agent, or null from outside any agent
   * @param cancellation cancelling it cancels the tokens the handlers see; null for none
   * @return completes when the message is in every recipient's mailbox, not when it is handled
   */
  CompletableFuture<Void> publish(
      Object message, TopicId topic, AgentId sender, CancellationToken cancellation);

  /**
   * Registers the factory for agents of {@code type}. No agent is created until a message arrives.
   *
   * @throws IllegalArgumentException if the type is invalid or already registered
   */
  void register(String type, AgentFactory factory);

  /**
   * Registers a type whose agents belong to this process, rather than to the system as a whole:
   * every process that registers the type keeps its own agents of it, and each of them receives
   * every message published to the type's subscriptions. For observers that serve this process's
   * callers, such as a team's collector of run events: across a cluster of workers, the events of a
   * run must reach the process that started it. A runtime of one process treats it as {@link
   * #register}.
   *
   * @throws IllegalArgumentException if the type is invalid or already registered
   */
  default void registerLocal(String type, AgentFactory factory) {
    register(type, factory);
  }

  /** Adds a subscription; adding one whose {@link Subscription#id()} is present does nothing. */
  void addSubscription(Subscription subscription);

  /**
   * Removes the subscription with this id.
   *
   * @throws IllegalArgumentException if there is none
   */
  void removeSubscription(String id);

  /** Adds an intervention handler after the ones already added. */
  void addInterventionHandler(InterventionHandler handler);

  void addListener(RuntimeListener listener);

  void removeListener(RuntimeListener listener);

  /**
   * Stops accepting messages, fails every pending send with {@link IllegalStateException}, cancels
   * handlers in flight, and closes every agent once its current handler has returned.
   */
  @Override
  void close();
}
