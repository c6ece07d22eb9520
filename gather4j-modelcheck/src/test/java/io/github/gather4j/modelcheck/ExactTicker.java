package io.github.gather4j.modelcheck;

import io.github.gather4j.internal.Ticker;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A ticker for model checks: time moves only when the test sets it, and a park returns only after
 * an unpark (or, timed, once the time has come), never spuriously. A lost wake-up is then a thread
 * spinning for good, which the model checker reports as a hang, instead of a park the checker may
 * end on its own, which hides it.
 */
final class ExactTicker implements Ticker {
  private volatile long now = 1_000_000_000L;
  private final ConcurrentHashMap<Thread, AtomicBoolean> permits = new ConcurrentHashMap<>();

  /** Moves the time to {@code nanos} from the start. */
  void set(long nanos) {
    now = nanos;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Instant now() {
    return Instant.EPOCH.plusNanos(now);
  }

  @Override
  public void park(Object blocker) {
    AtomicBoolean permit = permitOf(Thread.currentThread());
    while (!permit.compareAndSet(true, false)) {
      Thread.onSpinWait();
    }
  }

  @Override
  public void parkUntil(Object blocker, long deadline) {
    AtomicBoolean permit = permitOf(Thread.currentThread());
    while (!permit.compareAndSet(true, false)) {
      if (now - deadline >= 0) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  @Override
  public void unpark(Thread thread) {
    permitOf(thread).set(true);
  }

  /**
   * A timer that never fires: the model checks drive a deadline through the owner's own look at the
   * time ({@link #set}), the race they explore; a timer thread would only add a schedule the
   * checker cannot see.
   */
  @Override
  public Future<?> schedule(Runnable action, long at) {
    return new CompletableFuture<Void>();
  }

  private AtomicBoolean permitOf(Thread thread) {
    return permits.computeIfAbsent(thread, t -> new AtomicBoolean());
  }
}
