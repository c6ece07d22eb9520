package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnyTest {

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void any_firstSuccessWins_othersCancelledAndEnded(Gathering g) throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(3);
    List<Callable<String>> tasks = new ArrayList<>(t.blockingTasks(3, started));
    tasks.add(
        t.task(
            () -> {
              started.await();
              return "mirror 3";
            }));
    assertThat(g.any(tasks)).isEqualTo("mirror 3");
    assertThat(t.interrupted.get()).isEqualTo(3);
    t.assertNoThreadAlive();
  }

  @Test
  void any_failuresBeforeSuccess_ignored() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    String result =
        Gather.with()
            .any(
                List.<Callable<String>>of(
                    () -> {
                      failed.countDown();
                      throw new IOException("mirror 0 down");
                    },
                    () -> {
                      failed.await();
                      return "mirror 1";
                    }));
    assertThat(result).isEqualTo("mirror 1");
  }

  @Test
  void any_allFail_firstFailureIsCauseOthersSuppressed() {
    IOException a = new IOException("a");
    IOException b = new IOException("b");
    // Task 0 fails only after the gather has recorded task 1's failure (the listener sees it).
    CountDownLatch aRecorded = new CountDownLatch(1);
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.with()
                    .onProgress(
                        p -> {
                          if (p.failed() == 1) {
                            aRecorded.countDown();
                          }
                        })
                    .any(
                        List.<Callable<String>>of(
                            () -> {
                              aRecorded.await();
                              throw b;
                            },
                            () -> {
                              throw a;
                            })));
    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(a);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
    assertThat(thrown.getSuppressed()).containsExactly(b);
    assertThat(thrown.getMessage()).contains("all 2 tasks");
  }

  @Test
  void any_noTasks_throwsIllegalArgument() {
    assertThatThrownBy(() -> Gather.with().any(List.<Callable<String>>of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one task");
  }

  @Test
  void any_deadlineWithoutSuccess_throwsTimeout() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Throwable thrown =
        catchThrowable(
            () -> Gather.with().timeout(Duration.ofMillis(100)).any(t.blockingTasks(2, started)));
    assertThat(thrown).isInstanceOf(GatherTimeoutException.class);
    assertThat(((GatherTimeoutException) thrown).completed()).isZero();
    t.assertNoThreadAlive();
  }

  @Test
  void any_callerInterrupted_throwsInterruptedException() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Tasks.Caller caller = Tasks.call(() -> Gather.with().any(t.blockingTasks(2, started)));
    await(started);
    caller.thread.interrupt();
    assertThat(caller.join()).isInstanceOf(InterruptedException.class);
    t.assertNoThreadAlive();
  }

  @Test
  void any_withLimit_laterTasksNeverStartAfterSuccess() throws Exception {
    Tasks t = new Tasks();
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add(t.value("first"));
    for (int i = 0; i < 50; i++) {
      tasks.add(t.value("later"));
    }
    assertThat(Gather.with().limit(1).any(tasks)).isEqualTo("first");
    assertThat(t.started.get()).isEqualTo(1);
  }

  @Test
  void any_nullResultIsASuccess() throws Exception {
    assertThat(Gather.with().any(List.<Callable<String>>of(() -> null))).isNull();
  }
}
