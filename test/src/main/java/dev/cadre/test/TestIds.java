package dev.cadre.test;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Ids for runs under test: {@code prefix-1}, {@code prefix-2}... in order, so a run keyed by them
 * is the same on every run. Give them where the runtime takes an id: a team's instance id ({@code
 * new Team(spec, store, ids.get())}), a durable run's id ({@code team.runDurable(ids.get(), task,
 * listener)}).
 */
public final class TestIds implements Supplier<String> {

  private final String prefix;
  private final AtomicLong next = new AtomicLong();

  private TestIds(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /** Ids {@code prefix-1}, {@code prefix-2}... */
  public static TestIds sequence(String prefix) {
    return new TestIds(prefix);
  }

  /** The next id. */
  @Override
  public String get() {
    return prefix + "-" + next.incrementAndGet();
  }
}
