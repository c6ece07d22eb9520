package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AllTest {

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_tasksFinishingInReverseOrder_resultsInInputOrder(Gathering g) throws Exception {
    Tasks t = new Tasks();
    int n = 20;
    // Task i waits for task i+1 to finish, so they end in reverse order.
    List<CountDownLatch> done = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      done.add(new CountDownLatch(1));
    }
    done.get(n).countDown();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      tasks.add(
          t.task(
              () -> {
                done.get(index + 1).await();
                done.get(index).countDown();
                return index * 10;
              }));
    }
    List<Integer> results = g.all(tasks);
    assertThat(results)
        .containsExactly(
            0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180,
            190);
    t.assertNoThreadAlive();
  }

  @Test
  void all_varargs_returnsResultsInOrder() throws Exception {
    List<String> results = Gather.all(() -> "a", () -> "b", () -> "c");
    assertThat(results).containsExactly("a", "b", "c");
  }

  @Test
  void all_nullResult_keptInList() throws Exception {
    List<String> results = Gather.all(() -> "a", () -> null, () -> "c");
    assertThat(results).containsExactly("a", null, "c");
  }

  @Test
  void all_resultList_isUnmodifiable() throws Exception {
    List<String> results = Gather.all(() -> "a");
    assertThatThrownBy(() -> results.set(0, "b")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> results.add("b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void all_emptyInput_returnsEmptyListAtOnce() throws Exception {
    assertThat(Gather.all(List.<Callable<String>>of())).isEmpty();
    assertThat(Gather.<String>all()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_oneFails_throwsAtOnceWithIndexAndCancelsSiblings(Gathering g) throws Exception {
    Tasks t = new Tasks();
    int siblings = 50;
    CountDownLatch siblingsStarted = new CountDownLatch(siblings);
    IOException boom = new IOException("boom");
    List<Callable<String>> tasks = new ArrayList<>(t.blockingTasks(siblings, siblingsStarted));
    tasks.add(7, t.failingAfter(siblingsStarted, boom));

    long before = System.nanoTime();
    Throwable thrown = catchThrowable(() -> g.all(tasks));
    Duration took = Duration.ofNanos(System.nanoTime() - before);

    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(boom);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(7);
    assertThat(thrown.getMessage()).contains("task 7 of 51").contains("boom");
    assertThat(thrown.getSuppressed()).as("cancelled siblings are not failures").isEmpty();
    assertThat(t.interrupted.get()).as("every sibling interrupted").isEqualTo(siblings);
    t.assertNoThreadAlive();
    assertThat(took).as("did not wait for the blocked siblings").isLessThan(Tasks.GENEROUS);
  }

  @Test
  void all_independentFailures_attachedAsSuppressed() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch bothStarted = new CountDownLatch(2);
    CountDownLatch secondFailed = new CountDownLatch(1);
    IllegalStateException first = new IllegalStateException("first");
    IllegalArgumentException second = new IllegalArgumentException("second");
    // Task 1 signals just before it throws; task 0 waits for that and throws too, so both fail,
    // in either order (task 0 may throw before task 1's failure is recorded). Task 0's failure
    // is not a consequence of cancellation: it ignores the interrupt.
    Callable<String> task0 =
        t.task(
            () -> {
              bothStarted.countDown();
              awaitUninterruptibly(secondFailed);
              throw first;
            });
    Callable<String> task1 =
        t.task(
            () -> {
              bothStarted.countDown();
              bothStarted.await();
              secondFailed.countDown();
              throw second;
            });
    Throwable thrown = catchThrowable(() -> Gather.all(task0, task1));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    TaskFailedException failed = (TaskFailedException) thrown;
    // Whichever failed first is the cause; the other is suppressed, never lost.
    List<Throwable> all = new ArrayList<>(Arrays.asList(failed.getSuppressed()));
    all.add(failed.getCause());
    assertThat(all).containsExactlyInAnyOrder(first, second);
    t.assertNoThreadAlive();
  }

  static Stream<Throwable> ownThrowables() {
    // An Error is a failure too; and with nothing stopped, so is a task's own
    // InterruptedException or CancellationException (rule 3: only a task the gather cancelled
    // counts as cancelled).
    return Stream.of(
        new AssertionError("broken"),
        new InterruptedException("its own"),
        new java.util.concurrent.CancellationException("its own"));
  }

  @ParameterizedTest
  @MethodSource("ownThrowables")
  void all_whateverATaskThrowsOfItsOwn_isTheFailure(Throwable own) {
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.all(
                    () -> "ok",
                    () -> {
                      if (own instanceof Error error) {
                        throw error;
                      }
                      throw (Exception) own;
                    }));
    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(own);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
  }

  @Test
  void all_failureCauseIsUnwrapped() {
    UncheckedIOException cause = new UncheckedIOException(new IOException("disk"));
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.all(
                    () -> {
                      throw cause;
                    }));
    assertThat(thrown.getCause()).isSameAs(cause);
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_callerInterrupted_cancelsAndAwaitsTasksThenThrowsInterruptedException(Gathering g)
      throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(10);
    Tasks.Caller caller = Tasks.call(() -> g.all(t.blockingTasks(10, started)));
    await(started);
    caller.thread.interrupt();
    Throwable thrown = caller.join();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(caller.interruptFlagAfter).as("flag cleared by throwing").isFalse();
    assertThat(t.interrupted.get()).isEqualTo(10);
    t.assertNoThreadAlive();
  }

  @Test
  void all_callerAlreadyInterrupted_throwsAndStartsNothing() {
    Tasks t = new Tasks();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Gather.all(t.value("a"), t.value("b")))
        .isInstanceOf(InterruptedException.class);
    assertThat(t.started.get()).isZero();
    assertThat(Thread.interrupted()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_deadlinePasses_throwsTimeoutWithCountsAndCancels(Gathering g) throws Exception {
    Tasks t = new Tasks();
    ManualTicker clock = new ManualTicker();
    CountDownLatch started = new CountDownLatch(5);
    List<Callable<String>> tasks = new ArrayList<>(t.blockingTasks(3, started));
    tasks.add(0, t.valueAfterCountDown("fast", started));
    tasks.add(t.valueAfterCountDown("fast too", started));
    Gathering timed = Internals.withTicker(g, clock).timeout(Duration.ofSeconds(1));
    Tasks.Caller caller = Tasks.call(() -> timed.all(tasks));
    await(started); // every task runs: the two fast ones return whatever happens next
    clock.advance(Duration.ofSeconds(1));
    Throwable thrown = caller.join();
    assertThat(thrown).isInstanceOf(GatherTimeoutException.class);
    GatherTimeoutException timeout = (GatherTimeoutException) thrown;
    assertThat(timeout.completed()).isEqualTo(2);
    assertThat(timeout.total()).isEqualTo(5);
    assertThat(timeout.getMessage()).contains("2 of 5").contains("PT1S");
    assertThat(t.interrupted.get()).isEqualTo(3);
    t.assertNoThreadAlive();
  }

  @Test
  void all_deadlineAlreadyPast_startsNothingAndThrowsTimeout() {
    Tasks t = new Tasks();
    Throwable thrown =
        catchThrowable(
            () -> Gather.with().deadline(Instant.now().minusSeconds(1)).all(t.value("a")));
    assertThat(thrown).isInstanceOf(GatherTimeoutException.class);
    assertThat(((GatherTimeoutException) thrown).completed()).isZero();
    assertThat(((GatherTimeoutException) thrown).total()).isEqualTo(1);
    assertThat(t.started.get()).isZero();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_withLimit_neverExceedsLimitAndKeepsOrder(Gathering g) throws Exception {
    Tasks t = new Tasks();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int index = i;
      tasks.add(
          t.task(
              () -> {
                Thread.yield();
                return index;
              }));
    }
    List<Integer> results = g.limit(3).all(tasks);
    assertThat(results).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat(results.get(i)).isEqualTo(i);
    }
    assertThat(t.maxConcurrent.get()).isBetween(1, 3);
    t.assertNoThreadAlive();
  }

  /**
   * Under a limit the last tasks are claimed by ending tasks, while the exits before them may still
   * be counted apart (in stripes): the call must still see every task exited, and return.
   */
  @Test
  void all_limitOverManyTasks_returnsOnceTheLastHasEnded() {
    List<Integer> expected = IntStream.range(0, 1_000).boxed().toList();
    List<Callable<Integer>> tasks = expected.stream().<Callable<Integer>>map(i -> () -> i).toList();
    List<Integer> results =
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> Gather.with().limit(4).all(tasks));
    assertThat(results).isEqualTo(expected);
  }

  @Test
  void all_withLimit_limitIsReached() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch allThree = new CountDownLatch(3);
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tasks.add(
          t.task(
              () -> {
                allThree.countDown();
                allThree.await(); // only possible if three run at once
                return "x";
              }));
    }
    assertThat(Gather.with().limit(3).all(tasks)).hasSize(6);
    assertThat(t.maxConcurrent.get()).isEqualTo(3);
  }

  @Test
  void all_withLimit_queuedTasksNeverStartAfterFailure() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add(t.blocking(started));
    tasks.add(t.failingAfter(started, new IOException("fail")));
    for (int i = 0; i < 100; i++) {
      tasks.add(t.value("never"));
    }
    Throwable thrown = catchThrowable(() -> Gather.with().limit(2).all(tasks));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(t.started.get()).as("only the first two ever started").isEqualTo(2);
    t.assertNoThreadAlive();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_nested_cancellingOuterCancelsInnerSubtree(Gathering g) throws Exception {
    Tasks inner = new Tasks();
    CountDownLatch innerStarted = new CountDownLatch(4);
    AtomicInteger innerGathersInterrupted = new AtomicInteger();
    Callable<List<String>> nested =
        Tasks.shipped(
            () -> {
              try {
                return g.all(inner.blockingTasks(2, innerStarted));
              } catch (InterruptedException e) {
                innerGathersInterrupted.incrementAndGet();
                throw e;
              }
            });
    List<Callable<List<String>>> outer = new ArrayList<>();
    outer.add(nested);
    outer.add(nested);
    outer.add(
        Tasks.shipped(
            () -> {
              innerStarted.await();
              throw new IllegalStateException("outer task fails");
            }));
    Throwable thrown = catchThrowable(() -> g.all(outer));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(2);
    assertThat(thrown.getSuppressed()).isEmpty();
    assertThat(innerGathersInterrupted.get()).isEqualTo(2);
    assertThat(inner.interrupted.get()).isEqualTo(4);
    inner.assertNoThreadAlive();
  }

  @Test
  void all_nullCollection_throwsNamingIt() {
    assertThatThrownBy(() -> Gather.all((List<Callable<String>>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tasks");
  }

  @Test
  void all_nullTask_throwsNamingIndexAndStartsNothing() {
    Tasks t = new Tasks();
    List<Callable<String>> tasks = Arrays.asList(t.value("a"), t.value("b"), null, t.value("d"));
    assertThatThrownBy(() -> Gather.all(tasks))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task 2 is null");
    assertThat(t.started.get()).isZero();
  }

  @Test
  void all_nullTaskInAStreamToList_throwsNamingIndexAndStartsNothing() {
    // Stream.toList() gives the JDK's unmodifiable list, which the gather reads in place.
    Tasks t = new Tasks();
    List<Callable<String>> tasks = Stream.of(t.value("a"), null, t.value("c")).toList();
    assertThatThrownBy(() -> Gather.all(tasks))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task 1 is null");
    assertThat(t.started.get()).isZero();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void all_notACallableInARawList_throwsNamingIndexAndStartsNothing() {
    Tasks t = new Tasks();
    List raw = List.of(t.value("a"), "not a task");
    assertThatThrownBy(() -> Gather.all((List<Callable<String>>) raw))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("task 1 is a java.lang.String, not a Callable");
    assertThat(t.started.get()).isZero();
  }

  @Test
  void all_arrayChangedWhileRunning_runsTheTasksAsPassed() throws Exception {
    @SuppressWarnings("unchecked")
    Callable<String>[] tasks = (Callable<String>[]) new Callable<?>[2];
    tasks[1] = () -> "b";
    tasks[0] =
        () -> {
          tasks[1] = () -> "changed"; // before task 1 starts: the limit is 1
          return "a";
        };
    assertThat(Gather.with().limit(1).all(tasks)).containsExactly("a", "b");
  }

  @Test
  void all_namedGathering_namesThreadsAndMessages() {
    Tasks t = new Tasks();
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.with()
                    .name("dashboard")
                    .all(
                        t.task(() -> Thread.currentThread().getName()),
                        t.task(
                            () -> {
                              throw new IOException("503 from orders");
                            })));
    assertThat(thrown.getMessage()).contains("'dashboard'").contains("task 1 of 2");
    assertThat(t.threads).allSatisfy(th -> assertThat(th.getName()).startsWith("dashboard-"));
  }

  @Test
  void all_manyTasks_allResultsInOrder() throws Exception {
    int n = 10_000;
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      tasks.add(() -> index);
    }
    List<Integer> results = Gather.all(tasks);
    for (int i = 0; i < n; i++) {
      assertThat(results.get(i)).isEqualTo(i);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
