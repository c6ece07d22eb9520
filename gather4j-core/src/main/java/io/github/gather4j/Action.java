package io.github.gather4j;

/**
 * A task run for its side effects by {@link Gather#run}; unlike {@link Runnable} it may throw
 * checked exceptions.
 *
 * <p>Each action runs on a thread of its own, concurrently with the others.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Action {
  /**
   * Runs the action.
   *
   * @throws Exception if the action fails; the gather reports it
   */
  void run() throws Exception;
}
