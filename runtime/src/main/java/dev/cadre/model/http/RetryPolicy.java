package dev.cadre.model.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a model client retries a failed call: exponential backoff with full jitter, on statuses 408,
 * 409, 429 and 5xx and on connection failures; never on other 4xx. A {@code Retry-After} the server
 * sends takes precedence over the backoff, up to {@code maxRetryAfter}.
 *
 * @param maxRetries retries after the first attempt (2 means at most 3 attempts)
 * @param initialBackoff the backoff ceiling before the first retry
 * @param maxBackoff the highest backoff ceiling
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one fails the call
 */
public record RetryPolicy(
    int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

  /** Two retries, backoff from 500 ms up to 8 s, Retry-After honoured up to 60 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

  /** No retries at all. */
  public static final RetryPolicy NONE =
      new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** Checks that the counts and delays are not negative. */
  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries cannot be negative");
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("durations cannot be negative");
    }
  }

  /** Whether an HTTP status is worth retrying. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /** The delay before retry number {@code retry} (1-based): a random point below the ceiling. */
  public Duration backoff(int retry) {
    long ceiling = initialBackoff.toMillis() << Math.min(retry - 1, 20);
    ceiling = Math.min(Math.max(ceiling, 0), maxBackoff.toMillis());
    return ceiling == 0
        ? Duration.ZERO
        : Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }
}
