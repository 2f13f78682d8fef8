package dev.cadre.tool;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Threads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Time limits for tools that run on their caller's thread: one watchdog thread for the JVM stops a
 * call whose limit has passed by cancelling its token and interrupting the thread running it.
 *
 * <p>A call on the hot path costs no system call: registering adds a set entry and bumps a counter,
 * finishing is a compare-and-set and a set removal. The watchdog sleeps until the earliest deadline
 * it knows of; a registrant wakes it only when its own deadline comes sooner than that. The two
 * meet Dekker-style: the registrant adds its entry, bumps {@code registrations} and then reads
 * {@code wakeAt}; the watchdog writes {@code wakeAt} and then re-reads {@code registrations},
 * scanning again if it moved. So either the watchdog sees the entry or the registrant sees the
 * planned wake-up and unparks it if it is too late; a park permit covers an unpark that lands
 * before the watchdog parks.
 *
 * <p>Who stops a call is settled by one compare-and-set on its {@link Watch}: the owner finishing
 * ({@code RUNNING -> DONE}) or a stopper ({@code RUNNING -> EXPIRED} by the watchdog, {@code
 * RUNNING -> CANCELLED} when the call's token is cancelled). Only the winner acts. A stopper
 * interrupts the owner; the owner, having lost, waits until that interrupt has been delivered and
 * then clears it, so its thread goes on clean. An owner that won is never interrupted for that call.
 */
final class Deadlines {

  /** A limit further off than this (about 73 years) is kept at this, and so never reached. */
  static final long MAX_WAIT = Long.MAX_VALUE / 4;

  // Further off than any deadline, so that while the watchdog has nothing to wait for, every
  // registrant's deadline comes sooner and wakes it. Deadlines compare by difference (nanoTime
  // may wrap), which stays exact while they lie within MAX_WAIT of each other.
  private static final long IDLE = Long.MAX_VALUE / 2;

  private static final class Shared {
    static final Deadlines INSTANCE = new Deadlines("cadre-tool-deadlines");
  }

  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private final AtomicLong registrations = new AtomicLong();
  private final Thread watchdog;
  private volatile long wakeAt;
  private volatile boolean shutDown;

  /** Starts a watchdog thread; outside tests, use {@link #shared()}. */
  Deadlines(String threadName) {
    wakeAt = System.nanoTime() + IDLE;
    // It outlives whoever happened to start it: it takes none of that thread's locals or loader.
    watchdog = new Thread(null, this::watch, threadName, 0, false);
    watchdog.setContextClassLoader(null);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The JVM's watchdog, started by the first call that needs it. */
  static Deadlines shared() {
    return Shared.INSTANCE;
  }

  /**
   * Watches the calling thread until {@link Watch#finish()}: once {@code limitNanos} have passed,
   * or as soon as {@code token} is cancelled, the token is cancelled and the thread interrupted.
   */
  Watch watch(CancellationToken token, long limitNanos) {
    long deadline = System.nanoTime() + Math.min(Math.max(limitNanos, 0), MAX_WAIT);
    Watch watch = new Watch(this, token, Thread.currentThread(), deadline);
    watches.add(watch);
    registrations.incrementAndGet();
    if (deadline - wakeAt < 0) {
      LockSupport.unpark(watchdog);
    }
    // A token cancelled already runs this at once, stopping the call before it starts.
    token.onCancel(watch::cancel);
    return watch;
  }

  /** How many watches are held; one goes when its owner finishes or its limit passes. */
  int pending() {
    return watches.size();
  }

  /** The {@code System.nanoTime()} the watchdog last planned to wake at. */
  long plannedWakeUp() {
    return wakeAt;
  }

  /** Stops this watchdog's thread; for instances a test made, never the shared one. */
  void shutDown() {
    shutDown = true;
    LockSupport.unpark(watchdog);
  }

  private void watch() {
    while (!shutDown) {
      // Nobody has a reason to interrupt this thread, but a stray interrupt would make park spin.
      Thread.interrupted();
      long seen = registrations.get();
      long now = System.nanoTime();
      long next = now + IDLE;
      for (Watch watch : watches) {
        if (watch.deadline - now <= 0) {
          watches.remove(watch);
          if (watch.claim(Watch.EXPIRED)) {
            stopElsewhere(watch);
          }
        } else if (watch.state == Watch.RUNNING && watch.deadline - next < 0) {
          next = watch.deadline;
        }
      }
      wakeAt = next;
      if (registrations.get() != seen) {
        continue;
      }
      if (next - now == IDLE) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, next - System.nanoTime());
      }
    }
  }

  // Stopping runs the token's callbacks, which are the tool's code: on this thread, one that
  // blocks would hold up every other deadline in the JVM.
  private static void stopElsewhere(Watch watch) {
    try {
      Threads.shared().execute(watch::stop);
    } catch (RejectedExecutionException e) {
      watch.stop();
    }
  }

  /** One watched call; see {@link Deadlines}. */
  static final class Watch {
    static final int RUNNING = 0;
    static final int DONE = 1;
    static final int EXPIRED = 2;
    static final int CANCELLED = 3;

    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Watch.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Deadlines deadlines;
    private final CancellationToken token;
    private final Thread owner;
    private final long deadline;
    private volatile int state = RUNNING;
    private volatile boolean stopped;
    private volatile boolean ownerWaiting;

    private Watch(Deadlines deadlines, CancellationToken token, Thread owner, long deadline) {
      this.deadlines = deadlines;
      this.token = token;
      this.owner = owner;
      this.deadline = deadline;
    }

    /** Whether nobody has finished or stopped the call yet. */
    boolean running() {
      return state == RUNNING;
    }

    /**
     * Stops the call as the watchdog does when its limit passes, on the calling thread.
     *
     * @return whether this stopped it: false if it had finished or been stopped already
     */
    boolean expire() {
      if (!claim(EXPIRED)) {
        return false;
      }
      stop();
      return true;
    }

    // The token's callback; when the watchdog cancels the token itself, it has already won.
    private void cancel() {
      if (claim(CANCELLED)) {
        stop();
      }
    }

    private boolean claim(int reason) {
      return STATE.compareAndSet(this, RUNNING, reason);
    }

    private void stop() {
      try {
        try {
          token.cancel();
        } catch (RuntimeException ignored) {
          // a callback of the tool failed; the call is stopped either way
        }
        owner.interrupt();
      } finally {
        stopped = true;
        if (ownerWaiting) {
          LockSupport.unpark(owner);
        }
      }
    }

    /**
     * Called by the owner once the tool has returned or thrown: ends the watch.
     *
     * @return {@link #DONE} if the call finished before anything stopped it; otherwise why it was
     *     stopped ({@link #EXPIRED} or {@link #CANCELLED}), with the interrupt that stopped it
     *     delivered and cleared
     */
    int finish() {
      boolean won = claim(DONE);
      deadlines.watches.remove(this);
      if (won) {
        return DONE;
      }
      // The stopper's interrupt may still be on its way; one landing later would hit whatever the
      // thread does next. Park returns at once while an interrupt is pending, hence the clearing.
      ownerWaiting = true;
      while (!stopped) {
        Thread.interrupted();
        LockSupport.park(this);
      }
      ownerWaiting = false;
      Thread.interrupted();
      return state;
    }
  }
}
