package io.github.gather4j;

import org.jspecify.annotations.Nullable;

/**
 * Combines the typed results of the 2 tasks of a {@code zip} ({@link Gather#zip}); unlike a {@code
 * java.util.function} interface it may throw checked exceptions.
 *
 * <p>Called once, on the caller's thread (for an async {@code zip}, on the gather's own thread),
 * after every task has succeeded and ended.
 *
 * @param <A> the result type of task 0
 * @param <B> the result type of task 1
 * @param <R> the combined result type
 * @since 0.2
 */
@FunctionalInterface
public interface Combiner2<
    A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> {
  /**
   * Combines the tasks' results.
   *
   * @param a the result of task 0
   * @param b the result of task 1
   * @return the combined result, possibly {@code null}
   * @throws Exception if they cannot be combined: an unchecked exception is thrown by the {@code
   *     zip} as it is, a checked one as the cause of a {@link GatherException}
   */
  R combine(A a, B b) throws Exception;
}
