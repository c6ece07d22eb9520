package io.github.gather4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failsafe.RetryPolicy;
import io.github.gather4j.Gather;
import io.github.gather4j.GatherTimeoutException;
import io.github.gather4j.TaskFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Failsafe retries as a decorator: they retry, and cancellation still reaches a retried task. */
class RetryTest {
  /** A backoff no test waits out: ending before it proves the task was interrupted in it. */
  private static final Duration BACKOFF = Duration.ofMinutes(5);

  private static final RetryPolicy<Object> LONG_BACKOFF =
      RetryPolicy.builder().handle(IOException.class).withDelay(BACKOFF).withMaxRetries(3).build();

  @Test
  void example_retriesTheFlakyShops_andFailFastCutsTheBackoffShort() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RetryExample.Result result =
        RetryExample.run(
            new PrintStream(printed, true, StandardCharsets.UTF_8), Duration.ofMillis(10), BACKOFF);
    assertThat(result.prices()).containsExactly("north: 42", "south: 42", "east: 42");
    assertThat(result.attempts()).isEqualTo(6); // two retries per shop
    assertThat(result.failFast()).isLessThan(BACKOFF);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Fail fast: task 1 failed");
  }

  @Test
  void failFast_interruptsARetriedTaskInTheMiddleOfItsBackoff() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch firstAttempt = new CountDownLatch(1);
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.with()
                    .decorate(RetryExample.retrying(LONG_BACKOFF))
                    .all(
                        () -> {
                          attempts.incrementAndGet();
                          firstAttempt.countDown();
                          throw new IOException("busy"); // then a 5 min backoff
                        },
                        () -> {
                          firstAttempt.await(); // fail once the other is in its backoff
                          throw new IllegalStateException("refused");
                        }));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
    assertThat(thrown.getSuppressed()).as("the interrupted retry is no failure").isEmpty();
    assertThat(attempts.get()).isEqualTo(1); // the backoff was never waited out
  }

  @Test
  void deadline_interruptsARetriedTaskInTheMiddleOfItsBackoff() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.with()
                    .timeout(Duration.ofMillis(200))
                    .decorate(RetryExample.retrying(LONG_BACKOFF))
                    .all(
                        () -> {
                          attempts.incrementAndGet();
                          throw new IOException("busy");
                        }));
    assertThat(thrown).isInstanceOf(GatherTimeoutException.class);
    assertThat(attempts.get()).isEqualTo(1);
  }

  @Test
  void settled_aTaskThatFailsEveryRetry_isItsOwnFailureNotFailsafes() throws Exception {
    RetryPolicy<Object> quick =
        RetryPolicy.builder().handle(IOException.class).withDelay(Duration.ofMillis(1)).build();
    IOException down = new IOException("down");
    var outcomes =
        Gather.with()
            .decorate(RetryExample.retrying(quick))
            .settled(
                List.of(
                    () -> {
                      throw down;
                    }));
    assertThat(outcomes.get(0)).isEqualTo(new io.github.gather4j.Outcome.Failure<>(down));
  }
}
