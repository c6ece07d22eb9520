package io.github.gather4j;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one task ended: {@link Success} with its value, {@link Failure} with its exception, or {@link
 * Cancelled} when it did not finish (a deadline passed, a sibling failed, or the caller was
 * interrupted).
 *
 * <p>Returned by the settled verbs ({@link Gather#settled}, {@link Gathering#mapSettled}) and by
 * {@link Gathering#asCompleted}, one per task, so a failed slot never hides behind {@code null}.
 * Match on it with a {@code switch}:
 *
 * {@snippet :
 * for (Outcome<String> outcome : Gather.settled(tasks)) {
 *   switch (outcome) {
 *     case Outcome.Success<String> s -> System.out.println("got " + s.value());
 *     case Outcome.Failure<String> f -> System.out.println("failed: " + f.exception());
 *     case Outcome.Cancelled<String> c -> System.out.println("did not finish");
 *   }
 * }
 * }
 *
 * <p>Outcomes are immutable and thread-safe.
 *
 * @param <T> the type of the task's result
 * @since 0.1
 */
public sealed interface Outcome<T extends @Nullable Object>
    permits Outcome.Success, Outcome.Failure, Outcome.Cancelled {

  /**
   * The task returned a value, possibly {@code null}.
   *
   * @param value the task's result
   * @param <T> the type of the task's result
   * @since 0.1
   */
  record Success<T extends @Nullable Object>(T value) implements Outcome<T> {}

  /**
   * The task threw: {@code exception} is the task's own throwable, not wrapped.
   *
   * @param exception what the task threw
   * @param <T> the type the task would have returned
   * @since 0.1
   */
  record Failure<T extends @Nullable Object>(Throwable exception) implements Outcome<T> {
    /**
     * Creates a failure.
     *
     * @throws NullPointerException if {@code exception} is null
     */
    public Failure {
      Objects.requireNonNull(exception, "exception");
    }
  }

  /**
   * The task did not finish: it was cancelled, or never started, because of a deadline, a failure
   * of a sibling, or an interrupt of the caller.
   *
   * @param <T> the type the task would have returned
   * @since 0.1
   */
  record Cancelled<T extends @Nullable Object>() implements Outcome<T> {}

  /**
   * Returns whether this is a {@link Success}.
   *
   * @return {@code true} for a success
   */
  default boolean isSuccess() {
    return this instanceof Success;
  }
}
