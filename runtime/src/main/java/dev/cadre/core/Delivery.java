package dev.cadre.core;

import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;

/** One message on its way to one agent of the in-process runtime. */
final class Delivery {
  final Object message;
  final MessageContext context;
  final CompletableFuture<Object> reply; // null for a publish
  final CancellationToken.Registration link; // a publish's tie to the caller's token, or null
  // The sender's OpenTelemetry context, current while the handler runs: the one place a trace
  // crosses from the sending thread to the handler's, so the handler's spans are the sender's
  // children. Capturing it is a thread-local read; with no SDK it is the root context.
  final Context trace;

  Delivery(
      Object message,
      MessageContext context,
      CompletableFuture<Object> reply,
      CancellationToken.Registration link,
      Context trace) {
    this.message = message;
    this.context = context;
    this.reply = reply;
    this.link = link;
    this.trace = trace;
  }

  void abort(Throwable error) {
    if (reply != null) {
      reply.completeExceptionally(error);
    }
    Reply.cancelQuietly(context.cancellation());
  }

  void finish() {
    if (link != null) {
      link.close();
    }
  }
}
