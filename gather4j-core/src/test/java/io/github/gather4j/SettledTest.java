package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SettledTest {

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void settled_mixedResults_oneOutcomePerTaskInOrder(Gathering g) throws Exception {
    Tasks t = new Tasks();
    IOException boom = new IOException("boom");
    StackOverflowError error = new StackOverflowError("deep");
    List<Outcome<String>> outcomes =
        g.settled(
            t.value("a"),
            t.task(
                () -> {
                  throw boom;
                }),
            t.value(null),
            t.task(
                () -> {
                  throw error;
                }));
    assertThat(outcomes)
        .usingElementComparator(Tasks.SAME_OUTCOME)
        .containsExactly(
            new Outcome.Success<>("a"),
            new Outcome.Failure<>(boom),
            new Outcome.Success<>(null),
            new Outcome.Failure<>(error));
    assertThatThrownBy(() -> outcomes.set(0, new Outcome.Cancelled<>()))
        .isInstanceOf(UnsupportedOperationException.class);
    t.assertNoThreadAlive();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void settled_taskThrowingCancellationOfItsOwn_isAFailureNotCancelled(Gathering g)
      throws Exception {
    // Rule 3: only a task the gather cancelled counts as cancelled; nothing was stopped here.
    Tasks t = new Tasks();
    InterruptedException interrupted = new InterruptedException("its own");
    java.util.concurrent.CancellationException cancelled =
        new java.util.concurrent.CancellationException("its own");
    List<Outcome<String>> outcomes =
        g.settled(
            t.task(
                () -> {
                  throw interrupted;
                }),
            t.task(
                () -> {
                  throw cancelled;
                }),
            t.value("c"));
    assertThat(outcomes)
        .usingElementComparator(Tasks.SAME_OUTCOME)
        .containsExactly(
            new Outcome.Failure<>(interrupted),
            new Outcome.Failure<>(cancelled),
            new Outcome.Success<>("c"));
    t.assertNoThreadAlive();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void settled_failureDoesNotCancelSiblings(Gathering g) throws Exception {
    Tasks t = new Tasks();
    CountDownLatch failed = new CountDownLatch(1);
    List<Outcome<String>> outcomes =
        g.settled(
            t.task(
                () -> {
                  failed.countDown();
                  throw new IOException("x");
                }),
            t.task(
                () -> {
                  failed.await(); // still runs after the failure, and is not interrupted
                  return "finished";
                }));
    assertThat(outcomes.get(1)).isEqualTo(new Outcome.Success<>("finished"));
    assertThat(t.interrupted.get()).isZero();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void settled_deadline_unfinishedAreCancelledAndCallReturns(Gathering g) throws Exception {
    Tasks t = new Tasks();
    ManualTicker clock = new ManualTicker();
    CountDownLatch started = new CountDownLatch(3);
    List<Callable<String>> tasks = new ArrayList<>(t.blockingTasks(2, started));
    tasks.add(1, t.valueAfterCountDown("done", started));
    Gathering timed = Internals.withTicker(g, clock).timeout(Duration.ofSeconds(1));
    AtomicReference<List<Outcome<String>>> result = new AtomicReference<>();
    Tasks.Caller caller = Tasks.call(() -> result.set(timed.settled(tasks)));
    await(started);
    clock.advance(Duration.ofSeconds(1));
    assertThat(caller.join()).isNull();
    List<Outcome<String>> outcomes = result.get();
    assertThat(outcomes)
        .containsExactly(
            new Outcome.Cancelled<>(), new Outcome.Success<>("done"), new Outcome.Cancelled<>());
    assertThat(t.interrupted.get()).isEqualTo(2);
    t.assertNoThreadAlive();
  }

  @Test
  void settled_deadline_taskIgnoringCancellationKeepsItsRealOutcome() throws Exception {
    ManualTicker clock = new ManualTicker();
    CountDownLatch started = new CountDownLatch(2);
    Gathering timed = Internals.withTicker(Gather.with(), clock).timeout(Duration.ofSeconds(1));
    AtomicReference<List<Outcome<String>>> result = new AtomicReference<>();
    Tasks.Caller caller =
        Tasks.call(
            () ->
                result.set(
                    timed.settled(
                        () -> {
                          started.countDown();
                          try {
                            Thread.sleep(Tasks.FOREVER);
                          } catch (InterruptedException e) {
                            return "finished anyway"; // ignores the cancellation and returns
                          }
                          return "never";
                        },
                        () -> {
                          started.countDown();
                          Thread.sleep(Tasks.FOREVER);
                          throw new IllegalStateException("unreachable");
                        })));
    await(started);
    clock.advance(Duration.ofSeconds(1));
    assertThat(caller.join()).isNull();
    List<Outcome<String>> outcomes = result.get();
    assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>("finished anyway"));
    assertThat(outcomes.get(1)).isEqualTo(new Outcome.Cancelled<>());
  }

  @Test
  void settled_deadlineAlreadyPast_allCancelledNothingStarted() throws Exception {
    Tasks t = new Tasks();
    List<Outcome<String>> outcomes =
        Gather.with().deadline(Instant.EPOCH).settled(t.value("a"), t.value("b"));
    assertThat(outcomes).containsExactly(new Outcome.Cancelled<>(), new Outcome.Cancelled<>());
    assertThat(t.started.get()).isZero();
  }

  @Test
  void settled_withLimit_queuedTasksCancelledAtDeadlineNeverStart() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add(t.blocking(started));
    tasks.add(t.value("queued"));
    ManualTicker clock = new ManualTicker();
    Gathering timed =
        Internals.withTicker(Gather.with(), clock).limit(1).timeout(Duration.ofSeconds(1));
    AtomicReference<List<Outcome<String>>> result = new AtomicReference<>();
    Tasks.Caller caller = Tasks.call(() -> result.set(timed.settled(tasks)));
    await(started);
    clock.advance(Duration.ofSeconds(1));
    assertThat(caller.join()).isNull();
    assertThat(result.get()).containsOnly(new Outcome.Cancelled<>());
    assertThat(t.started.get()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void settled_callerInterrupted_throwsInterruptedExceptionAfterTasksEnded(Gathering g)
      throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(3);
    Tasks.Caller caller = Tasks.call(() -> g.settled(t.blockingTasks(3, started)));
    await(started);
    caller.thread.interrupt();
    assertThat(caller.join()).isInstanceOf(InterruptedException.class);
    t.assertNoThreadAlive();
  }

  @Test
  void settled_nullTask_throwsNamingIndexAndStartsNothing() {
    Tasks t = new Tasks();
    assertThatThrownBy(() -> Gather.settled(Arrays.asList(t.value("a"), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task 1");
    assertThat(t.started.get()).isZero();
  }

  @Test
  void mapSettled_failedItem_isFailureInItsSlot() throws Exception {
    List<Outcome<Integer>> outcomes =
        Gather.with().limit(2).mapSettled(List.of("1", "x", "3"), s -> Integer.parseInt(s));
    assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>(1));
    assertThat(outcomes.get(1)).isInstanceOf(Outcome.Failure.class);
    assertThat(((Outcome.Failure<Integer>) outcomes.get(1)).exception())
        .isInstanceOf(NumberFormatException.class);
    assertThat(outcomes.get(2)).isEqualTo(new Outcome.Success<>(3));
  }

  @Test
  void settled_outcomesMatchWithSwitch() throws Exception {
    List<String> described = new ArrayList<>();
    for (Outcome<String> outcome :
        Gather.settled(
            () -> "ok",
            () -> {
              throw new IOException("down");
            })) {
      described.add(
          switch (outcome) {
            case Outcome.Success<String> s -> "got " + s.value();
            case Outcome.Failure<String> f -> "failed: " + f.exception().getMessage();
            case Outcome.Cancelled<String> c -> "cancelled";
          });
    }
    assertThat(described).containsExactly("got ok", "failed: down");
  }
}
