package io.github.gather4j.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gather4j.Gather;
import io.github.gather4j.Internals;
import io.github.gather4j.LogCapture;
import io.github.gather4j.TaskFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tasks that ignore interruption; listeners and decorators that throw. */
@Tag("stress")
class StuckAndThrowingTest {

  @Test
  void stuckTask_callWaits_reportedOnce_otherGathersNotHeldUp() throws Exception {
    LogCapture log = new LogCapture();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    try {
      Thread caller =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Internals.withStuckTaskGrace(Duration.ofMillis(300))
                          .all(
                              () -> "fine",
                              () -> {
                                started.countDown();
                                while (true) {
                                  try {
                                    letGo.await();
                                    return "late";
                                  } catch (InterruptedException ignored) {
                                    // a task that ignores cancellation
                                  }
                                }
                              },
                              () -> {
                                started.await();
                                throw new IOException("fail fast");
                              });
                    } catch (Exception expected) {
                      // TaskFailedException once the stuck task lets go
                    }
                  });
      assertThat(log.first.await(30, TimeUnit.SECONDS)).isTrue();
      // While one call is held by its stuck task, other gathers run normally.
      for (int i = 0; i < 1_000; i++) {
        assertThat(Gather.all(() -> 1, () -> 2)).containsExactly(1, 2);
      }
      assertThat(caller.isAlive()).as("structured: the call waits for the stuck task").isTrue();
      letGo.countDown();
      caller.join();
      assertThat(log.records).hasSize(1);
      assertThat(log.records.get(0).getMessage()).contains("task 1 of 3");
      assertThat(log.records.get(0).getThrown().getStackTrace()).isNotEmpty();
      StressTest.report(
          "stuck task: reported %d time(s), 1,000 other gathers ran meanwhile", log.records.size());
    } finally {
      letGo.countDown();
      log.close();
    }
  }

  @Test
  void throwingListener_gatherCompletesCorrectly() throws Exception {
    for (int round = 0; round < 200; round++) {
      List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
      List<Integer> results =
          Gather.with()
              .limit(2)
              .onProgress(
                  p -> {
                    throw new IllegalStateException("listener bug");
                  })
              .all(tasks);
      assertThat(results).containsExactly(1, 2, 3);
    }
  }

  @Test
  void decoratorThrowingWhenDecorating_nothingStarts_decoratedTaskThrowing_isAFailure() {
    List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2);
    assertThatThrownBy(
            () ->
                Gather.with()
                    .decorate(
                        task -> {
                          throw new IllegalStateException("decorator bug");
                        })
                    .all(tasks))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("decorator bug");
    assertThatThrownBy(
            () ->
                Gather.with()
                    .decorate(
                        task ->
                            () -> {
                              throw new IllegalStateException("wrapper bug");
                            })
                    .all(tasks))
        .isInstanceOf(TaskFailedException.class)
        .hasRootCauseMessage("wrapper bug");
  }
}
