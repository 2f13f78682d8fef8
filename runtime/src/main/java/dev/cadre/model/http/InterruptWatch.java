package dev.cadre.model.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * Cancels an HTTP call whose thread is interrupted. A thread blocked reading a socket does not
 * notice an interrupt, so without this an interrupted agent would wait out the whole reply; one
 * daemon thread looks at the calls in flight every {@value #PERIOD_MILLIS} ms.
 */
final class InterruptWatch {

  static final long PERIOD_MILLIS = 25;

  private static final Map<Call, Thread> WATCHED = new ConcurrentHashMap<>();

  private InterruptWatch() {}

  /** Watches {@code call}, made on the current thread, until the registration is closed. */
  static Registration watch(Call call) {
    WATCHED.put(call, Thread.currentThread());
    Holder.ensureStarted();
    return () -> WATCHED.remove(call);
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
  }

  /** The watching thread, started with the first call. */
  private static final class Holder {
    private static final ScheduledExecutorService WATCHER =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "cadre-http-interrupt-watch");
              thread.setDaemon(true);
              return thread;
            });

    static {
      WATCHER.scheduleWithFixedDelay(
          InterruptWatch::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    static void ensureStarted() {
      // Loading this class started the watcher.
    }
  }
}
