package io.github.gather4j;

import io.github.gather4j.internal.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A ticker whose time moves only when a test calls {@link #advance}: a deadline or a grace period
 * is reached exactly then, never because the machine was slow (Trio's MockClock, Guava's
 * FakeTicker). A thread parked on it until a moment is unparked by every advance, and looks again.
 * Timers due by the new time run on the advancing thread, before {@link #advance} returns, in the
 * order of their moments: a test that advances past a scope's deadline finds it acted on. A timer
 * scheduled for a moment already past runs at once on a thread of its own.
 */
public final class ManualTicker implements Ticker {
  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Set<Thread> parked = ConcurrentHashMap.newKeySet();

  /** A ticker at a fixed moment, until advanced. */
  public ManualTicker() {}

  private final List<Timer> timers = new ArrayList<>(); // guarded by itself

  private record Timer(long at, FutureTask<?> task) {}

  /**
   * Moves the time on by {@code duration}, runs the timers now due, and wakes every thread parked
   * on this ticker.
   */
  public void advance(Duration duration) {
    long now = nanos.addAndGet(duration.toNanos());
    while (true) {
      Timer due = null;
      synchronized (timers) {
        for (Timer timer : timers) {
          if (timer.at() - now <= 0 && (due == null || timer.at() - due.at() < 0)) {
            due = timer;
          }
        }
        if (due != null) {
          timers.remove(due);
        }
      }
      if (due == null) {
        break;
      }
      due.task().run(); // a no-op if it was cancelled
    }
    parked.forEach(LockSupport::unpark);
  }

  /** Returns how many timers are waiting for their moment (cancelled ones included). */
  public int pendingTimers() {
    synchronized (timers) {
      timers.removeIf(timer -> timer.task().isDone());
      return timers.size();
    }
  }

  @Override
  public Future<?> schedule(Runnable action, long at) {
    FutureTask<?> task = new FutureTask<>(action, null);
    synchronized (timers) {
      // Looked at and added under the lock an advance scans under, after it moved the time: an
      // advance either finds this timer or moved the time before this look.
      if (at - nanos.get() > 0) {
        timers.add(new Timer(at, task));
        return task;
      }
    }
    // Already due (time moved on since the caller read it): run soon on a thread of its own, as
    // the system's timer thread would, never inside the caller's call.
    Thread.ofPlatform().daemon().name("manual-ticker-timer").start(task);
    return task;
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return ORIGIN.plusNanos(nanos.get());
  }

  @Override
  public void parkUntil(Object blocker, long deadline) {
    Thread me = Thread.currentThread();
    parked.add(me);
    try {
      // An advance after this look unparks this thread, so the park below returns at once.
      if (nanos.get() - deadline < 0) {
        LockSupport.park(blocker);
      }
    } finally {
      parked.remove(me);
    }
  }

  @Override
  public void park(Object blocker) {
    Ticker.SYSTEM.park(blocker); // only timed waits need the manual time
  }

  @Override
  public void unpark(Thread thread) {
    Ticker.SYSTEM.unpark(thread);
  }
}
