package dev.cadre.kafka;

import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The future of one send, waiting for its reply. However it ends other than by its reply (the
 * caller's token, a cancel or failure by whoever holds it, the timeout) the handler is told to stop
 * through a cancellation record, as the in-process runtime cancels the handler's token.
 */
final class PendingSend extends CompletableFuture<Object> {

  final String id;
  final String correlation;
  final AgentId recipient;
  final AgentId sender;
  final String messageType;
  private final ReplyInbox inbox;
  private volatile boolean sent;
  private volatile boolean settling;
  private volatile CancellationToken.Registration link;
  private volatile ScheduledFuture<?> timeout;
  // The handler's own exception, when it failed in this process: a better cause than its name.
  volatile Throwable localCause;
  // The transaction the message went into, when a handler sent it: its cancel goes there too.
  volatile PartitionWriter writer;
  // The broker's time away when the timeout was last set (BrokerWatch.awayNanos): an outage since
  // then puts the timeout off by as long.
  volatile long awayMark;

  PendingSend(
      ReplyInbox inbox,
      String id,
      String correlation,
      AgentId recipient,
      AgentId sender,
      String messageType) {
    this.inbox = inbox;
    this.id = id;
    this.correlation = correlation;
    this.recipient = recipient;
    this.sender = sender;
    this.messageType = messageType;
  }

  /** Ties the send to the caller's token, through the registration that cancels it. */
  void tieTo(CancellationToken.Registration registration) {
    link = registration;
    if (isDone()) {
      registration.close();
    }
  }

  void timeoutWith(ScheduledFuture<?> task) {
    timeout = task;
    if (isDone()) {
      task.cancel(false);
    }
  }

  /** The message is on its recipient's topic: from now on, giving up must tell the handler. */
  void sent() {
    sent = true;
    if (isDone() && !settling) {
      inbox.cancelHandler(this);
    }
  }

  /** Completes with what the reply says, without telling the handler to stop. */
  void settle(Object value, Throwable failure) {
    settling = true;
    if (failure == null) {
      complete(value);
    } else {
      completeExceptionally(failure);
    }
  }

  @Override
  public boolean complete(Object value) {
    boolean completed = super.complete(value);
    if (completed) {
      ended(false);
    }
    return completed;
  }

  @Override
  public boolean completeExceptionally(Throwable error) {
    boolean completed = super.completeExceptionally(error);
    if (completed) {
      ended(true);
    }
    return completed;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      ended(true);
    }
    return cancelled;
  }

  private void ended(boolean failed) {
    inbox.forget(this);
    CancellationToken.Registration registration = link;
    if (registration != null) {
      registration.close();
    }
    ScheduledFuture<?> task = timeout;
    if (task != null) {
      task.cancel(false);
    }
    if (failed && sent && !settling) {
      inbox.cancelHandler(this);
    }
  }
}
