package dev.cadre.kafka;

import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.common.TopicPartition;

/** A partition assigned here: its stored agents, and which of its messages are in flight. */
final class PartitionWork {
  final TopicPartition tp;
  final StoredAgents stored;
  final PartitionWriter writer; // null for a local type: nothing is stored or committed
  final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
  volatile long highest = -1;
  boolean paused; // poller only
  volatile boolean revoked;

  PartitionWork(TopicPartition tp, StoredAgents stored, PartitionWriter writer) {
    this.tp = tp;
    this.stored = stored;
    this.writer = writer;
  }

  void dispatched(long offset) {
    inFlight.add(offset);
    highest = offset;
  }

  void acknowledged(long offset) {
    inFlight.remove(offset);
  }

  /**
   * The offset to commit: the first not acknowledged, or past the last dispatched; -1, nothing,
   * before anything was dispatched here (0 would move the group's offset back to the start).
   */
  long committable() {
    long last = highest;
    if (last < 0) {
      return -1;
    }
    // Handlers acknowledge on other threads: the set can empty between isEmpty() and first(),
    // which then throws; its iterator never does.
    Iterator<Long> first = inFlight.iterator();
    return first.hasNext() ? first.next() : last + 1;
  }
}
