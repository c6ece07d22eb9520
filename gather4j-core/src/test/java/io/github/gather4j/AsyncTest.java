package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link AsyncGathering} and {@link GatherFuture}: the gather, not blocking its caller. */
class AsyncTest {

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(Tasks.GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_completesWithTheResultsInOrder_withoutBlockingTheCaller(Gathering g) throws Exception {
    Tasks t = new Tasks();
    CountDownLatch release = new CountDownLatch(1);
    GatherFuture<List<String>> future =
        g.async()
            .all(
                t.task(
                    () -> {
                      release.await();
                      return "slow";
                    }),
                t.value("quick"),
                t.value(null));
    // The call returned while task 0 still waits: the caller was never held.
    assertThat(future).isNotDone();
    release.countDown();
    assertThat(get(future)).containsExactly("slow", "quick", null);
    assertThat(future.ended()).isDone();
    t.assertNoThreadAlive();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_failFast_completesExceptionallyWithTheTaskFailure_siblingsEnded(Gathering g)
      throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(2);
    IOException boom = new IOException("down");
    GatherFuture<List<String>> future =
        g.async()
            .all(
                t.blocking(started, cancelled),
                t.blocking(started, cancelled),
                t.failingAfter(started, boom));
    Throwable thrown = catchThrowable(() -> get(future));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(TaskFailedException.class).hasCause(boom);
    assertThat(((TaskFailedException) thrown.getCause()).index()).isEqualTo(2);
    assertThatThrownBy(future::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(TaskFailedException.class);
    assertThat(cancelled.getCount()).isZero();
    assertThat(future.ended()).isDone();
    t.assertNoThreadAlive();
  }

  @Test
  void settled_mapSettled_run_any_zip_completeAsTheBlockingVerbs() throws Exception {
    IOException boom = new IOException("down");
    AsyncGathering async = Gather.async();
    assertThat(get(async.settled(() -> "a", () -> throwing(boom))))
        .containsExactly(new Outcome.Success<>("a"), new Outcome.Failure<>(boom));
    assertThat(get(async.mapSettled(List.of(1, 2), i -> i * 10)))
        .containsExactly(new Outcome.Success<>(10), new Outcome.Success<>(20));
    assertThat(get(async.map(List.of(1, 2, 3), i -> i + 1))).containsExactly(2, 3, 4);
    List<String> ran = new ArrayList<>();
    assertThat(get(async.run(() -> ran.add("x")))).isNull();
    assertThat(ran).containsExactly("x");
    String any = get(async.any(List.of(() -> throwing(boom), () -> "first")));
    assertThat(any).isEqualTo("first");
    String two = get(async.zip(() -> 2, () -> "x", (n, s) -> s.repeat(n)));
    assertThat(two).isEqualTo("xx");
    Integer three = get(async.zip(() -> 1, () -> 2, () -> 3, (a, b, c) -> a + b + c));
    assertThat(three).isEqualTo(6);
    Integer four =
        get(async.zip(() -> 1, () -> 2, () -> 3, () -> 4, (a, b, c, d) -> a * b * c * d));
    assertThat(four).isEqualTo(24);
    String five =
        get(
            async.zip(
                () -> "a",
                () -> "b",
                () -> "c",
                () -> "d",
                () -> "e",
                (a, b, c, d, e) -> a + b + c + d + e));
    assertThat(five).isEqualTo("abcde");
    assertThat(get(async.settled(List.<Callable<String>>of()))).isEmpty();
  }

  @Test
  void cancel_interruptsTheRunningTasks_neverStartsQueuedOnes_endedCompletes() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(2);
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tasks.add(t.blocking(started, cancelled));
    }
    GatherFuture<List<String>> future = Gather.with().limit(2).async().all(tasks);
    await(started);
    assertThat(future.cancel(true)).isTrue();
    assertThat(future).isCancelled(); // at once, as any CompletableFuture
    get(future.ended());
    await(cancelled);
    assertThat(t.started.get()).isEqualTo(2);
    t.assertNoThreadAlive();
    assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
  }

  @Test
  void completeFromOutside_cancelsTheTasks() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(2);
    GatherFuture<List<String>> future =
        Gather.async().all(t.blocking(started, cancelled), t.blocking(started, cancelled));
    await(started);
    assertThat(future.complete(List.of("cached"))).isTrue();
    get(future.ended());
    await(cancelled);
    assertThat(future.join()).containsExactly("cached");
    t.assertNoThreadAlive();

