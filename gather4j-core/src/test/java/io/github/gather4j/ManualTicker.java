package io.github.gather4j;

import io.github.gather4j.internal.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A ticker whose time moves only when a test calls {@link #advance}: a deadline or a grace period
 * is reached exactly then, never because the machine was slow (Trio's MockClock, Guava's
 * FakeTicker). A thread parked on it until a moment is unparked by every advance, and looks again.
 */
public final class ManualTicker implements Ticker {
  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Set<Thread> parked = ConcurrentHashMap.newKeySet();

  /** A ticker at a fixed moment, until advanced. */
  public ManualTicker() {}

  /** Moves the time on by {@code duration} and wakes every thread parked on this ticker. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
    parked.forEach(LockSupport::unpark);
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
