package dev.cadre.test;

import dev.cadre.core.IdGenerator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Ids for runs under test: {@code prefix-1}, {@code prefix-2}... in order, so a run keyed by them
 * is the same on every run. Give them wherever the runtime makes up an id: a runtime's message and
 * run ids ({@code new InProcessRuntime(timeout, ids)}, handed to the team's builder with {@code
 * runtime(...)}), question ids ({@code UserProxyAgent.builder(name).questionIds(ids)}), approval
 * ids ({@code ToolApprover.askPerson(person, ids)}); and where it takes an id, a team's instance id
 * ({@code new Team(spec, store, ids.get())}), a durable run's id ({@code team.runDurable(ids.get(),
 * task, listener)}). A sequence per kind of id (messages, questions) keeps each kind's numbers
 * apart.
 */
public final class TestIds implements IdGenerator, Supplier<String> {

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
  public String next() {
    return prefix + "-" + next.incrementAndGet();
  }

  /** The next id, as {@link #next()}. */
  @Override
  public String get() {
    return next();
  }
}
