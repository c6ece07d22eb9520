package io.github.gather4j;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A task forked in a {@link Scope}. Its value is available with {@link #get()} once the scope has
 * been successfully joined.
 *
 * <p>Thread-safe: {@link #state()} and {@link #index()} may be read from any thread.
 *
 * <p>Made by gather4j only ({@link Scope#fork}); not meant to be implemented elsewhere: methods may
 * be added to it.
 *
 * @param <T> the type of the task's result
 * @since 0.1
 */
public interface Subtask<T extends @Nullable Object> extends Supplier<T> {

  /**
   * Returns the task's value.
   *
   * @return the value the task returned, possibly {@code null}
   * @throws IllegalStateException if the scope was not joined successfully (the cause is the task's
   *     own exception when it failed)
   */
  @Override
  T get();

  /**
   * Returns what the task is doing now.
   *
   * @return the task's state
   */
  State state();

  /**
   * Returns the task's position among the forks of its scope, from 0.
   *
   * @return the fork order index
   */
  int index();

  /**
   * The states of a subtask.
   *
   * @since 0.1
   */
  enum State {
    /** Running, or waiting for a slot under a {@link Gathering#limit}. */
    RUNNING,
    /** Returned a value. */
    SUCCESS,
    /** Threw an exception (other than because it was cancelled). */
    FAILED,
    /** Cancelled, or never started, because of a failure, a deadline or the scope's close. */
    CANCELLED
  }
}
