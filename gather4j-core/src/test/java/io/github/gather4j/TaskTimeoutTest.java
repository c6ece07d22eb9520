package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Gathering#taskTimeout}: each task's own time, from its own start, on a manual clock. */
class TaskTimeoutTest {
  private final ManualTicker clock = new ManualTicker();
  private final Tasks t = new Tasks();

  private Gathering timed(Duration perTask) {
    return timed(Gather.with(), perTask);
  }

  private Gathering timed(Gathering g, Duration perTask) {
    return Internals.withTicker(g.name("jobs"), clock).taskTimeout(perTask);
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void all_aTaskPastItsTimeout_failsTheCallWithATimeoutNamingItsIndex(Gathering g)
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    // The clock moves only once the quick tasks are past their last blocking step: a task still
    // running when its timer fires is cancelled too (it would be a second, suppressed, timeout).
    CountDownLatch quickOnesDone = new CountDownLatch(2);
    Tasks.Caller caller =
        Tasks.call(
            () ->
                timed(g, Duration.ofSeconds(2))
                    .all(
                        t.valueAfterCountDown("a", quickOnesDone),
                        t.valueAfterCountDown("b", quickOnesDone),
                        t.blocking(started, cancelled)));
    await(started);
    await(quickOnesDone);
    clock.advance(Duration.ofMillis(1999));
    assertThat(cancelled.getCount()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    Throwable thrown = caller.join();
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    TaskFailedException failed = (TaskFailedException) thrown;
    assertThat(failed.index()).isEqualTo(2);
    assertThat(failed.getCause())
        .isInstanceOf(TimeoutException.class)
        .hasMessage(
            "task 2 of gather 'jobs' was still running PT2S after it started (its taskTimeout),"
                + " and was cancelled")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(failed.getSuppressed()).isEmpty();
    t.assertNoThreadAlive();
    assertThat(clock.pendingTimers()).isZero();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void settled_aTaskPastItsTimeout_isAFailureTheOthersRunOn(Gathering g) throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CountDownLatch returning = new CountDownLatch(1);
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              List<Outcome<String>> outcomes =
                  timed(g, Duration.ofSeconds(1))
                      .settled(
                          t.blocking(started, cancelled),
                          t.task(
                              () -> {
                                started.countDown();
                                finish.await(); // no clock: only the test ends it
                                returning.countDown(); // no blocking call after this
                                return "slow but allowed";
                              }));
              assertThat(outcomes.get(0)).isInstanceOf(Outcome.Failure.class);
              assertThat(((Outcome.Failure<String>) outcomes.get(0)).exception())
                  .isInstanceOf(TimeoutException.class);
              // Cancelled or not, it returned a value: it ends as it really did.
              assertThat(outcomes.get(1)).isEqualTo(new Outcome.Success<>("slow but allowed"));
            });
    await(started);
    clock.advance(Duration.ofMillis(500));
    finish.countDown();
    await(returning);
    clock.advance(Duration.ofMillis(500));
    await(cancelled);
    assertThat(caller.join()).isNull(); // the assertions inside held
    t.assertNoThreadAlive();
  }

  @Test
  void limit_theTimeoutCountsFromEachTasksOwnStartNotItsTimeQueued() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch secondCancelled = new CountDownLatch(1);
    Tasks.Caller caller =
        Tasks.call(
            () ->
                timed(Duration.ofSeconds(1))
                    .limit(1)
                    .all(
                        t.task(
                            () -> {
                              firstStarted.countDown();
                              releaseFirst.await();
                              return "first";
                            }),
                        t.blocking(secondStarted, secondCancelled)));
    await(firstStarted);
    clock.advance(Duration.ofMillis(800)); // task 1 waits for the slot all this time
    releaseFirst.countDown();
    await(secondStarted); // task 1 starts at 0.8 s: its timeout is at 1.8 s
    clock.advance(Duration.ofMillis(900)); // 1.7 s: past 1 s from the call's start, not its own
    assertThat(secondCancelled.getCount()).isEqualTo(1);
    clock.advance(Duration.ofMillis(100)); // 1.8 s
    await(secondCancelled);
    Throwable thrown = caller.join();
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
    assertThat(thrown.getCause()).isInstanceOf(TimeoutException.class);
    t.assertNoThreadAlive();
  }

  @Test
  void aTaskThatEndsInTime_leavesNoTimer() throws Exception {
    List<String> results =
        timed(Duration.ofSeconds(1)).limit(4).map(List.of("a", "b", "c"), s -> s);
    assertThat(results).containsExactly("a", "b", "c");
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void aTaskThatIgnoresTheInterrupt_endsAsItReallyDid() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Tasks.Caller caller =
        Tasks.call(
            () ->
                assertThat(
                        timed(Duration.ofSeconds(1))
                            .settled(
                                t.task(
                                    () -> {
                                      started.countDown();
                                      try {
                                        Thread.sleep(Tasks.FOREVER);
                                      } catch (InterruptedException e) {
                                        interrupted.countDown();
                                      }
                                      return "fallback";
                                    })))
                    .containsExactly(new Outcome.Success<>("fallback")));
    await(started);
    clock.advance(Duration.ofSeconds(1));
    await(interrupted);
    assertThat(caller.join()).isNull();
    t.assertNoThreadAlive();
  }

  @Test
  void scope_andTheCallTimeout_bothApply() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    Gathering both = timed(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(10));
    try (Scope scope = both.scope()) {
      Subtask<String> a = scope.fork(t.blocking(started, cancelled));
      await(started);
      clock.advance(Duration.ofSeconds(1));
      await(cancelled);
      Throwable thrown = catchThrowable(scope::join);
      assertThat(thrown).isInstanceOf(TaskFailedException.class);
      assertThat(thrown.getCause()).isInstanceOf(TimeoutException.class);
      assertThat(a.state()).isEqualTo(Subtask.State.FAILED);
    }
    t.assertNoThreadAlive();
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void badInput_aClearException() {
    assertThatThrownBy(() -> Gather.with().taskTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("taskTimeout");
    assertThatThrownBy(() -> Gather.with().taskTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> Gather.with().taskTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Gather.with().taskTimeout(Duration.ofSeconds(3)).toString())
        .contains("taskTimeout=PT3S");
  }
}