    Tasks u = new Tasks();
    CountDownLatch started2 = new CountDownLatch(1);
    CountDownLatch cancelled2 = new CountDownLatch(1);
    GatherFuture<List<String>> failed = Gather.async().all(u.blocking(started2, cancelled2));
    await(started2);
    failed.completeExceptionally(new IllegalStateException("gave up"));
    get(failed.ended());
    await(cancelled2);
    u.assertNoThreadAlive();
  }

  @Test
  void orTimeout_firing_cancelsTheTasks() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    GatherFuture<List<String>> future = Gather.async().all(t.blocking(started, cancelled));
    await(started);
    CompletableFuture<List<String>> timed = future.orTimeout(1, TimeUnit.MILLISECONDS);
    Throwable thrown = catchThrowable(() -> get(timed));
    assertThat(thrown).hasCauseInstanceOf(TimeoutException.class);
    get(future.ended());
    await(cancelled);
    t.assertNoThreadAlive();
  }

  @Test
  void deadline_completesWithTheTimeoutOfTheBlockingVerb() throws Exception {
    Tasks t = new Tasks();
    ManualTicker clock = new ManualTicker();
    CountDownLatch started = new CountDownLatch(2);
    Gathering timed = Internals.withTicker(Gather.with(), clock).timeout(Duration.ofSeconds(1));
    GatherFuture<List<String>> future =
        timed.async().all(t.valueAfterCountDown("done", started), t.blocking(started));
    await(started);
    clock.advance(Duration.ofSeconds(1));
    Throwable thrown = catchThrowable(() -> get(future));
    assertThat(thrown.getCause()).isInstanceOf(GatherTimeoutException.class);
    assertThat(((GatherTimeoutException) thrown.getCause()).completed()).isEqualTo(1);
    t.assertNoThreadAlive();
  }

  @Test
  void limit_neverExceeded() throws Exception {
    Tasks t = new Tasks();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      tasks.add(t.task(() -> n));
    }
    assertThat(get(Gather.with().limit(3).async().all(tasks))).hasSize(50);
    assertThat(t.maxConcurrent.get()).isBetween(1, 3);
  }

  @Test
  void decorators_runOnTheCallersThread_inTheCall() throws Exception {
    Set<Thread> decoratedOn = ConcurrentHashMap.newKeySet();
    Gathering decorated =
        Gather.with()
            .decorate(
                task -> {
                  decoratedOn.add(Thread.currentThread());
                  return task;
                });
    GatherFuture<List<String>> future = decorated.async().all(() -> "a", () -> "b");
    assertThat(decoratedOn).containsExactly(Thread.currentThread());
    assertThat(get(future)).containsExactly("a", "b");
  }

  @Test
  void anInterruptedCaller_stillGathers_andKeepsItsFlag() throws Exception {
    Thread.currentThread().interrupt();
    GatherFuture<List<String>> future = Gather.async().all(() -> "a");
    assertThat(Thread.interrupted()).isTrue();
    assertThat(get(future)).containsExactly("a");
  }

  @Test
  void dependentStages_arePlainCompletableFutures_andEndedCannotBeCompletedByAUser()
      throws Exception {
    GatherFuture<List<String>> future = Gather.async().all(() -> "a");
    CompletableFuture<Integer> size = future.thenApply(List::size);
    assertThat(size).isNotInstanceOf(GatherFuture.class);
    assertThat(get(size)).isEqualTo(1);
    get(future.ended());
    // Completing the future ended() returns leaves the gather's own end alone.
    CountDownLatch release = new CountDownLatch(1);
    GatherFuture<List<String>> running =
        Gather.async()
            .all(
                () -> {
                  release.await();
                  return "x";
                });
    assertThat(running.ended().complete(null)).isTrue();
    assertThat(running.ended()).isNotDone();
    release.countDown();
    get(running.ended());
    assertThat(Gather.with().name("prices").async().all(() -> 1).toString()).contains("'prices'");
  }

  @Test
  void nested_anAsyncGatherInsideATaskIsCancelledWithTheTasksSubtree() throws Exception {
    Tasks inner = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    IOException boom = new IOException("outer sibling failed");
    CountDownLatch innerRunning = new CountDownLatch(1);
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.all(
                    () -> {
                      GatherFuture<List<String>> f =
                          Gather.async().all(inner.blocking(started, cancelled));
                      innerRunning.countDown();
                      try {
                        return f.get();
                      } catch (InterruptedException e) {
                        f.cancel(true); // the documented way: an interrupted waiter cancels
                        f.ended().join();
                        throw e;
                      }
                    },
                    () -> {
                      innerRunning.await();
                      started.await();
                      throw boom;
                    }));
    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(boom);
    await(cancelled);
    inner.assertNoThreadAlive();
  }

  @Test
  void badInput_throwsFromTheCall_nothingStarts() {
    Tasks t = new Tasks();
    AsyncGathering async = Gather.async();
    assertThatThrownBy(() -> async.all((List<Callable<String>>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tasks must not be null");
    assertThatThrownBy(() -> async.all(t.value("a"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task 1 is null");
    assertThatThrownBy(() -> async.map(List.of(1), null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> async.any(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> async.zip(t.value(1), t.value(2), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("combiner");
    assertThatThrownBy(() -> async.run((Action[]) null)).isInstanceOf(NullPointerException.class);
    assertThat(t.started.get()).isZero();
  }

  private static String throwing(Exception e) throws Exception {
    throw e;
  }

  @Test
  void cancel_stopsTheTasksBeforeTheDependentStagesRun() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    GatherFuture<List<String>> future = Gather.async().all(t.blocking(started, cancelled));
    await(started);
    // A stage that waits for the gather's end: it must not run before the tasks were stopped.
    CompletableFuture<Object> waiter = future.handle((value, failure) -> future.ended().join());
    Tasks.Caller canceller = Tasks.call(() -> future.cancel(true));
    assertThat(canceller.join()).isNull(); // returned: the stage did not wait on running tasks
    get(waiter);
    await(cancelled);
    t.assertNoThreadAlive();
  }

  @Test
  void zip_cancelledFromOutside_neverCallsTheCombiner() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger combined =
        new java.util.concurrent.atomic.AtomicInteger();
    GatherFuture<String> future =
        Gather.async()
            .zip(
                t.value("a"),
                t.blocking(started, cancelled),
                (a, b) -> {
                  combined.incrementAndGet();
                  return a + b;
                });
    await(started);
    future.cancel(true);
    get(future.ended());
    await(cancelled);
    assertThat(combined.get()).isZero();
  }
}
