package dev.cadre.core;

import java.util.concurrent.CompletableFuture;

/**
 * Runs agents and carries messages between them: {@code send} is request/response to one {@link
 * AgentId}, {@code publish} is one-way to every agent subscribed to a {@link TopicId}.
 *
 * <p>The contract is the one a distributed runtime can keep too: messages are plain immutable
 * values that serialise to JSON, agents are addressed only by id, and nothing here hands out a
 * reference to an agent. Agents are created lazily, one per id, on the first message to that id,
 * and each handles one message at a time in arrival order (and, apart from those, one {@linkplain
 * #sendControl control message} at a time).
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

  /**
   * Sends {@code message} to {@code recipient} and waits for its reply: {@code send(message,
   * recipient, sender, cancellation).get()}, with the failure thrown as it is rather than wrapped.
   *
   * <p>For a caller that would block on the reply anyway, such as a handler asking another agent. A
   * runtime may then run the recipient's handler on the calling thread when the recipient is idle
   * and in this process, which saves the two thread hand-offs of a round trip; the in-process
   * runtime does. Every guarantee of {@link #send} holds either way: the recipient handles one
   * message at a time in arrival order, with a token of its own, the sender's trace context and
   * everything else a handler sees. What differs when the handler runs on the calling thread: the
   * call returns only once the handler has returned, so cancelling {@code cancellation} cancels the
   * handler's token and the call throws once the handler has honoured it, not at once; and an
   * interrupt of the calling thread while the handler runs is the handler's.
   *
   * @param sender the sending agent, or null from outside any agent
   * @param cancellation the caller's token, or null for none
   * @return the reply (any object, null included)
   * @throws AgentException naming the recipient, {@link MessageDroppedException}, or {@link
   *     IllegalStateException} when the runtime is closed: what {@code send}'s future fails with
   * @throws CancelledException when the call is cancelled
   * @throws InterruptedException when the caller is interrupted while it waits; the send is then
   *     cancelled
   */
  default <R> R call(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation)
      throws InterruptedException {
    return Calls.await(send(message, recipient, sender, cancellation));
  }

  /**
   * Sends a control message: {@code recipient}'s {@link Agent#onControl} handles it rather than
   * {@link Agent#onMessage}, and it does not wait behind the messages queued for the agent. For a
   * signal that must reach an agent while it is busy with a message, such as a team pausing a
   * participant in the middle of its turn.
   *
   * <p>Each agent handles its control messages one at a time in arrival order, possibly while it
   * handles an ordinary message on another thread. A control message to an agent not created yet
   * creates it. The reply, failures, cancellation and interventions are as for {@link #send}. A
   * distributed runtime does not remember a control message once handled, so one redelivered after
   * a crash is handled again: make control handlers idempotent.
   *
   * @param sender the sending agent, or null from outside any agent
   * @param cancellation the caller's token, or null for none
   * @return the reply of {@code onControl}, or a failure as for {@link #send}
   */
  <R> CompletableFuture<R> sendControl(
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

  /**
   * Unregisters {@code type} in this process: no agent of it is made here any more, the handlers
   * of its agents in flight here have their tokens cancelled, and its agents here are closed once
   * those handlers have returned. It returns after that, waiting no longer than {@link #close}
   * would, and not for a handler of the type that calls it. The subscriptions to the type stay;
   * remove them with {@link #removeSubscription}.
   *
   * <p>What becomes of the type's messages depends on where the type lives. On a runtime of one
   * process the type is gone: the send whose handler was in flight and the sends queued for its
   * agents fail with an {@link AgentException} naming the agent, as the publishes queued for them
   * are reported to listeners, and later sends fail as to a type never registered. On a runtime
   * spread over processes the type belongs to the whole system and this process only stops
   * hosting it: its messages wait on the type's topic for another process that hosts it (or the
   * next to register it), and its agents' stored state waits with them.
   *
   * <p>The type may be registered again, with any factory, which then makes its agents afresh.
   *
   * @throws IllegalArgumentException if {@code type} is not registered in this process
   */
  void unregister(String type);

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

  /** Adds a listener of the runtime's events (deliveries, failures, drops). */
  void addListener(RuntimeListener listener);

  /** Removes a listener added with {@link #addListener}. */
  void removeListener(RuntimeListener listener);

  /**
   * Where the teams on this runtime take their run ids and made-up instance ids: {@link
   * IdGenerator#RANDOM} unless the runtime was given a generator ({@link
   * InProcessRuntime#InProcessRuntime(java.time.Duration, IdGenerator)}).
   */
  default IdGenerator ids() {
    return IdGenerator.RANDOM;
  }

  /**
   * Stops accepting messages, fails every pending send with {@link IllegalStateException}, cancels
   * handlers in flight, and closes every agent once its current handler has returned.
   */
  @Override
  void close();
}
