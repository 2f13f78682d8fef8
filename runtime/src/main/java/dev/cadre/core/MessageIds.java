package dev.cadre.core;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes message ids that are unique across runtimes and processes: a random 64-bit prefix drawn
 * once, then a counter. A random UUID per message would be unique too, but each one draws from a
 * shared {@link SecureRandom} that concurrent senders queue for; a counter costs one atomic add.
 *
 * <p>An id reads {@code <16 hex digits>-<counter>}, e.g. {@code 3f09c2a1d4e5b6a7-31}; the counter
 * is in decimal because concatenating a {@code long} writes its digits straight into the id, with
 * no string in between.
 */
public final class MessageIds implements IdGenerator {

  private final String prefix = String.format("%016x-", new SecureRandom().nextLong());
  private final AtomicLong counter = new AtomicLong();

  /** A new id, never returned before by this instance. */
  @Override
  public String next() {
    return prefix + counter.incrementAndGet();
  }
}
