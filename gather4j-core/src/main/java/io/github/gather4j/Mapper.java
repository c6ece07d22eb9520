package io.github.gather4j;

import org.jspecify.annotations.Nullable;

/**
 * A function applied to each item by {@link Gather#map}; unlike {@link java.util.function.Function}
 * it may throw checked exceptions.
 *
 * <p>It is called from many task threads at once, so it must be thread-safe.
 *
 * @param <T> the item type
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface Mapper<T extends @Nullable Object, R extends @Nullable Object> {
  /**
   * Computes the result for one item.
   *
   * @param item the item
   * @return the result, possibly {@code null}
   * @throws Exception if the item cannot be processed; the gather reports it
   */
  R apply(T item) throws Exception;
}
