package io.github.gather4j.bench;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * One way a Java user would run a list of tasks concurrently and gather the results in order. Each
 * implementation is written the way that library's documentation shows it, on virtual threads where
 * the library lets us choose.
 */
interface Contender {
  String name();

  /** Runs every task at once; results in input order; the first failure is thrown. */
  <T> List<T> all(List<Callable<T>> tasks) throws Exception;

  /**
   * Runs the tasks at most {@code limit} at a time; results in input order. By default, for the
   * libraries without a limit of their own, a semaphore inside each task, as a user would add.
   */
  default <T> List<T> limited(List<Callable<T>> tasks, int limit) throws Exception {
    Semaphore permits = new Semaphore(limit);
    return all(tasks.stream().map(task -> Contenders.throttled(task, permits)).toList());
  }

  /** Whether {@link #limited} uses the library's own limit (false: a semaphore added by hand). */
  default boolean nativeLimit() {
    return false;
  }

  /** Applies {@code fn} to every item, at most {@code limit} at a time; results in item order. */
  default <T, R> List<R> map(List<T> items, Function<T, R> fn, int limit) throws Exception {
    return limited(items.stream().<Callable<R>>map(item -> () -> fn.apply(item)).toList(), limit);
  }
}
