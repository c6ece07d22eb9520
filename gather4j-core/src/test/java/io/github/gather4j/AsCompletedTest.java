package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AsCompletedTest {

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void asCompleted_yieldsInCompletionOrderWithIndices(Gathering g) throws Exception {
    Tasks t = new Tasks();
    // Task 2 ends first, then 0, then 1: each waits for the previous one's gate.
    CountDownLatch gate0 = new CountDownLatch(1);
    CountDownLatch gate1 = new CountDownLatch(1);
    List<Callable<String>> tasks =
        List.of(
            t.task(
                () -> {
                  gate0.await();
                  return "zero";
                }),
            t.task(
                () -> {
                  gate1.await();
                  throw new IOException("one");
                }),
            t.value("two"));
    List<Integer> order = new ArrayList<>();
    try (Completions<String> completions = g.asCompleted(tasks)) {
      for (Completed<String> done : completions) {
        order.add(done.index());
        if (done.index() == 2) {
          assertThat(done.outcome()).isEqualTo(new Outcome.Success<>("two"));
          gate0.countDown();
        } else if (done.index() == 0) {
          assertThat(done.outcome()).isEqualTo(new Outcome.Success<>("zero"));
          gate1.countDown();
        } else {
          assertThat(done.outcome()).isInstanceOf(Outcome.Failure.class);
        }
      }
      assertThatThrownBy(completions::next).isInstanceOf(NoSuchElementException.class);
    }
    assertThat(order).containsExactly(2, 0, 1);
    t.assertNoThreadAlive();
  }

  @Test
  void asCompleted_closeEarly_cancelsAndAwaitsTheRest() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(3);
    List<Callable<String>> tasks = new ArrayList<>(t.blockingTasks(3, started));
    tasks.add(t.value("quick"));
    try (Completions<String> completions = Gather.with().asCompleted(tasks)) {
      assertThat(completions.next().index()).isEqualTo(3);
      await(started);
    }
    assertThat(t.interrupted.get()).isEqualTo(3);
    t.assertNoThreadAlive();
  }

  @Test
  void asCompleted_deadline_unfinishedYieldCancelled() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    List<Outcome<String>> outcomes = new ArrayList<>();
    try (Completions<String> completions =
        Gather.with().timeout(Duration.ofMillis(150)).asCompleted(t.blockingTasks(2, started))) {
      completions.forEachRemaining(c -> outcomes.add(c.outcome()));
    }
    assertThat(outcomes).containsExactly(new Outcome.Cancelled<>(), new Outcome.Cancelled<>());
    t.assertNoThreadAlive();
  }

  @Test
  void asCompleted_withLimit_boundedAndAllYielded() throws Exception {
    Tasks t = new Tasks();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      tasks.add(t.value(i));
    }
    int sum = 0;
    int count = 0;
    try (Completions<Integer> completions = Gather.with().limit(5).asCompleted(tasks)) {
      for (Completed<Integer> done : completions) {
        sum += ((Outcome.Success<Integer>) done.outcome()).value();
        count++;
      }
    }
    assertThat(count).isEqualTo(1000);
    assertThat(sum).isEqualTo(999 * 1000 / 2);
    assertThat(t.maxConcurrent.get()).isBetween(1, 5);
  }

  /** A collection that makes each task only when its iterator is asked for it. */
  static final class LazyTasks extends AbstractCollection<Callable<Integer>> {
    final int size;
    final int iteratorEnd;
    final IntFunction<Callable<Integer>> make;
    final AtomicInteger made = new AtomicInteger();

    LazyTasks(int size, IntFunction<Callable<Integer>> make) {
      this(size, size, make);
    }

    LazyTasks(int size, int iteratorEnd, IntFunction<Callable<Integer>> make) {
      this.size = size;
      this.iteratorEnd = iteratorEnd;
      this.make = make;
    }

    @Override
    public Iterator<Callable<Integer>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < iteratorEnd;
        }

        @Override
        public Callable<Integer> next() {
          if (next >= iteratorEnd) {
            throw new NoSuchElementException();
          }
          made.incrementAndGet();
          return make.apply(next++);
        }
      };
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** Task {@code i}: returns {@code i} if {@code i < quick}, else blocks until cancelled. */
  static Callable<Integer> returnsOrBlocks(Tasks t, int i, int quick) {
    return t.task(
        () -> {
          if (i >= quick) {
            Thread.sleep(Tasks.FOREVER);
          }
          return i;
        });
  }

  @Test
  void asCompleted_lazyCollectionWithLimit_takesEachTaskOnlyWhenASlotFrees() throws Exception {
    int limit = 8;
    AtomicInteger ended = new AtomicInteger();
    AtomicInteger overLimit = new AtomicInteger();
    AtomicInteger[] made = new AtomicInteger[1];
    LazyTasks tasks =
        new LazyTasks(
            100_000,
            i -> {
              // Taken while at most limit - 1 others are unfinished: never ahead of the limit.
              if (made[0].get() - ended.get() > limit) {
                overLimit.incrementAndGet();
              }
              return () -> {
                ended.incrementAndGet();
                return i;
              };
            });
    made[0] = tasks.made;
    long sum = 0;
    int count = 0;
    try (Completions<Integer> completions = Gather.with().limit(limit).asCompleted(tasks)) {
      for (Completed<Integer> done : completions) {
        sum += ((Outcome.Success<Integer>) done.outcome()).value();
        count++;
      }
    }
    assertThat(count).isEqualTo(100_000);
    assertThat(sum).isEqualTo(99_999L * 100_000 / 2);
    assertThat(tasks.made.get()).isEqualTo(100_000);
    assertThat(overLimit.get()).as("tasks taken ahead of the limit").isZero();
  }

  @Test
  void asCompleted_lazyCollection_closedEarly_takesNoMoreTasks() throws Exception {
    Tasks t = new Tasks();
    LazyTasks tasks = new LazyTasks(1_000_000, i -> returnsOrBlocks(t, i, 10));
    try (Completions<Integer> completions = Gather.with().limit(4).asCompleted(tasks)) {
      for (int k = 0; k < 10; k++) {
        assertThat(completions.next().outcome()).isInstanceOf(Outcome.Success.class);
      }
    }
    // The ten quick tasks, and the four that took their slots and were cancelled.
    assertThat(tasks.made.get()).isLessThanOrEqualTo(14);
    t.assertNoThreadAlive();
  }

  @Test
  void asCompleted_lazyCollection_deadline_untakenTasksYieldCancelledOneByOne() throws Exception {
    Tasks t = new Tasks();
    LazyTasks tasks = new LazyTasks(1_000, i -> returnsOrBlocks(t, i, 0));
    int cancelled = 0;
    try (Completions<Integer> completions =
        Gather.with().limit(2).timeout(Duration.ofMillis(200)).asCompleted(tasks)) {
      for (Completed<Integer> done : completions) {
        assertThat(done.outcome()).isEqualTo(new Outcome.Cancelled<>());
        cancelled++;
      }
    }
    assertThat(cancelled).isEqualTo(1_000);
    assertThat(tasks.made.get()).isLessThanOrEqualTo(2);
    t.assertNoThreadAlive();
  }

  @Test
  void asCompleted_lazyCollection_badTasks_failOnlyThemselvesNamingTheirIndex() throws Exception {
    // Size 5, but the iterator ends after 4 tasks, and task 2 is null.
    LazyTasks tasks = new LazyTasks(5, 4, i -> i == 2 ? null : () -> i);
    Map<Integer, Outcome<Integer>> outcomes = new TreeMap<>();
    try (Completions<Integer> completions = Gather.with().limit(2).asCompleted(tasks)) {
      completions.forEachRemaining(done -> outcomes.put(done.index(), done.outcome()));
    }
    assertThat(outcomes).hasSize(5);
    assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>(0));
    assertThat(outcomes.get(3)).isEqualTo(new Outcome.Success<>(3));
    assertThat(((Outcome.Failure<Integer>) outcomes.get(2)).exception())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task 2 is null");
    assertThat(((Outcome.Failure<Integer>) outcomes.get(4)).exception())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ended at task 4");
  }

  @Test
  void asCompleted_consumerInterrupted_cancelsRestRestoresFlagThrowsGatherException()
      throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              try (Completions<String> completions =
                  Gather.with().asCompleted(t.blockingTasks(2, started))) {
                completions.next();
              } catch (GatherException e) {
                thrown.complete(e);
              }
            });
    await(started);
    caller.thread.interrupt();
    caller.join();
    assertThat(thrown.get())
        .isInstanceOf(GatherException.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(caller.interruptFlagAfter).as("interrupt flag restored").isTrue();
    t.assertNoThreadAlive();
  }

  @Test
  void asCompleted_otherThread_wrongThreadException() throws Exception {
    try (Completions<String> completions = Gather.with().asCompleted(List.of(() -> "a"))) {
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  completions.hasNext();
                  thrown.complete(null);
                } catch (Throwable e) {
                  thrown.complete(e);
                }
              })
          .join();
      assertThat(thrown.get()).isInstanceOf(WrongThreadException.class);
    }
  }

  @Test
  void asCompleted_iteratorIsItself() throws Exception {
    try (Completions<String> completions = Gather.with().asCompleted(List.of(() -> "a"))) {
      assertThat(completions.iterator()).isSameAs(completions);
    }
  }

  @Test
  void asCompleted_nullTask_throwsAndStartsNothing() {
    Tasks t = new Tasks();
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add(t.value("a"));
    tasks.add(null);
    assertThatThrownBy(() -> Gather.with().asCompleted(tasks))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task 1");
    assertThat(t.started.get()).isZero();
  }

  @Test
  void asCompleted_empty_hasNothing() throws Exception {
    try (Completions<String> completions = Gather.with().asCompleted(List.of())) {
      assertThat(completions.hasNext()).isFalse();
    }
  }

  @Test
  void asCompleted_deadline_cancelsWhenItPassesWhileTheConsumerIsAway() throws Exception {
    Tasks t = new Tasks();
    ManualTicker clock = new ManualTicker();
    CountDownLatch started = new CountDownLatch(3);
    CountDownLatch cancelled = new CountDownLatch(2);
    Gathering timed = Internals.withTicker(Gather.with(), clock).timeout(Duration.ofSeconds(1));
    List<Callable<String>> tasks =
        List.of(
            t.valueAfterCountDown("quick", started), // returns even if the stop comes first
            t.blocking(started, cancelled),
            t.blocking(started, cancelled));
    try (Completions<String> completions = timed.asCompleted(tasks)) {
      await(started);
      clock.advance(Duration.ofSeconds(1));
      // Nobody is inside next(): the deadline alone cancelled the two blocked tasks.
      await(cancelled);
      List<Completed<String>> all = new ArrayList<>();
      completions.forEach(all::add);
      assertThat(all).hasSize(3);
      assertThat(all)
          .filteredOn(done -> done.outcome() instanceof Outcome.Cancelled<String>)
          .extracting(Completed::index)
          .containsExactlyInAnyOrder(1, 2);
      assertThat(all)
          .filteredOn(done -> done.index() == 0)
          .extracting(Completed::outcome)
          .containsExactly(new Outcome.Success<>("quick"));
    }
    assertThat(clock.pendingTimers()).isZero();
    t.assertNoThreadAlive();
  }

  @Test
  void asCompleted_limitAndDeadlineTimer_everyTaskYieldedOnce_unclaimedAsCancelled()
      throws Exception {
    Tasks t = new Tasks();
    ManualTicker clock = new ManualTicker();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    Gathering timed =
        Internals.withTicker(Gather.with(), clock).limit(1).timeout(Duration.ofSeconds(1));
    List<Callable<String>> tasks =
        List.of(t.blocking(started, cancelled), t.value("never started"), t.value("neither"));
    try (Completions<String> completions = timed.asCompleted(tasks)) {
      await(started);
      clock.advance(Duration.ofSeconds(1)); // the timer stops the stream; nobody is in next()
      await(cancelled);
      List<Completed<String>> all = new ArrayList<>();
      completions.forEach(all::add);
      assertThat(all).extracting(Completed::index).containsExactlyInAnyOrder(0, 1, 2);
      assertThat(all)
          .allSatisfy(c -> assertThat(c.outcome()).isInstanceOf(Outcome.Cancelled.class));
    }
    assertThat(t.started.get()).isEqualTo(1);
    t.assertNoThreadAlive();
  }
}
