package io.github.gather4j.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gather4j.Gather;
import io.github.gather4j.GatherFuture;
import io.github.gather4j.Gathering;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Async gathers ended from outside at random moments — cancelled, completed, completed
 * exceptionally, timed out by {@code orTimeout}, or left to finish — many in flight at once: every
 * {@code ended()} completes, and then no task of that gather runs and none of its threads is alive.
 */
@Tag("stress")
class AsyncStressTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  /** One gather's tasks, as they run. */
  private static final class Watched {
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger running = new AtomicInteger();
    GatherFuture<?> future;
  }

  private static Callable<Integer> task(Watched w, int kind, int micros) {
    return () -> {
      w.threads.add(Thread.currentThread());
      w.running.incrementAndGet();
      try {
        switch (kind) {
          case 0 -> {
            return micros;
          }
          case 1 -> throw new IOException("task failed");
          case 2 -> Thread.sleep(Duration.ofNanos(micros * 1_000L));
          default -> Thread.sleep(Duration.ofDays(1)); // ends only when cancelled
        }
        return micros;
      } finally {
        w.running.decrementAndGet();
      }
    };
  }

  @Test
  void asyncGathersEndedAtRandomMoments_endedAlwaysCompletes_nothingLeftRunning() throws Exception {
    int gathers = StressTest.FULL ? 100_000 : 10_000;
    int inFlight = 64;
    SplittableRandom random = new SplittableRandom(42);
    ArrayDeque<Watched> flying = new ArrayDeque<>();
    int[] endings = new int[5];
    for (int g = 0; g < gathers; g++) {
      Watched w = new Watched();
      int ending = random.nextInt(5); // 0 cancel, 1 complete, 2 fail, 3 orTimeout, 4 none
      endings[ending]++;
      int n = 1 + random.nextInt(8);
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int kind = random.nextInt(ending == 4 ? 3 : 4);
        tasks.add(task(w, kind, random.nextInt(2_000)));
      }
      Gathering gathering = random.nextBoolean() ? Gather.with() : Gather.with().limit(2);
      GatherFuture<List<Integer>> future =
          random.nextBoolean() ? gathering.async().all(tasks) : settledAsAll(gathering, tasks);
      w.future = future;
      long pause = random.nextInt(500);
      if (pause > 0) {
        LockSupport.parkNanos(pause * 1_000L); // a random moment, not a synchronisation
      }
      switch (ending) {
        case 0 -> future.cancel(true);
        case 1 -> future.complete(List.of());
        case 2 -> future.completeExceptionally(new IllegalStateException("gave up"));
        case 3 -> {
          var unused = future.orTimeout(random.nextInt(1, 2_000), TimeUnit.MICROSECONDS);
        }
        default -> {}
      }
      flying.add(w);
      if (flying.size() >= inFlight) {
        check(flying.poll());
      }
    }
    while (!flying.isEmpty()) {
      check(flying.poll());
    }
    StressTest.report(
        "async: %d gathers ended from outside at random moments (cancel %d, complete %d,"
            + " completeExceptionally %d, orTimeout %d, none %d): ended() completed every time,"
            + " nothing left running",
        gathers, endings[0], endings[1], endings[2], endings[3], endings[4]);
  }

  @SuppressWarnings("unchecked")
  private static GatherFuture<List<Integer>> settledAsAll(
      Gathering gathering, List<Callable<Integer>> tasks) {
    return (GatherFuture<List<Integer>>) (GatherFuture<?>) gathering.async().settled(tasks);
  }

  private static void check(Watched w) throws Exception {
    w.future.ended().get(GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
    // The gather completes its future just after ended(); one ended from outside already is.
    w.future.handle((value, failure) -> null).get(GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(w.running.get()).as("tasks still running after ended()").isZero();
    for (Thread thread : w.threads) {
      assertThat(thread.isAlive()).as("thread %s alive after ended()", thread).isFalse();
    }
  }
}
