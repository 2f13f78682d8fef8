package dev.cadre.model.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * Cancels an HTTP call whose thread is interrupted. A thread blocked reading a socket does not
 * notice an interrupt, so without this an interrupted agent would wait out the whole reply; one
 * daemon thread looks at the calls in flight every {@value #PERIOD_MILLIS} ms, and only while
 * there are any: an idle process is never woken.
 */
final class InterruptWatch {

  static final long PERIOD_MILLIS = 25;

  private static final Map<Call, Thread> WATCHED = new ConcurrentHashMap<>();
  private static final Object LOCK = new Object();
  private static ScheduledFuture<?> checking; // guarded by LOCK; null while nothing is watched

  private InterruptWatch() {}

  /** Watches {@code call}, made on the current thread, until the registration is closed. */
  static Registration watch(Call call) {
    WATCHED.put(call, Thread.currentThread());
    synchronized (LOCK) {
      if (checking == null) {
        checking =
            Holder.WATCHER.scheduleWithFixedDelay(
                InterruptWatch::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
    return () -> WATCHED.remove(call);
  }

  /** Whether the watching thread is checking calls now (for tests). */
  static boolean checking() {
    synchronized (LOCK) {
      return checking != null;
    }
  }

  /** Ends the watch of one call. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private static void check() {
    WATCHED.forEach(
        (call, thread) -> {
          if (thread.isInterrupted()) {
            call.cancel();
          }
        });
    synchronized (LOCK) {
      // A call watched after this emptiness check finds checking still set, so none is missed.
      if (WATCHED.isEmpty() && checking != null) {
        checking.cancel(false);
        checking = null;
      }
    }
  }

  /** The watching thread, made with the first call. */
  private static final class Holder {
    private static final ScheduledExecutorService WATCHER =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "cadre-http-interrupt-watch");
              thread.setDaemon(true);
              return thread;
            });
  }
}
