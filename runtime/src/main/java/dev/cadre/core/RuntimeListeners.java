package dev.cadre.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runtime's listeners. A listener is an observer: whatever it throws, Errors included, is logged
 * and must not stop delivery or the listeners after it. Public for runtimes in other modules.
 */
public final class RuntimeListeners {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeListeners.class);

  private final List<RuntimeListener> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener. */
  public void add(RuntimeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener. */
  public void remove(RuntimeListener listener) {
    listeners.remove(listener);
  }

  /** Tells every listener, in the order they were added. */
  public void emit(RuntimeEvent event) {
    for (RuntimeListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (Throwable e) {
        LOG.warn("runtime listener " + listener.getClass().getName() + " failed on " + event,
            e);
      }
    }
  }
}
