package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Gathering#rate}: starts per window, on a manual clock. */
class RateTest {
  private final ManualTicker clock = new ManualTicker();
  private final Tasks t = new Tasks();
  private final ConcurrentLinkedQueue<Long> startedAt = new ConcurrentLinkedQueue<>();
  private final Semaphore starts = new Semaphore(0);

  private Gathering rated(int permits, Duration per) {
    return rated(Gather.with(), permits, per);
  }

  private Gathering rated(Gathering g, int permits, Duration per) {
    return Internals.withTicker(g, clock).rate(permits, per);
  }

  /** A task that notes when it started (on the manual clock), then returns {@code value}. */
  private Callable<Integer> noted(int value) {
    return t.task(
        () -> {
          startedAt.add(clock.nanoTime());
          starts.release();
          return value;
        });
  }

  private void awaitStarts(int n) throws InterruptedException {
    assertThat(starts.tryAcquire(n, Tasks.GENEROUS.toMillis(), TimeUnit.MILLISECONDS))
        .as("%d more starts", n)
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void startsArePacedEvenly_neverMoreThanPermitsInAWindow_noBurst(Gathering g) throws Exception {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(noted(i));
    }
    Tasks.Caller caller =
        Tasks.call(
            () ->
                assertThat(rated(g, 2, Duration.ofSeconds(1)).all(tasks))
                    .containsExactly(0, 1, 2, 3, 4));
    awaitStarts(1); // two a second: one every 500 ms
    clock.advance(Duration.ofMillis(499));
    assertThat(t.started.get()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    awaitStarts(1);
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMillis(500));
      awaitStarts(1);
    }
    assertThat(caller.join()).isNull();
    List<Long> at = new ArrayList<>(startedAt);
    at.sort(null);
    for (int i = 1; i < at.size(); i++) {
      assertThat(at.get(i) - at.get(i - 1))
          .isGreaterThanOrEqualTo(Duration.ofMillis(500).toNanos());
    }
    t.assertNoThreadAlive();
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void rateAndLimit_bothBoundsHold_anIdleSpellEarnsNoBurst() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int n = i;
      tasks.add(
          t.task(
              () -> {
                startedAt.add(clock.nanoTime());
                starts.release();
                release.await();
                return n;
              }));
    }
    Tasks.Caller caller = Tasks.call(() -> rated(3, Duration.ofSeconds(1)).limit(2).all(tasks));
    awaitStarts(1);
    clock.advance(Duration.ofSeconds(1));
    awaitStarts(1); // one more: the pace, though a whole second passed
    clock.advance(Duration.ofSeconds(5));
    assertThat(t.started.get()).as("the limit holds the third").isEqualTo(2);
    release.countDown();
    awaitStarts(1); // slots free and the pace allows one
    clock.advance(Duration.ofSeconds(1));
    awaitStarts(1);
    assertThat(caller.join()).isNull();
    assertThat(t.maxConcurrent.get()).isLessThanOrEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void aFailure_theTasksWaitingForTheRateNeverStart_noClockNeeded(Gathering g) throws Exception {
    List<Callable<Integer>> tasks = new ArrayList<>();
    tasks.add(
        t.task(
            () -> {
              throw new IOException("first fails");
            }));
    for (int i = 0; i < 5; i++) {
      tasks.add(noted(i));
    }
    Tasks.Caller caller = Tasks.call(() -> rated(g, 1, Duration.ofHours(1)).all(tasks));
    assertThat(caller.join()).isInstanceOf(TaskFailedException.class);
    assertThat(t.started.get()).isEqualTo(1);
    assertThat(clock.pendingTimers()).isZero();
    t.assertNoThreadAlive();
  }

  @Test
  void theDeadlineCountsTheWait_settledSaysCancelled() throws Exception {
    List<Callable<Integer>> tasks = List.of(noted(0), noted(1), noted(2));
    Tasks.Caller caller =
        Tasks.call(
            () ->
                assertThat(
                        rated(1, Duration.ofHours(1)).timeout(Duration.ofSeconds(1)).settled(tasks))
                    .containsExactly(
                        new Outcome.Success<>(0),
                        new Outcome.Cancelled<>(),
                        new Outcome.Cancelled<>()));
    awaitStarts(1);
    assertThat(caller.joinAdvancing(clock, Duration.ofSeconds(1))).isNull();
    assertThat(t.started.get()).isEqualTo(1);
  }

  @Test
  void aScope_forksWaitForTheRate_startedByTheTimerWhileTheOwnerIsElsewhere() throws Exception {
    try (Scope scope = rated(1, Duration.ofSeconds(1)).scope()) {
      Subtask<Integer> a = scope.fork(noted(1));
      Subtask<Integer> b = scope.fork(noted(2));
      awaitStarts(1);
      clock.advance(Duration.ofSeconds(1)); // not in join: the timer starts b
      awaitStarts(1);
      scope.join();
      assertThat(a.get() + b.get()).isEqualTo(3);
    }
  }

  @Test
  void badInput_aClearException() {
    assertThatThrownBy(() -> Gather.with().rate(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permits must be at least 1, was 0");
    assertThatThrownBy(() -> Gather.with().rate(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("per must be positive");
    assertThatThrownBy(() -> Gather.with().rate(1, null)).isInstanceOf(NullPointerException.class);
    assertThat(Gather.with().rate(10, Duration.ofSeconds(1)).toString())
        .contains("rate=10 per PT1S");
  }
}
