package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
  void manyTasksEndingAtOnce_everyThreadEndedWhenTheCallReturns() throws Exception {
    // A fail-fast stop and a shared release both end thousands of tasks together: threads then
    // replace threads that are still finishing, the case the engine hands to the caller.
    for (int round = 0; round < 20; round++) {
      Tasks t = new Tasks();
      CountDownLatch started = new CountDownLatch(2_000);
      List<Callable<String>> tasks = new ArrayList<>(t.blockingTasks(2_000, started));
      CountDownLatch go = new CountDownLatch(1);
      tasks.add(t.failingAfter(go, new IOException("round " + round)));
      Tasks.Caller caller = Tasks.call(() -> Gather.all(tasks));
      Tasks.await(started);
      go.countDown();
      assertThat(caller.join()).isInstanceOf(TaskFailedException.class);
      t.assertNoThreadAlive();

      Tasks u = new Tasks();
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch waitingStarted = new CountDownLatch(2_000);
      List<Callable<Integer>> waiting = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        int index = i;
        waiting.add(
            u.task(
                () -> {
                  waitingStarted.countDown();
                  release.await();
                  return index;
                }));
      }
      Tasks.Caller second = Tasks.call(() -> Gather.all(waiting));
      Tasks.await(waitingStarted);
      release.countDown();
      assertThat(second.join()).isNull();
      u.assertNoThreadAlive();
    }
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
