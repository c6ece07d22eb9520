package io.github.gather4j.internal;

import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The time a run reads, and how its owner sleeps and is woken: the system's in production ({@link
 * #SYSTEM}); in tests, one they advance by hand, so that deadlines and the stuck-task grace are
 * reached when a test says so rather than when the wall clock gets there; in model checks, one
 * whose park never returns without an unpark, so that a lost wake-up is a hang the checker finds.
 *
 * <p>It also keeps the timers of deadlines that must act while no owner waits (a scope's, a
 * stream's) and of per-task timeouts: the system's run on one shared daemon thread, as {@code
 * CompletableFuture}'s delayed executor does; a test's fire when the test advances its time.
 *
 * <p>Thread-safe. Only the owner of a run parks through it; any thread may read it, unpark or
 * schedule.
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
        public Future<?> schedule(Runnable action, long at) {
          return Timers.SCHEDULER.schedule(action, at - System.nanoTime(), TimeUnit.NANOSECONDS);
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

  /**
   * Runs {@code action} once this ticker's time reaches {@code at}, on a thread of the ticker's.
   * The action must be short and must not block: it shares its thread with every other timer.
   *
   * @param action what to run; it is not run if the returned future is cancelled first
   * @param at the moment, on the {@link #nanoTime()} scale
   * @return the timer, to {@link Future#cancel cancel} it (which also forgets the action)
   */
  Future<?> schedule(Runnable action, long at);

  /** The system's timer thread, made on first use. */
  final class Timers {
    static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private Timers() {}

    private static ScheduledThreadPoolExecutor scheduler() {
      ScheduledThreadPoolExecutor scheduler =
          new ScheduledThreadPoolExecutor(
              1,
              action -> {
                // No context of whichever thread first needs a timer: no inherited thread
                // locals (an MDC), no class loader of an application's to keep alive.
                Thread thread =
                    Thread.ofPlatform()
                        .daemon()
                        .name("gather4j-timer")
                        .inheritInheritableThreadLocals(false)
                        .unstarted(action);
                thread.setContextClassLoader(null);
                return thread;
              });
      // A cancelled timer (a task that ended in time, a scope closed early) leaves the queue at
      // once, so that a million short tasks with a timeout do not fill it.
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }
}
