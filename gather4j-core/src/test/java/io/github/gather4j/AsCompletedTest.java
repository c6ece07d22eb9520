package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
}
