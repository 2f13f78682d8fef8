package dev.cadre.core;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The errors a runtime reports when a message cannot be delivered or handled, worded once so that
 * every runtime names the culprit alike. Public for runtimes in other modules.
 */
public final class DeliveryFailures {

  private DeliveryFailures() {}

  /** The class name of a message, or "null". */
  public static String typeName(Object message) {
    return message == null ? "null" : message.getClass().getName();
  }

  /** A second factory for {@code type}. */
  public static IllegalArgumentException alreadyRegistered(String type) {
    return new IllegalArgumentException(
        "agent type \""
            + type
            + "\" is already registered: each type has one factory; register it once or pick"
            + " another type name");
  }

  /** An unregister of a type this process has not registered. */
  public static IllegalArgumentException notRegistered(
      String type, Collection<String> registeredTypes) {
    return new IllegalArgumentException(
        "cannot unregister agent type \""
            + type
            + "\": it is not registered here (registered types: "
            + new TreeSet<>(registeredTypes)
            + ")");
  }

  /** The type of {@code agent} was unregistered while the message was queued or being handled. */
  public static AgentException unregisteredBeforeHandled(AgentId agent, String messageType) {
    return new AgentException(
        agent,
        messageType,
        "agent type \""
            + agent.type()
            + "\" was unregistered before agent "
            + agent
            + " finished handling "
            + messageType,
        null);
  }

  /** No factory for the recipient's type; lists the types that have one. */
  public static AgentException unknownType(
      AgentId recipient, String messageType, Collection<String> registeredTypes) {
    return new AgentException(
        recipient,
        messageType,
        "cannot deliver "
            + messageType
            + " to "
            + recipient
            + ": no agent type \""
            + recipient.type()
            + "\" is registered (registered types: "
            + new TreeSet<>(registeredTypes)
            + "); call register(\""
            + recipient.type()
            + "\", factory) first",
        null);
  }

  /** The factory of {@code agent}'s type threw {@code error}, or returned null. */
  public static AgentException factoryFailed(AgentId agent, String messageType, Throwable error) {
    return new AgentException(
        agent,
        messageType,
        "cannot create agent " + agent + " to handle " + messageType + ": its factory threw " + error,
        error);
  }

  /** What a factory that returned null is taken to have thrown. */
  public static NullPointerException factoryReturnedNull(AgentId agent) {
    return new NullPointerException(
        "the factory of agent type \"" + agent.type() + "\" returned null for " + agent);
  }

  /** The handler of {@code agent} threw {@code error}. */
  public static AgentException handlerFailed(AgentId agent, String messageType, Throwable error) {
    return new AgentException(
        agent, messageType, "agent " + agent + " failed handling " + messageType + ": " + error, error);
  }

  /**
   * What a handler threw, as a failure's text says it: the exception's simple class name and its
   * message ({@code IllegalStateException: no plan}). A {@link RemoteCause} is worded as the
   * exception it stands for, so the text is the same wherever the handler ran.
   */
  public static String describe(Throwable error) {
    String type;
    String message;
    if (error instanceof RemoteCause remote) {
      type = simpleName(remote.className());
      message = remote.originalMessage();
    } else {
      type = error.getClass().getSimpleName();
      message = error.getMessage();
    }
    return type + (message == null ? "" : ": " + message);
  }

  /** {@link Class#getSimpleName()} of the class named {@code className}, from its name alone. */
  private static String simpleName(String className) {
    String name = className.substring(className.lastIndexOf('.') + 1);
    name = name.substring(name.lastIndexOf('$') + 1);
    // A local or anonymous class's binary name numbers it: Outer$1Local, Outer$1.
    int start = 0;
    while (start < name.length() && Character.isDigit(name.charAt(start))) {
      start++;
    }
    return name.substring(start);
  }

  /** The send was cancelled by its caller (its token or its future). */
  public static CancelledException sendCancelled(String messageType, AgentId recipient) {
    return new CancelledException("the send of " + messageType + " to " + recipient + " was cancelled");
  }

  /** The runtime closed while the message was queued for {@code agent} or being handled. */
  public static IllegalStateException closedBeforeHandled(AgentId agent, String messageType) {
    return new IllegalStateException(
        "the runtime closed before agent " + agent + " finished handling " + messageType);
  }

  /** A send or publish made after the runtime closed; {@code action} as "send X to Y". */
  public static IllegalStateException closed(String action) {
    return new IllegalStateException("the runtime is closed: cannot " + action);
  }

  /** An intervention handler dropped a send. */
  public static MessageDroppedException sendDropped(
      String dropper, String messageType, AgentId recipient) {
    return new MessageDroppedException(
        "intervention handler "
            + dropper
            + " dropped the send of "
            + messageType
            + " to "
            + recipient);
  }

  /** An intervention handler dropped the reply of {@code responder} to a message. */
  public static MessageDroppedException replyDropped(
      String dropper, AgentId responder, String messageType) {
    return new MessageDroppedException(
        "intervention handler "
            + dropper
            + " dropped the reply of "
            + responder
            + " to "
            + messageType);
  }

  /** An intervention handler returned null instead of a message or DROP. */
  public static NullPointerException nullFromIntervention(String messageType, String what) {
    return new NullPointerException(
        "an intervention handler returned null for the "
            + what
            + " of "
            + messageType
            + "; return InterventionHandler.DROP to drop a message");
  }
}
