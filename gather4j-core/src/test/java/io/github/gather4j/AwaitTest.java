package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** {@link Gathering#await} and {@link Gathering#awaitSettled}: futures that already run. */
class AwaitTest {

  @Test
  void await_valuesInInputOrder_whateverOrderTheyComplete() throws Exception {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<String> c = CompletableFuture.completedFuture("c");
    Tasks.Caller caller =
        Tasks.call(() -> assertThat(Gather.await(List.of(a, b, c))).containsExactly("a", "b", "c"));
    b.complete("b");
    a.complete("a");
    assertThat(caller.join()).isNull();
  }

  @Test
  void await_firstFailure_cancelsTheOthers_causeUnwrapped() throws Exception {
    CompletableFuture<String> slow = new CompletableFuture<>();
    CompletableFuture<String> other = new CompletableFuture<>();
    CompletableFuture<String> failing = new CompletableFuture<>();
    // A dependent stage wraps its failure in a CompletionException: await unwraps it.
    CompletableFuture<String> dependent = failing.thenApply(s -> s);
    IOException boom = new IOException("down");
    Tasks.Caller caller = Tasks.call(() -> Gather.await(List.of(slow, dependent, other)));
    failing.completeExceptionally(boom);
    Throwable thrown = caller.join();
    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(boom);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
    assertThat(thrown.getSuppressed()).isEmpty(); // the cancelled ones are not failures
    assertThat(slow).isCancelled();
    assertThat(other).isCancelled();
  }

  @Test
  void await_aFutureCancelledBySomeoneElse_isAFailure_awaitSettled_Cancelled() throws Exception {
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(true);
    Throwable thrown =
        catchThrowable(
            () -> Gather.await(List.of(CompletableFuture.completedFuture("a"), cancelled)));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(thrown.getCause()).isInstanceOf(CancellationException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);

    IOException boom = new IOException("down");
    assertThat(
            Gather.awaitSettled(
                List.of(
                    CompletableFuture.completedFuture("a"),
                    cancelled,
                    CompletableFuture.failedFuture(boom))))
        .containsExactly(
            new Outcome.Success<>("a"), new Outcome.Cancelled<>(), new Outcome.Failure<>(boom));
  }

  @Test
  void await_deadline_cancelsWhatIsNotDone() throws Exception {
    ManualTicker clock = new ManualTicker();
    CompletableFuture<String> never = new CompletableFuture<>();
    Gathering timed = Internals.withTicker(Gather.with(), clock).timeout(Duration.ofSeconds(1));
    CountDownLatch waiting = new CountDownLatch(1);
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              waiting.countDown();
              timed.await(List.of(CompletableFuture.completedFuture("a"), never));
            });
    Tasks.await(waiting);
    // Advanced until the caller has acted on it: it may not be parked yet at the first advance.
    assertThat(caller.joinAdvancing(clock, Duration.ofSeconds(1)))
        .isInstanceOf(GatherTimeoutException.class);
    assertThat(((GatherTimeoutException) caller.thrown).completed()).isEqualTo(1);
    assertThat(never).isCancelled();

    CompletableFuture<String> never2 = new CompletableFuture<>();
    Gathering past = Gather.with().deadline(java.time.Instant.now().minusSeconds(1));
    assertThat(past.awaitSettled(List.of(never2))).containsExactly(new Outcome.Cancelled<>());
    assertThat(never2).isCancelled();
  }

  @Test
  void await_callerInterrupted_cancelsAndThrows() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    CountDownLatch waiting = new CountDownLatch(1);
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              waiting.countDown();
              Gather.await(List.of(never));
            });
    Tasks.await(waiting);
    caller.thread.interrupt();
    assertThat(caller.join()).isInstanceOf(InterruptedException.class);
    assertThat(never).isCancelled();
  }

  @Test
  void await_plainFutures_waitedOnThreads_cancelledOnFailure() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch interrupted = new CountDownLatch(1);
      Future<String> blocked =
          pool.submit(
              () -> {
                running.countDown();
                try {
                  Thread.sleep(Tasks.FOREVER);
                } catch (InterruptedException e) {
                  interrupted.countDown();
                }
                return "never";
              });
      FutureTask<String> failing =
          new FutureTask<>(
              () -> {
                running.await();
                throw new IOException("down");
              });
      pool.execute(failing);
      Throwable thrown = catchThrowable(() -> Gather.await(List.of(blocked, failing)));
      assertThat(thrown)
          .isInstanceOf(TaskFailedException.class)
          .hasCauseInstanceOf(IOException.class);
      assertThat(blocked).isCancelled();
      Tasks.await(interrupted); // cancel(true) reached the pool's thread
      assertThat(Gather.await(List.of(pool.submit(() -> "x")))).containsExactly("x");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void await_manyFutures_costNoThreadEach() throws Exception {
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      futures.add(new CompletableFuture<>());
    }
    java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();
    Gathering counting =
        Gather.with()
            .threadFactory(
                task -> {
                  made.incrementAndGet();
                  return Thread.ofVirtual().unstarted(task);
                });
    Tasks.Caller caller = Tasks.call(() -> assertThat(counting.await(futures)).hasSize(10_000));
    for (int i = 0; i < futures.size(); i++) {
      futures.get(i).complete(i);
    }
    assertThat(caller.join()).isNull();
    assertThat(made.get()).as("threads made for CompletableFutures").isZero();
    // A Future that is not a CompletableFuture has no callback: one thread waits for it.
    FutureTask<Integer> plain = new FutureTask<>(() -> 7);
    plain.run();
    assertThat(counting.await(List.of(plain))).containsExactly(7);
    assertThat(made.get()).isEqualTo(1);
  }

  @Test
  void await_taskTimeout_aFutureNotDoneInTimeFailsWithATimeout() throws Exception {
    ManualTicker clock = new ManualTicker();
    CompletableFuture<String> slow = new CompletableFuture<>();
    Gathering timed = Internals.withTicker(Gather.with(), clock).taskTimeout(Duration.ofSeconds(1));
    Tasks.Caller caller = Tasks.call(() -> timed.await(List.of(slow)));
    assertThat(caller.joinAdvancing(clock, Duration.ofSeconds(1)))
        .isInstanceOf(TaskFailedException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(slow).isCancelled();
  }

  @Test
  void await_limitIsIgnored_everyFutureIsWatched_andProgressReported() throws Exception {
    // Under a limit of 1 honoured, future 1 would never be watched while future 0 runs: its
    // failure could not end the call.
    CompletableFuture<Integer> never = new CompletableFuture<>();
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.with()
                    .limit(1)
                    .await(List.of(never, CompletableFuture.failedFuture(new IOException("x")))));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
    assertThat(never).isCancelled();
    List<Progress> seen = new ArrayList<>();
    List<CompletableFuture<Integer>> futures =
        Arrays.asList(CompletableFuture.completedFuture(1), CompletableFuture.completedFuture(2));
    assertThat(Gather.with().limit(1).onProgress(seen::add).await(futures)).containsExactly(1, 2);
    assertThat(seen).last().isEqualTo(new Progress(2, 2, 0, 0));
  }

  @Test
  void badInput_clearExceptions() {
    assertThatThrownBy(() -> Gather.await(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("futures must not be null");
    assertThatThrownBy(
            () -> Gather.await(Arrays.asList(CompletableFuture.completedFuture(1), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("future 1 is null");
  }
}
