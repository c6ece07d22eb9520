package io.github.gather4j.internal;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The time a run reads, and how its owner sleeps and is woken: the system's in production ({@link
 * #SYSTEM}); in tests, one they advance by hand, so that deadlines and the stuck-task grace are
 * reached when a test says so rather than when the wall clock gets there; in model checks, one
 * whose park never returns without an unpark, so that a lost wake-up is a hang the checker finds.
 *
 * <p>Thread-safe. Only the owner of a run parks through it; any thread may read it or unpark.
 */
public interface Ticker {
  /** {@link System#nanoTime()}, {@link Instant#now()} and {@link LockSupport}. */
  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public void parkUntil(Object blocker, long deadline) {
          long wait = deadline - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(blocker, wait);
          }
        }

        @Override
        public void park(Object blocker) {
          LockSupport.park(blocker);
        }

        @Override
        public void unpark(Thread thread) {
          LockSupport.unpark(thread);
        }

        @Override
        public String toString() {
          return "Ticker.SYSTEM";
        }
      };

  /**
   * Returns the current value of a monotonic clock, in nanoseconds, as {@link System#nanoTime()}.
   *
   * @return the time in nanoseconds, meaningful only as a difference
   */
  long nanoTime();

  /**
   * Returns the current instant of the wall clock (for a deadline given as an {@link Instant}).
   *
   * @return the current instant
   */
  Instant now();

  /**
   * Parks the calling thread until this ticker's time reaches {@code deadline} at the latest, as
   * {@link LockSupport#parkNanos(Object, long)} does: it may also return earlier, when the thread
   * is unparked or interrupted, or for no reason, so a caller always looks again. The moment is
   * absolute, so that time passing between the caller's reading of the clock and the park is never
   * added to the wait.
   *
   * @param blocker what the thread waits for, for diagnostics
   * @param deadline the latest moment to return, on the {@link #nanoTime()} scale
   */
  void parkUntil(Object blocker, long deadline);

  /**
   * Parks the calling thread until it is unparked, as {@link LockSupport#park(Object)} does (it may
   * also return for no reason, so a caller always looks again).
   *
   * @param blocker what the thread waits for, for diagnostics
   */
  void park(Object blocker);

  /**
   * Wakes {@code thread} from {@link #park} or {@link #parkUntil}, or makes its next park return at
   * once, as {@link LockSupport#unpark(Thread)} does.
   *
   * @param thread the thread to wake
   */
  void unpark(Thread thread);
}
