package io.github.gather4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The thread engine's own promise: awaitTermination returns only when every thread is gone. */
@Timeout(60) // the spin loops below wait for threads: a regression fails instead of hanging
class ThreadEngineTest {

  /** A task played by hand: after leaving, its thread lingers until {@code linger} opens. */
  static final class Lingering implements TaskEngine.Task {
    final int index;
    final TaskEngine engine;
    final CountDownLatch linger;
    final CompletableFuture<Thread> thread = new CompletableFuture<>();
    final AtomicInteger exits = new AtomicInteger();

    Lingering(int index, TaskEngine engine, CountDownLatch linger) {
      this.index = index;
      this.engine = engine;
      this.linger = linger;
    }

    @Override
    public void run() {
      thread.complete(Thread.currentThread());
      ended(index, null);
      engine.leave(this);
      try {
        linger.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public int index() {
      return index;
    }

    @Override
    public boolean cancelRequested() {
      return false;
    }

    @Override
    public @Nullable Object call() {
      return index;
    }

    @Override
    public void ended(@Nullable Object value, @Nullable Throwable failure) {}

    @Override
    public void exited() {
      exits.incrementAndGet();
    }
  }

  @Test
  void threadReplacedWhileStillFinishing_isWaitedForByAwaitTermination() throws Exception {
    ThreadEngine engine = new ThreadEngine(null, null);
    CountDownLatch firstLingers = new CountDownLatch(1);
    Lingering first = new Lingering(0, engine, firstLingers);
    engine.start(first);
    Thread firstThread = first.thread.get(10, TimeUnit.SECONDS);
    awaitExits(first);
    // Index 32 takes the same slot while the first thread is still alive.
    Lingering second = new Lingering(32, engine, new CountDownLatch(0));
    engine.start(second);
    awaitExits(second);
    second.thread.get(10, TimeUnit.SECONDS).join();
    assertThat(firstThread.isAlive()).isTrue();

    assertAwaitTerminationWaitsUntil(engine, firstLingers);
    assertThat(firstThread.isAlive()).isFalse();
    assertThat(first.exits.get() + second.exits.get()).isEqualTo(2);
  }

  @Test
  void smallGather_aSlotPerTask_awaitTerminationWaitsForEveryLingeringThread() throws Exception {
    for (int size : new int[] {1, 3, 32}) {
      ThreadEngine engine = new ThreadEngine(null, null);
      engine.expect(size);
      CountDownLatch linger = new CountDownLatch(1);
      Lingering[] tasks = new Lingering[size];
      for (int i = 0; i < size; i++) {
        tasks[i] = new Lingering(i, engine, linger);
        engine.start(tasks[i]);
      }
      for (Lingering task : tasks) {
        awaitExits(task);
      }
      assertAwaitTerminationWaitsUntil(engine, linger);
      for (Lingering task : tasks) {
        assertThat(task.thread.get(10, TimeUnit.SECONDS).isAlive()).as("size %d", size).isFalse();
        assertThat(task.exits.get()).isEqualTo(1);
      }
    }
  }

  @Test
  void anEngineServesOneCall_aTaskBeyondTheExpectedOnes_orASecondExpect_failsAtOnce() {
    ThreadEngine engine = new ThreadEngine(null, null);
    engine.expect(2);
    Lingering third = new Lingering(2, engine, new CountDownLatch(0));
    assertThatThrownBy(() -> engine.start(third))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("task 2 is beyond the 2 tasks");
    assertThat(third.thread).isNotDone(); // never started
    assertThatThrownBy(() -> engine.expect(5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serves one gather call");
  }

  /**
   * Calls awaitTermination on a thread of its own and checks that it blocks while the lingering
   * threads live, then lets them end with {@code release} and waits for it to return.
   */
  private static void assertAwaitTerminationWaitsUntil(ThreadEngine engine, CountDownLatch release)
      throws InterruptedException {
    Thread waiter = Thread.ofPlatform().start(engine::awaitTermination);
    while (waiter.getState() != Thread.State.WAITING) {
      assertThat(waiter.isAlive()).as("awaitTermination returned while a thread lives").isTrue();
      Thread.onSpinWait();
    }
    release.countDown();
    waiter.join();
  }

  private static void awaitExits(Lingering task) {
    while (task.exits.get() == 0) {
      Thread.onSpinWait();
    }
  }
}
