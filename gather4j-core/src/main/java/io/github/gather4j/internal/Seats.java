package io.github.gather4j.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A fixed number of places for running things, with a stack of the free ones: taking and leaving a
 * seat cost one compare-and-set each, whatever the number of seats.
 *
 * <p>One thread at a time may {@link #take} (the caller serialises them); any thread may {@link
 * #leave}. With one taker, the free stack has no ABA problem: between the taker's read of the top
 * and its compare-and-set, other threads can only push seats, never the one on top (it is free).
 *
 * @param <T> what sits in a seat
 */
final class Seats<T> {
  private final AtomicReferenceArray<@Nullable T> seated;
  // The free stack: `top` is a free seat (or -1), `below[s]` the free seat under free seat s.
  private final int[] below;
  private final AtomicInteger top;

  /** Creates {@code count} free seats. */
  Seats(int count) {
    seated = new AtomicReferenceArray<>(count);
    below = new int[count];
    for (int s = 0; s < count; s++) {
      below[s] = s - 1;
    }
    top = new AtomicInteger(count - 1);
  }

  /**
   * Seats {@code occupant} in a free seat; one taker at a time.
   *
   * @return the seat
   * @throws IllegalStateException if no seat is free (the caller's accounting promised one)
   */
  int take(T occupant) {
    while (true) {
      int seat = top.get();
      if (seat < 0) {
        throw new IllegalStateException("no free seat for " + occupant + ": a bug in gather4j");
      }
      if (top.compareAndSet(seat, below[seat])) {
        seated.set(seat, occupant);
        return seat;
      }
    }
  }

  /** Frees {@code seat}; any thread. */
  void leave(int seat) {
    seated.set(seat, null);
    while (true) {
      int t = top.get();
      below[seat] = t; // published by the compare-and-set
      if (top.compareAndSet(t, seat)) {
        return;
      }
    }
  }

  /** Calls {@code action} with every occupant seated at the time its seat is read. */
  void forEach(Consumer<? super T> action) {
    for (int s = 0; s < seated.length(); s++) {
      T occupant = seated.get(s);
      if (occupant != null) {
        action.accept(occupant);
      }
    }
  }
}
