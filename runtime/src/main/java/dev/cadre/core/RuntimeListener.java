package dev.cadre.core;

/**
 * Receives the {@link RuntimeEvent}s of a runtime: failures nobody else would see (a publish has no
 * caller waiting) and dropped messages.
 *
 * <p>Called synchronously on the thread where the event happened, often an agent's: return quickly.
 * An exception thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface RuntimeListener {

  /** Receives one event, on the thread that raised it. */
  void onEvent(RuntimeEvent event);
}
