package io.github.gather4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jspecify.annotations.Nullable;

/**
 * The counting and wake-up mechanics of a run: which tasks are claimed, how many run, the free
 * slots under a limit, and the owner's park. Knows nothing of tasks, policies or engines; {@link
 * GatherRun} extends it, so that the counters are fields of the run itself and every call on the
 * per-task path is a final method of the same object (as {@code Striped64} is to {@code
 * LongAdder}).
 */
abstract class RunCounters {
  /*
   * The counting invariant.
   *
   * Tasks have indices 0..size-1. A task is claimed by a compare-and-set on `next`; once a stop
   * closes the claims, `next` is CLOSED. `running` counts claimed tasks that have not exited: it
   * is raised *before* a claim (claimUpTo) and lowered when a task exits (countExit), so it never
   * counts too few; it may count too many only until the claim ends. Hence `next >= size` read
   * before `running == 0` means every task that will ever run has exited (allExited).
   *
   * While tasks are still being claimed nobody needs `running` exact, so a call of STRIPED_FROM
   * tasks or more counts exits in padded stripes instead (`exits`): ending tasks on different
   * carriers then do not all write one counter. Once nothing is left to claim the stripes are
   * moved to `running` (flushExits), by the first ending task or owner to find it so; a task that
   * counted itself in a stripe looks at `next` again after counting, so either that look sees the
   * claims ended (and it flushes), or the last claim comes after its count, and whoever then finds
   * nothing left to claim flushes it. A flush may run twice at once: each moves what it took with
   * getAndSet, so no exit is counted twice or lost.
   *
   * The owner's wake-up. The owner announces itself in `waiter` just before it parks, then looks
   * again at what it waits for (GatherRun.waitUntil); a thread that changed something before the
   * announcement is seen by that look, one after it sees the announcement in signal(). The first
   * signal to find the announcement takes it (CAS to null) and unparks the owner; the others see
   * none, so the owner is woken once per park, however many tasks end at once.
   *
   * Fields: who writes, who reads, and how.
   *   size     volatile. Fixed at construction, except a scope's: raised by its owner's fork
   *            after the task's job is published; and a stream's, raised by its owner with a
   *            release store (growTo) just before it claims the new index, the claim's CAS being
   *            what other threads synchronise with. Read by any thread.
   *   next     atomic (CAS). Claims, from the owner and ending tasks; set to CLOSED by a stop.
   *   running  atomic. Raised by claimers, lowered by exits (and by a flush).
   *   exits    atomic cells, by index modulo EXIT_STRIPES; written by ending tasks, emptied by a
   *            flush with getAndSet. Null below STRIPED_FROM tasks and for scopes.
   *   exitsFlushed  volatile; set by a flush. Only a hint that saves later exits a flush: a
   *            flush with nothing to move is harmless.
   *   permits  atomic; the free slots under a limit (0 without one). Taken by starters, put back
   *            by ending tasks that find no task to hand their slot to.
   *   waiter   volatile, and CAS to null by signal(); set and cleared by the owner only.
   *   ticker   final: the time, and the park and unpark of the owner (so that a model check can
   *            give the owner a park that never returns without an unpark).
   */

  /** What {@code next} becomes when a stop ends the claims. */
  static final int CLOSED = Integer.MAX_VALUE;

  /** Calls of this many tasks or more count exits in stripes while tasks are being claimed. */
  static final int STRIPED_FROM = 64;

  private static final int EXIT_STRIPES = 8; // a power of two
  private static final int STRIPE_SPACING = 16; // ints: one cache line per stripe
  private static final VarHandle WAITER;
  private static final VarHandle SIZE;

