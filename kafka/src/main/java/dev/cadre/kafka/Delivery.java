package dev.cadre.kafka;

import dev.cadre.core.CancellationToken;
import io.opentelemetry.context.Context;

/** One message on its way to one agent here. */
final class Delivery {
  final Envelope envelope;
  final PartitionWork work;
  final long offset;
  final CancellationToken token = new CancellationToken();
  final Context trace;
  // The commit the handler's last write took (see PartitionWriter#writeHoldingCommit), for its
  // lane to make or hand over; set and read on the lane's thread only.
  PartitionWriter commitHeld;

  Delivery(Envelope envelope, PartitionWork work, long offset, Context trace) {
    this.envelope = envelope;
    this.work = work;
    this.offset = offset;
    this.trace = trace;
  }

  /** Whether this is message {@code id}, and of send {@code correlation} when one is given. */
  boolean is(String id, String correlation) {
    return envelope.id().equals(id)
        && (correlation == null || correlation.equals(envelope.correlation()));
  }
}
