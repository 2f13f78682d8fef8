package dev.cadre.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ids of the messages one handler sends while it handles one message: the same ids each time
 * that handler runs again for that message (after a crash, on the partition's next owner), so their
 * recipients recognise a repeat and skip it.
 *
 * <p>An id is {@code <handled id>.<destination tag>.<n>}: the n-th message this handler sent to
 * that destination (an agent, or a topic). Counting per destination keeps the ids independent of
 * how sends to different destinations interleave, so a handler that fans out from several threads
 * at once still gets the same ids on a re-run. Only sends to one destination from several threads
 * at once take their numbers in the order they happen to run.
 *
 * <p>A run of hops would make each id longer than the last (a team's turns form one chain), so a
 * handled id longer than {@link #MAX_PARENT_LENGTH} is replaced by a digest of itself: ids stay
 * under about 60 characters however long the chain, and stay unique (128 bits of SHA-256).
 */
final class DerivedIds {

  /** A handled id up to this long is used as it is; a longer one by its digest. */
  static final int MAX_PARENT_LENGTH = 48;

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final String prefix;
  private final ConcurrentHashMap<String, Destination> destinations = new ConcurrentHashMap<>();

  /** The ids of what is sent while message {@code handledId} is handled. */
  DerivedIds(String handledId) {
    this.prefix =
        (handledId.length() <= MAX_PARENT_LENGTH ? handledId : "~" + digest(handledId, 16)) + ".";
  }

  /**
   * The id of the next message sent to {@code destination}, which names an agent or a topic in a
   * way no other destination shares (an {@code AgentId}'s or a {@code TopicId}'s text, with a
   * prefix telling which).
   */
  String next(String destination) {
    Destination d = destinations.computeIfAbsent(destination, Destination::new);
    return prefix + d.tag + "." + d.sent.incrementAndGet();
  }

  /** A destination's tag (64 bits of its digest) and how many messages were sent to it. */
  private static final class Destination {
    final String tag;
    final AtomicInteger sent = new AtomicInteger();

    Destination(String destination) {
      this.tag = digest(destination, 8);
    }
  }

  private static String digest(String text, int bytes) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return BASE64.encodeToString(Arrays.copyOf(hash, bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
