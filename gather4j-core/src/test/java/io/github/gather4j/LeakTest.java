package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class LeakTest {

  @Test
  void tenThousandCalls_everyThreadEndedWhenEachReturns() throws Exception {
    Tasks t = new Tasks();
    Gathering limited = Gather.with().limit(2);
    for (int i = 0; i < 10_000; i++) {
      int round = i;
      Callable<Integer> fails =
          t.task(
              () -> {
                throw new IOException("round " + round);
              });
      switch (i % 4) {
        case 0 -> Gather.all(t.value(1), t.value(2), t.value(3));
        case 1 -> catchThrowable(() -> Gather.all(t.value(1), fails, t.value(3)));
        case 2 -> Gather.settled(t.value(1), fails);
        default -> limited.map(List.of(1, 2, 3), x -> t.value(x).call());
      }
      for (Thread thread : t.threads) {
        assertThat(thread.isAlive()).as("thread of call %d alive after return", i).isFalse();
      }
      t.threads.clear();
    }
    assertThat(t.ended.get()).isEqualTo(t.started.get());
  }

  @Test
  void platformThreads_countBackToBaselineAfterManyCalls() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Gathering platform = Gather.with().threadFactory(Thread.ofPlatform().factory());
    platform.all(() -> 1); // warm up whatever the JDK starts lazily
    int before = threads.getThreadCount();
    for (int i = 0; i < 1_000; i++) {
      platform.all(() -> 1, () -> 2);
      catchThrowable(
          () ->
              platform.all(
                  () -> 1,
                  () -> {
                    throw new IOException("x");
                  }));
    }
    // 2,000 calls of two platform threads each: a leak would show thousands. A few JVM threads
    // (a carrier, a cleaner) may come and go on their own.
    assertThat(threads.getThreadCount()).isLessThan(before + 10);
  }
}
