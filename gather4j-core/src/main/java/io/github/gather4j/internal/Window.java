package io.github.gather4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A stream's seats (ADR 11): places for the jobs its owner started and the consumer has not yet
 * taken. Unlike {@link Seats}, both taking and leaving are the owner's, so the free stack is plain
 * and a seat is published with a release store, not a fence: the owner's claim that follows every
 * take (a compare-and-set on the run's claims, which a stop closes with a getAndSet) orders the
 * seat's store before any stop that scans after it, and a stop that came first makes the claim
 * fail, so the owner cancels the job itself. A stop reading a seat the owner just emptied sees the
 * consumed job, done, and cancels nothing.
 */
final class Window {
  private static final VarHandle SEATS = MethodHandles.arrayElementVarHandle(Job[].class);

  private final @Nullable Job[] seated;
  // The free seats: free[0..top) (owner only).
  private final int[] free;
  private int top;

  /** Creates {@code count} free seats. */
  Window(int count) {
    seated = new Job[count];
    free = new int[count];
    for (int s = 0; s < count; s++) {
      free[s] = count - 1 - s; // seat 0 on top: a short stream uses the first seats
    }
    top = count;
  }

  /**
   * Seats {@code job}; the owner only.
   *
   * @return its seat
   * @throws IllegalStateException if no seat is free (the owner's count promised one)
   */
  int take(Job job) {
    if (top == 0) {
      throw new IllegalStateException("no free seat for " + job + ": a bug in gather4j");
    }
    int seat = free[--top];
    SEATS.setRelease(seated, seat, job);
    return seat;
  }

  /** Frees {@code seat}, whose job the consumer took; the owner only. */
  void leave(int seat) {
    SEATS.setRelease(seated, seat, (Job) null);
    free[top++] = seat;
  }

  /** Calls {@code action} with every job seated when its seat is read; any thread. */
  void forEach(Consumer<? super Job> action) {
    for (int s = 0; s < seated.length; s++) {
      Job job = (Job) SEATS.getAcquire(seated, s);
      if (job != null) {
        action.accept(job);
      }
    }
  }
}
