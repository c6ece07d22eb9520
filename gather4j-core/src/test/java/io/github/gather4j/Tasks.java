package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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

  /**
   * System property: a class whose static {@code gatherings()} returns gatherings on other engines
   * (gather4j-hazelcast's cluster). The parameterised contract tests then run on those instead, and
   * every task of this class is shipped ({@link Shipped}), as such an engine serializes it.
   */
  static final String ENGINES_PROPERTY = "gather4j.test.engines";

  private static final boolean SHIPPING = System.getProperty(ENGINES_PROPERTY) != null;

  /** The gatherings every behaviour is checked under: the thread engine's, or other engines'. */
  static Stream<Gathering> gatherings() {
    String engines = System.getProperty(ENGINES_PROPERTY);
    if (engines != null) {
      return otherEngines(engines);
    }
    return Stream.of(
        Gather.with(),
        Gather.with().threadFactory(Thread.ofPlatform().name("platform-", 0).factory()));
  }

  @SuppressWarnings("unchecked")
  private static Stream<Gathering> otherEngines(String className) {
    try {
      return (Stream<Gathering>) Class.forName(className).getMethod("gatherings").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          ENGINES_PROPERTY + "=" + className + " has no gatherings()", e);
    }
  }

  /**
   * A task that travels by serialization to an engine in this JVM (members of a cluster started by
   * the test): a key into a registry of the real tasks, which capture latches and counters.
   *
   * @param key the task's key in the registry
   */
  record Shipped<T>(long key) implements Callable<T>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private static final Map<Long, Callable<?>> REGISTRY = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();

    static <T> Callable<T> of(Callable<T> task) {
      long key = KEYS.incrementAndGet();
      REGISTRY.put(key, task);
      return new Shipped<>(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T call() throws Exception {
      return (T) REGISTRY.get(key).call();
    }
  }

  /**
   * A mapper that travels as {@link Shipped} tasks do.
   *
   * @param key the mapper's key in the registry
   */
  record ShippedMapper<T, R>(long key) implements Mapper<T, R>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private static final Map<Long, Mapper<?, ?>> REGISTRY = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public R apply(T item) throws Exception {
      return ((Mapper<T, R>) REGISTRY.get(key)).apply(item);
    }
  }

  /** {@code fn} as it must be for the engines under test: shipped when they serialize. */
  static <T, R> Mapper<T, R> mapper(Mapper<T, R> fn) {
    if (!SHIPPING) {
      return fn;
    }
    long key = Shipped.KEYS.incrementAndGet();
    ShippedMapper.REGISTRY.put(key, fn);
    return new ShippedMapper<>(key);
  }

  /**
   * An action that travels as {@link Shipped} tasks do.
   *
   * @param key the action's key in the registry
   */
  record ShippedAction(long key) implements Action, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private static final Map<Long, Action> REGISTRY = new ConcurrentHashMap<>();

    @Override
    public void run() throws Exception {
      REGISTRY.get(key).run();
    }
  }

  /** {@code action} as it must be for the engines under test: shipped when they serialize. */
  static Action action(Action action) {
    if (!SHIPPING) {
      return action;
    }
    long key = Shipped.KEYS.incrementAndGet();
    ShippedAction.REGISTRY.put(key, action);
    return new ShippedAction(key);
  }

  /** {@code task} as it must be for the engines under test: shipped when they serialize. */
  static <T> Callable<T> shipped(Callable<T> task) {
    return SHIPPING ? Shipped.of(task) : task;
  }

  /**
   * Checks that a failure is {@code expected}: the same object, or, where the engines under test
   * serialize, a copy of it (same class and message).
   */
  static Consumer<Throwable> theFailure(Throwable expected) {
    return actual -> {
      if (SHIPPING) {
        assertThat(actual)
            .isExactlyInstanceOf(expected.getClass())
            .hasMessage(expected.getMessage());
      } else {
        assertThat(actual).isSameAs(expected);
      }
    };
  }

  /**
   * Outcomes compared as {@link #theFailure} compares failures; for AssertJ's {@code
   * usingElementComparator}.
   */
  static final Comparator<Outcome<?>> SAME_OUTCOME =
      (a, b) -> {
        if (SHIPPING && a instanceof Outcome.Failure<?> fa && b instanceof Outcome.Failure<?> fb) {
          return fa.exception().getClass() == fb.exception().getClass()
                  && Objects.equals(fa.exception().getMessage(), fb.exception().getMessage())
              ? 0
              : 1;
        }
        return a.equals(b) ? 0 : 1;
      };

  static Stream<ThreadFactory> factories() {
    return Stream.of(Thread.ofVirtual().factory(), Thread.ofPlatform().factory());
  }

  /** Wraps {@code body} so that its run is recorded. */
  <T> Callable<T> task(Callable<T> body) {
    return shipped(
        () -> {
          if (!SHIPPING) { // a member's pool thread lives on: only the local ones are checked
            threads.add(Thread.currentThread());
          }
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
        });
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
