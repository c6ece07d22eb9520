package io.github.gather4j.examples;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.github.gather4j.Gather;
import io.github.gather4j.Gathering;
import io.github.gather4j.TaskDecorator;
import io.github.gather4j.TaskFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Retrying with Failsafe, the way to retry with gather4j: a retry policy as a {@link
 * TaskDecorator}, so every task is retried on its own thread, and a retried task still honours
 * cancellation — fail fast or a deadline interrupts it even in the middle of a backoff. gather4j's
 * core stays free of any retry library.
 */
public final class RetryExample {
  private RetryExample() {}

  /** What the example saw. */
  public record Result(List<String> prices, int attempts, Duration failFast) {}

  /**
   * Retries every task under {@code policy}; what it finally throws is the task's own exception,
   * not Failsafe's wrapper, so that gather4j reports it (and sees an interrupt as a cancellation).
   */
  public static TaskDecorator retrying(RetryPolicy<Object> policy) {
    return task ->
        () -> {
          try {
            return Failsafe.with(policy).get(task::call);
          } catch (FailsafeException e) {
            if (e.getCause() instanceof Exception cause) {
              throw cause;
            }
            throw e;
          }
        };
  }

  public static void main(String[] args) throws Exception {
    run(System.out, Duration.ofMillis(200), Duration.ofSeconds(30));
  }

  /**
   * Runs the example.
   *
   * @param delay the backoff between attempts of the flaky service
   * @param longDelay the backoff of the retries that fail fast cuts short
   */
  public static Result run(PrintStream out, Duration delay, Duration longDelay) throws Exception {
    // 1. A flaky price service: each shop fails twice, then answers. Retried, all succeed.
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy<Object> policy =
        RetryPolicy.builder()
            .handle(IOException.class)
            .withDelay(delay)
            .withMaxRetries(3)
            .onRetry(e -> attempts.incrementAndGet())
            .build();
    Gathering retried = Gather.with().name("prices").decorate(retrying(policy));
    long start = System.nanoTime();
    List<String> prices =
        retried.map(
            List.of("north", "south", "east"),
            shop -> {
              if (calls.computeIfAbsent(shop, s -> new AtomicInteger()).incrementAndGet() < 3) {
                throw new IOException(shop + " is busy");
              }
              return shop + ": 42";
            });
    out.printf(
        "Retried: %s after %d retries, in %d ms (backoff %d ms, the shops retried side by side).%n",
        prices, attempts.get(), Timing.since(start).toMillis(), delay.toMillis());

    // 2. Fail fast cuts a backoff short: one shop is down for good (not retried), another is in
    // a long backoff; the call ends at once, and the retrying task is interrupted mid-backoff.
    RetryPolicy<Object> slow =
        RetryPolicy.builder()
            .handle(IOException.class)
            .withDelay(longDelay)
            .withMaxRetries(5)
            .build();
    AtomicInteger backoffAttempts = new AtomicInteger();
    start = System.nanoTime();
    Duration failFast = Duration.ZERO;
    try {
      Gather.with()
          .decorate(retrying(slow))
          .all(
              () -> {
                backoffAttempts.incrementAndGet();
                throw new IOException("west is busy"); // retried after a long backoff
              },
              () -> {
                throw new IllegalStateException("east refused the request"); // not retried
              });
    } catch (TaskFailedException e) {
      failFast = Timing.since(start);
      out.printf(
          "Fail fast: task %d failed (%s) after %d ms; the task waiting out a %d s backoff was"
              + " interrupted after %d attempt(s).%n",
          e.index(),
          e.getCause().getMessage(),
          failFast.toMillis(),
          longDelay.toSeconds(),
          backoffAttempts.get());
    }
    return new Result(prices, attempts.get(), failFast);
  }
}
