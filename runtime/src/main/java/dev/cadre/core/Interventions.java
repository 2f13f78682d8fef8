package dev.cadre.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime's intervention handlers, applied in the order they were added. Public for runtimes in
 * other modules, so that every runtime intervenes, drops and reports alike.
 */
public final class Interventions {

  private final List<InterventionHandler> handlers = new CopyOnWriteArrayList<>();

  /** Adds a handler after the ones already added. */
  public void add(InterventionHandler handler) {
    handlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /** What the handlers make of a direct send to {@code recipient}. */
  public Verdict onSend(Object message, MessageContext context, AgentId recipient) {
    // Checked before the hook is made: with no handler (the usual case) a message costs nothing.
    if (handlers.isEmpty()) {
      return new Verdict(message, null);
    }
    return apply(message, (h, m) -> h.onSend(m, context, recipient));
  }

  /** What the handlers make of a publish. */
  public Verdict onPublish(Object message, MessageContext context) {
    if (handlers.isEmpty()) {
      return new Verdict(message, null);
    }
    return apply(message, (h, m) -> h.onPublish(m, context));
  }

  /** What the handlers make of the reply {@code responder} gives {@code requester}. */
  public Verdict onResponse(Object reply, AgentId responder, AgentId requester) {
    if (handlers.isEmpty()) {
      return new Verdict(reply, null);
    }
    return apply(reply, (h, m) -> h.onResponse(m, responder, requester));
  }

  private Verdict apply(Object message, Hook hook) {
    Object current = message;
    for (InterventionHandler handler : handlers) {
      current = hook.apply(handler, current);
      if (current == InterventionHandler.DROP) {
        return new Verdict(null, handler.getClass().getName());
      }
    }
    return new Verdict(current, null);
  }

  @FunctionalInterface
  private interface Hook {
    Object apply(InterventionHandler handler, Object message);
  }

  /**
   * What the intervention handlers made of a message.
   *
   * @param message the message to carry on with; null when dropped (or when a handler returned
   *     null, which {@link DeliveryFailures#nullFromIntervention} reports)
   * @param dropper the class name of the handler that dropped it, or null
   */
  public record Verdict(Object message, String dropper) {
    /** Whether a handler dropped the message. */
    public boolean dropped() {
      return dropper != null;
    }
  }
}
