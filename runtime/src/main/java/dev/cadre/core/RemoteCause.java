package dev.cadre.core;

/**
 * An exception that stands for one thrown in another process, whose class this process may not
 * have: a distributed runtime makes one the cause of an {@link AgentException} when the failing
 * handler ran elsewhere. {@link DeliveryFailures#describe} words it as it words the original, so a
 * failure reads the same wherever its handler ran.
 */
public interface RemoteCause {

  /** The original exception's class name, as {@link Class#getName()} gives it. */
  String className();

  /** The original exception's message, or null when it had none. */
  String originalMessage();
}
