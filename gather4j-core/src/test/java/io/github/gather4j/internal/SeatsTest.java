package io.github.gather4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The lazy input's seats: a free seat is found in one step, and never given twice. */
class SeatsTest {

  @Property(tries = 200)
  void aSeatIsNeverGivenTwice_andEveryFreedSeatIsFoundAgain(
      @ForAll @IntRange(min = 1, max = 64) int count,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 63) Integer> leaves) {
    Seats<String> seats = new Seats<>(count);
    String[] occupant = new String[count];
    for (int i = 0; i < count; i++) {
      int seat = seats.take("job " + i);
      assertThat(occupant[seat]).as("seat %d given twice", seat).isNull();
      occupant[seat] = "job " + i;
    }
    assertThatThrownBy(() -> seats.take("one too many"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no free seat");
    for (int pick : leaves) {
      int seat = pick % count;
      seats.leave(seat);
      occupant[seat] = null;
      int again = seats.take("again");
      assertThat(again).isEqualTo(seat); // the only free seat
      occupant[again] = "again";
    }
    Set<String> seen = new HashSet<>();
    seats.forEach(seen::add);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(new HashSet<>(List.of(occupant)));
  }

  @org.junit.jupiter.api.Test
  void oneTakerAndManyLeaversNeverShareASeat() throws Exception {
    int count = 8;
    int threads = 4;
    int rounds = 20_000;
    Seats<Thread> seats = new Seats<>(count);
    Semaphore free = new Semaphore(count); // what the gather's permits promise
    ReentrantLock taker = new ReentrantLock(); // one taker at a time
    AtomicReferenceArray<Thread> owner = new AtomicReferenceArray<>(count);
    AtomicInteger clashes = new AtomicInteger();
    CyclicBarrier go = new CyclicBarrier(threads);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                      Thread me = Thread.currentThread();
                      for (int r = 0; r < rounds; r++) {
                        free.acquire();
                        int seat;
                        taker.lock();
                        try {
                          seat = seats.take(me);
                        } finally {
                          taker.unlock();
                        }
                        if (!owner.compareAndSet(seat, null, me)) {
                          clashes.incrementAndGet();
                        }
                        owner.set(seat, null);
                        seats.leave(seat);
                        free.release();
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    assertThat(failures).isEmpty();
    assertThat(clashes.get()).isZero();
    Set<Thread> left = new HashSet<>();
    seats.forEach(left::add);
    assertThat(left).isEmpty();
  }
}
