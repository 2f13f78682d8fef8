package dev.cadre.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where Cadre's blocking work runs: virtual threads when the JVM has them (21+), otherwise a cached
 * pool of daemon platform threads.
 *
 * <p>Cadre is compiled for Java 17, so the virtual-thread factory is looked up once, at class
 * initialisation, with a method handle; nothing is looked up on the call path.
 */
public final class Threads {

  private static final MethodHandle VIRTUAL_EXECUTOR = findVirtualExecutor();

  private static final class Shared {
    static final ExecutorService EXECUTOR = newExecutor("cadre");
  }

  private Threads() {}

  /**
   * One thread-per-task executor for the whole JVM, for short-lived blocking work such as a tool
   * call; its platform threads (before Java 21) are daemons, so it never needs shutting down.
   */
  public static ExecutorService shared() {
    return Shared.EXECUTOR;
  }

  /** Whether executors from {@link #newExecutor} run tasks on virtual threads. */
  public static boolean virtual() {
    return VIRTUAL_EXECUTOR != null;
  }

  /**
   * An executor that starts a thread per task and never queues: virtual threads where available,
   * daemon platform threads named {@code namePrefix-N} otherwise. Shut it down when done.
   */
  public static ExecutorService newExecutor(String namePrefix) {
    if (VIRTUAL_EXECUTOR != null) {
      try {
        return (ExecutorService) VIRTUAL_EXECUTOR.invokeExact();
      } catch (Throwable e) {
        throw new IllegalStateException("cannot create a virtual-thread executor", e);
      }
    }
    AtomicInteger count = new AtomicInteger();
    // A pooled thread outlives the task that started it: it must not inherit that thread's
    // inheritable thread locals (an SLF4J MDC, say), or it would log with a finished run's context
    // for as long as it lives.
    ThreadFactory factory =
        runnable -> {
          Thread thread =
              new Thread(null, runnable, namePrefix + "-" + count.incrementAndGet(), 0, false);
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newCachedThreadPool(factory);
  }

  private static MethodHandle findVirtualExecutor() {
    try {
      return MethodHandles.publicLookup()
          .findStatic(
              Executors.class,
              "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
