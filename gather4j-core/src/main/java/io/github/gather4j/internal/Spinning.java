package io.github.gather4j.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Whether the owner of a gather, when it is a platform thread waiting for the call's end, looks for
 * its news for a few microseconds before it parks. (A stream's consumer, waiting for each result,
 * does not spin: it would take a core from the tasks.)
 *
 * <p>Waking a parked platform thread goes through the operating system: tens of microseconds on a
 * busy virtual machine, several times what a whole gather of three no-op tasks on virtual threads
 * takes (measured: 20–30 µs a call parked, 3–4 µs a call spinning first; docs/BENCHMARKS.md, j). So
 * a platform-thread owner polls for up to {@link #NANOS} first — when spinning has paid lately.
 * Credit is kept per thread (by a stripe of its id): a spin that saw its news adds one, one that
 * did not takes one, so spinning goes on while at least half the spins pay, and a thread without
 * credit still tries once in {@value #PROBE_EVERY} waits, to notice when spinning pays again. A
 * thread whose gathers take milliseconds therefore stops spinning within {@value #CREDIT_MAX} calls
 * and then costs a spin of {@link #NANOS} once in {@value #PROBE_EVERY} calls. At most {@link
 * #MAX_SPINNERS} owners spin at once (one fewer than the processors: none on one), so that spinning
 * owners never hold every core the tasks need.
 *
 * <p>A virtual thread never spins: its park is cheap, and spinning would hold a carrier its tasks
 * need. The credit is a heuristic: racing updates of a stripe may lose one, which is harmless.
 */
final class Spinning {
  /** How long an owner spins, at most, before it parks. */
  static final long NANOS = 20_000;

  private static final int PROBE_EVERY = 64;
  private static final int CREDIT_MAX = 16;
  private static final int MAX_SPINNERS = Runtime.getRuntime().availableProcessors() - 1;
  private static final int STRIPES = 16; // a power of two
  private static final int SPACING = 16; // ints: one cache line per stripe
  private static final AtomicInteger SPINNERS = new AtomicInteger();

  /** Per stripe: the credit (starting at one, so that a new thread tries), and the waits. */
  private static final AtomicIntegerArray CREDIT = new AtomicIntegerArray(STRIPES * SPACING);

  private static final AtomicIntegerArray WAITS = new AtomicIntegerArray(STRIPES * SPACING);

  static {
    for (int i = 0; i < STRIPES; i++) {
      CREDIT.setPlain(i * SPACING, 1);
    }
  }

  private Spinning() {}

  /**
   * Returns whether {@code thread}, about to park as a gather's owner, should spin first; if so,
   * {@link #end} must follow.
   */
  static boolean begin(Thread thread) {
    if (!mayWaitSpinning(thread)) {
      return false;
    }
    int stripe = stripe(thread);
    if (CREDIT.getPlain(stripe) <= 0) {
      int waits = WAITS.getPlain(stripe) + 1;
      WAITS.setPlain(stripe, waits);
      if (waits % PROBE_EVERY != 0) {
        return false;
      }
    }
    if (SPINNERS.incrementAndGet() > MAX_SPINNERS) {
      SPINNERS.decrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Whether {@code thread} may spin at all while it waits for other threads: a platform thread,
   * with another processor to run what it waits for. (A virtual thread's park is cheap, and its
   * spin would hold a carrier.) Also used by the caller's wait for an exited task's thread to end.
   */
  static boolean mayWaitSpinning(Thread thread) {
    return MAX_SPINNERS > 0 && !thread.isVirtual();
  }

  /** Ends a spin that {@link #begin} allowed: {@code paid} if the owner saw its news. */
  static void end(Thread thread, boolean paid) {
    SPINNERS.decrementAndGet();
    int stripe = stripe(thread);
    int credit = CREDIT.getPlain(stripe);
    CREDIT.setPlain(stripe, paid ? Math.min(CREDIT_MAX, credit + 1) : Math.max(0, credit - 1));
  }

  private static int stripe(Thread thread) {
    long id = thread.threadId();
    return (int) ((id ^ (id >>> 16)) & (STRIPES - 1)) * SPACING;
  }
}
