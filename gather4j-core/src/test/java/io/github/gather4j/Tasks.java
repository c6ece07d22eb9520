package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Instrumented tasks for the tests: they record their threads, how many ran at once, which were
 * interrupted and which ended, and can block until cancelled. Synchronisation is by latches only.
 */
final class Tasks {
  /** Long enough to mean "until cancelled". */
  static final Duration FOREVER = Duration.ofDays(1);

  /** Generous: a bound that a loaded 2-core machine never reaches when the code is right. */
  static final Duration GENEROUS = Duration.ofSeconds(20);

  final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger interrupted = new AtomicInteger();
  final AtomicInteger ended = new AtomicInteger();
  final AtomicInteger concurrent = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();

  /** The thread factories every behaviour is checked under. */
  static Stream<Gathering> gatherings() {
    return Stream.of(
        Gather.with(),
        Gather.with().threadFactory(Thread.ofPlatform().name("platform-", 0).factory()));
  }

  static Stream<ThreadFactory> factories() {
    return Stream.of(Thread.ofVirtual().factory(), Thread.ofPlatform().factory());
  }

  /** Wraps {@code body} so that its run is recorded. */
  <T> Callable<T> task(Callable<T> body) {
    return () -> {
      threads.add(Thread.currentThread());
      started.incrementAndGet();
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        return body.call();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      } finally {
        concurrent.decrementAndGet();
        ended.incrementAndGet();
      }
    };
  }

  /** A task returning {@code value} at once. */
  <T> Callable<T> value(T value) {
    return task(() -> value);
  }

  /** A task that counts down {@code startedLatch} and returns {@code value} at once. */
  <T> Callable<T> valueAfterCountDown(T value, CountDownLatch startedLatch) {
    return task(
        () -> {
          startedLatch.countDown();
          return value;
        });
  }

  /** A task that counts down {@code started} and then blocks until it is interrupted. */
  Callable<String> blocking(CountDownLatch startedLatch) {
    return task(
        () -> {
          startedLatch.countDown();
          Thread.sleep(FOREVER);
          return "never";
        });
  }

  /**
   * A task that counts down {@code startedLatch}, blocks until it is interrupted, then counts down
   * {@code cancelledLatch} (before it ends): a test awaits the cancellation itself.
   */
  Callable<String> blocking(CountDownLatch startedLatch, CountDownLatch cancelledLatch) {
    return task(
        () -> {
          startedLatch.countDown();
          try {
            Thread.sleep(FOREVER);
            return "never";
          } catch (InterruptedException e) {
            cancelledLatch.countDown();
            throw e;
          }
        });
  }

  /** A task that waits for {@code go}, then throws {@code failure}. */
  <T> Callable<T> failingAfter(CountDownLatch go, Exception failure) {
    return task(
        () -> {
          go.await();
          throw failure;
        });
  }

  /** {@code n} tasks blocking until cancelled. */
  List<Callable<String>> blockingTasks(int n, CountDownLatch startedLatch) {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(blocking(startedLatch));
    }
    return tasks;
  }

  /** Every thread any task ran on has terminated. */
  void assertNoThreadAlive() {
    for (Thread thread : threads) {
      assertThat(thread.isAlive()).as("thread %s is still alive", thread).isFalse();
    }
    assertThat(ended.get()).as("tasks ended").isEqualTo(started.get());
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(GENEROUS.toMillis(), TimeUnit.MILLISECONDS))
        .as("latch reached in time")
        .isTrue();
  }

  /** Runs {@code body} on a new platform thread, to be interrupted as a caller. */
  static Caller call(ThrowingRunnable body) {
    Caller caller = new Caller(body);
    caller.thread.start();
    return caller;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static final class Caller {
    final Thread thread;
    volatile Throwable thrown;
    volatile boolean interruptFlagAfter;

    Caller(ThrowingRunnable body) {
      thread =
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    try {
                      body.run();
                    } catch (Throwable t) {
                      thrown = t;
                    }
                    interruptFlagAfter = Thread.currentThread().isInterrupted();
                  });
    }

    /**
     * Advances {@code clock} by {@code step} until this caller has returned: a caller about to read
     * the clock or park when the test first advances acts on a later advance (each advance wakes
     * it). Bounded by {@link #GENEROUS} of the wall clock.
     */
    Throwable joinAdvancing(ManualTicker clock, Duration step) throws InterruptedException {
      long until = System.nanoTime() + GENEROUS.toNanos();
      while (thread.isAlive() && System.nanoTime() - until < 0) {
        clock.advance(step);
        thread.join(10);
      }
      return join();
    }

    Throwable join() throws InterruptedException {
      assertThat(thread.join(GENEROUS)).as("caller finished in time").isTrue();
      return thrown;
    }
  }
}
