package io.github.gather4j;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One task's end, as yielded by {@link Completions}: its position in the input and its outcome.
 * Immutable and thread-safe.
 *
 * @param index the task's position in the input, from 0
 * @param outcome how it ended
 * @param <T> the type of the task's result
 * @since 0.1
 */
public record Completed<T extends @Nullable Object>(int index, Outcome<T> outcome) {
  /**
   * Creates a completion.
   *
   * @throws NullPointerException if {@code outcome} is null
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public Completed {
    Objects.requireNonNull(outcome, "outcome");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
  }
}