  static {
    try {
      WAITER = MethodHandles.lookup().findVarHandle(RunCounters.class, "waiter", Thread.class);
      SIZE = MethodHandles.lookup().findVarHandle(RunCounters.class, "size", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  volatile int size;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final @Nullable AtomicIntegerArray exits;
  private volatile boolean exitsFlushed;
  private final AtomicInteger permits;
  private volatile @Nullable Thread waiter;
  final Ticker ticker;

  /**
   * Counters for {@code size} tasks, none claimed.
   *
   * @param size the number of tasks (a scope's grows)
   * @param striped whether exits are counted in stripes while tasks are claimed (a call of {@link
   *     #STRIPED_FROM} tasks or more; never a scope, whose size grows)
   * @param slots the free slots of a limit, or 0 without one
   * @param ticker what the owner parks on, and so what wakes it
   */
  RunCounters(int size, boolean striped, int slots, Ticker ticker) {
    this.size = size;
    this.ticker = ticker;
    this.exits = striped ? new AtomicIntegerArray(EXIT_STRIPES * STRIPE_SPACING) : null;
    this.permits = new AtomicInteger(slots);
  }

  // ---------------------------------------------------------------- claiming (any thread)

  /**
   * Claims up to {@code max} consecutive unclaimed indices, counting them as running (raised before
   * the claim, so that no one sees the call quiescent in between).
   *
   * @return the first index in the high 32 bits and the count in the low ones, or -1 if none is
   *     left
   */
  final long claimUpTo(int max) {
    running.addAndGet(max);
    while (true) {
      int first = next.get();
      int left = size - first;
      if (left <= 0) {
        exitMany(max);
        return -1;
      }
      int count = Math.min(max, left);
      if (next.compareAndSet(first, first + count)) {
        if (count < max) {
          // Claimed tasks are running, so this leaves the count above zero.
          running.addAndGet(count - max);
        }
        return ((long) first << 32) | count;
      }
    }
  }

  /**
   * Raises a stream's size to {@code n} with a release store, not a fence: its owner claims the new
   * index next (a compare-and-set), which is what other threads synchronise with. Owner only.
   */
  final void growTo(int n) {
    SIZE.setRelease(this, n);
  }

  /** Claims the next unclaimed index, counting it as running, or returns -1. */
  final int claim() {
    long claimed = claimUpTo(1);
    return claimed < 0 ? -1 : (int) (claimed >>> 32);
  }

  /** Returns whether some index is still unclaimed (false once the claims are closed). */
  final boolean claimsLeft() {
    return next.get() < size;
  }

  /**
   * Ends the claims: nothing more is claimed.
   *
   * @return the first index that was never claimed
   */
  final int closeClaims() {
    return Math.min(next.getAndSet(CLOSED), size);
  }

  // ---------------------------------------------------------------- slots under a limit

  /** Takes a free slot, or returns false if there is none. */
  final boolean takePermit() {
    while (true) {
      int free = permits.get();
      if (free == 0) {
        return false;
      }
      if (permits.compareAndSet(free, free - 1)) {
        return true;
      }
    }
  }

  /** Returns whether no slot is free at the moment. */
  final boolean noFreePermit() {
    return permits.get() == 0;
  }

  /** Gives a slot back. */
  final void returnPermit() {
    permits.incrementAndGet();
  }

  // ---------------------------------------------------------------- exits (any thread)

  /** Counts the exit of claimed task {@code index}; wakes the owner if it was the last. */
  final void countExit(int index) {
    AtomicIntegerArray stripes = exits;
    if (stripes != null) {
      if (next.get() < size) {
        stripes.getAndIncrement((index & (EXIT_STRIPES - 1)) * STRIPE_SPACING);
        // Looking again after counting: either the last claim comes after this look (and whoever
        // finds nothing left to claim then flushes this count), or this look sees it.
        if (next.get() >= size) {
          flushExits(stripes);
        }
        return;
      }
      if (!exitsFlushed) {
        flushExits(stripes);
      }
    }
    exitMany(1);
  }

  /**
   * Returns whether every claimed task has exited and nothing is left to claim: the run may end.
   * Moves the exits counted in stripes to {@code running} first, once nothing is left to claim
   * (which changes no answer, only makes the count exact).
   */
  final boolean allExited() {
    if (next.get() < size) {
      return false;
    }
    AtomicIntegerArray stripes = exits;
    if (stripes != null && !exitsFlushed) {
      flushExits(stripes);
    }
    return running.get() == 0;
  }

  /** Moves the exits counted in stripes to {@code running}; once nothing is left to claim. */
  private void flushExits(AtomicIntegerArray stripes) {
    int total = 0;
    for (int i = 0; i < EXIT_STRIPES * STRIPE_SPACING; i += STRIPE_SPACING) {
      if (stripes.get(i) != 0) {
        total += stripes.getAndSet(i, 0);
      }
    }
    if (total != 0) {
      exitMany(total);
    }
    exitsFlushed = true;
  }

  /**
   * Counts a thread that is not a task as running while it stops the run (the deadline timer, a
   * thread completing an async gather's future): the owner cannot then see the run ended while that
   * stop still cancels and discards. Any thread; always followed by {@link #release}.
   */
  final void hold() {
    running.incrementAndGet();
  }

  /** Ends a {@link #hold}; wakes the owner if it was the last thing running. */
  final void release() {
    exitMany(1);
  }

  private void exitMany(int count) {
    if (running.addAndGet(-count) == 0) {
      signal();
    }
  }

  // ---------------------------------------------------------------- the owner's wake-up

  /** The owner is about to park: from now on a {@link #signal} unparks it. Owner only. */
  final void announce(Thread owner) {
    waiter = owner;
  }

  /** The owner is awake again (or was never parked): no signal needs to unpark it. Owner only. */
  final void withdraw() {
    waiter = null;
  }

  /** Wakes the owner if it announced a park and no one has woken it since. Any thread. */
  final void signal() {
    Thread parked = waiter;
    if (parked != null && WAITER.compareAndSet(this, parked, null)) {
      ticker.unpark(parked);
    }
  }
}
