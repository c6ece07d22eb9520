package io.github.gather4j;

import io.github.gather4j.internal.GatherRun;
import io.github.gather4j.internal.GatherRun.Policy;
import io.github.gather4j.internal.Inputs;
import io.github.gather4j.internal.Options;
import io.github.gather4j.internal.Verdict;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The non-blocking face of a {@link Gathering}, with the same options: every verb returns a {@link
 * GatherFuture} at once, and the gather waits on a virtual thread of its own. Obtain one with
 * {@link Gathering#async()} or {@link Gather#async()}:
 *
 * {@snippet :
 * GatherFuture<List<Price>> prices = Gather.with().timeout(Duration.ofSeconds(2)).async()
 *     .map(shops, shop -> shop.price(item));
 * prices.thenAccept(list -> show(list));           // no thread of the caller waits
 * }
 *
 * <p>The future completes with what the blocking verb of the same name returns, or exceptionally
 * with what it throws, once every task has ended; cancelling or completing it from outside cancels
 * the tasks (see {@link GatherFuture}). Bad input throws from the call itself, and nothing starts.
 * The caller's thread is never blocked, and its interrupt status plays no part. Decorators run on
 * the caller's thread, in the call, as for the blocking verbs; a progress listener is called from
 * the gather's own thread.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class AsyncGathering {
  private final Options options;

  AsyncGathering(Options options) {
    this.options = options;
  }

  /**
   * Runs every task concurrently; the future completes with their results in input order, or fails
   * fast like {@link Gathering#all(Callable[])}.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the gather's future
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never stored or exposed
  public final <T extends @Nullable Object> GatherFuture<List<T>> all(
      Callable<? extends T>... tasks) {
    return results(Inputs.ofTaskArray(Policy.ALL, options, tasks));
  }

  /**
   * Runs every task concurrently; the future completes with their results in input order, or fails
   * fast like {@link Gathering#all(Collection)}.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the gather's future
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   */
  public <T extends @Nullable Object> GatherFuture<List<T>> all(
      Collection<? extends Callable<? extends T>> tasks) {
    return results(Inputs.ofTasks(Policy.ALL, options, tasks));
  }

  /**
   * Runs every task concurrently; the future completes with one {@link Outcome} per task in input
   * order, like {@link Gathering#settled(Callable[])}.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the gather's future
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never stored or exposed
  public final <T extends @Nullable Object> GatherFuture<List<Outcome<T>>> settled(
      Callable<? extends T>... tasks) {
    return outcomes(Inputs.ofTaskArray(Policy.SETTLED, options, tasks));
  }

  /**
   * Runs every task concurrently; the future completes with one {@link Outcome} per task in input
   * order, like {@link Gathering#settled(Collection)}.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the gather's future
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   */
  public <T extends @Nullable Object> GatherFuture<List<Outcome<T>>> settled(
      Collection<? extends Callable<? extends T>> tasks) {
    return outcomes(Inputs.ofTasks(Policy.SETTLED, options, tasks));
  }

  /**
   * Runs every action concurrently; the future completes (with {@code null}) when all succeeded, or
   * fails fast like {@link Gathering#run(Action...)}.
   *
   * @param actions the actions
   * @return the gather's future
   * @throws NullPointerException if {@code actions} or an action is null (nothing is started)
   */
  public GatherFuture<@Nullable Void> run(Action... actions) {
    Objects.requireNonNull(actions, "actions must not be null");
    return run(Arrays.asList(actions));
  }

  /**
   * Runs every action concurrently; the future completes (with {@code null}) when all succeeded, or
   * fails fast like {@link Gathering#run(Collection)}.
   *
   * @param actions the actions
   * @return the gather's future
   * @throws NullPointerException if {@code actions} or an action is null (nothing is started)
   */
  public GatherFuture<@Nullable Void> run(Collection<? extends Action> actions) {
    return GatherFuture.start(
        Inputs.ofActions(options, actions),
        run -> {
          Verdict.all(run);
          return null;
        });
  }

  /**
   * Applies {@code fn} to every item concurrently; the future completes with the results in item
   * order, or fails fast like {@link Gathering#map}.
   *
   * @param items the items
   * @param fn the function to apply
   * @param <T> the item type
   * @param <R> the result type
   * @return the gather's future
   * @throws NullPointerException if {@code items}, an item or {@code fn} is null (nothing is
   *     started)
   */
  public <T extends @Nullable Object, R extends @Nullable Object> GatherFuture<List<R>> map(
      Collection<? extends T> items, Mapper<? super T, ? extends R> fn) {
    return results(Inputs.ofItems(Policy.ALL, options, items, fn));
  }

  /**
   * Applies {@code fn} to every item concurrently; the future completes with one {@link Outcome}
   * per item in item order, like {@link Gathering#mapSettled}.
   *
   * @param items the items
   * @param fn the function to apply
   * @param <T> the item type
   * @param <R> the result type
   * @return the gather's future
   * @throws NullPointerException if {@code items}, an item or {@code fn} is null (nothing is
   *     started)
   */
  public <T extends @Nullable Object, R extends @Nullable Object>
      GatherFuture<List<Outcome<R>>> mapSettled(
          Collection<? extends T> items, Mapper<? super T, ? extends R> fn) {
    return outcomes(Inputs.ofItems(Policy.SETTLED, options, items, fn));
  }

  /**
   * Runs the tasks concurrently; the future completes with the first successful result, the others
   * cancelled and ended, like {@link Gathering#any}.
   *
   * @param tasks the tasks, at least one
   * @param <T> the result type
   * @return the gather's future
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws IllegalArgumentException if {@code tasks} is empty
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // T itself may be nullable: a task may return null
  public <T extends @Nullable Object> GatherFuture<T> any(
      Collection<? extends Callable<? extends T>> tasks) {
    GatherRun run = Inputs.ofTasks(Policy.ANY, options, tasks);
    if (run.size() == 0) {
      throw new IllegalArgumentException("any() needs at least one task, got none");
    }
    return GatherFuture.start(run, finished -> (T) Verdict.any(finished));
  }

  /**
   * Runs two tasks like {@link #all(Callable[])}; the future completes with {@code combiner}'s
   * result, like {@link Gathering#zip(Callable, Callable, Combiner2)}. The combiner runs on the
   * gather's own thread.
   *
   * @param a task 0
   * @param b task 1
   * @param combiner combines their results
   * @param <A> the result type of task 0
   * @param <B> the result type of task 1
   * @param <R> the combined type
   * @return the gather's future
   * @throws NullPointerException if a task or {@code combiner} is null (nothing is started)
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // the results are the tasks', by index
  public <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      GatherFuture<R> zip(
          Callable<? extends A> a,
          Callable<? extends B> b,
          Combiner2<? super A, ? super B, ? extends R> combiner) {
    Objects.requireNonNull(combiner, "combiner must not be null");
    return zipped(r -> combiner.combine((A) r.get(0), (B) r.get(1)), a, b);
  }

  /**
   * Runs three tasks like {@link #all(Callable[])}; the future completes with {@code combiner}'s
   * result, like {@link Gathering#zip(Callable, Callable, Callable, Combiner3)}.
   *
   * @param a task 0
   * @param b task 1
   * @param c task 2
   * @param combiner combines their results
   * @param <A> the result type of task 0
   * @param <B> the result type of task 1
   * @param <C> the result type of task 2
   * @param <R> the combined type
   * @return the gather's future
   * @throws NullPointerException if a task or {@code combiner} is null (nothing is started)
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // the results are the tasks', by index
  public <
          A extends @Nullable Object,
          B extends @Nullable Object,
          C extends @Nullable Object,
          R extends @Nullable Object>
      GatherFuture<R> zip(
          Callable<? extends A> a,
          Callable<? extends B> b,
          Callable<? extends C> c,
          Combiner3<? super A, ? super B, ? super C, ? extends R> combiner) {
    Objects.requireNonNull(combiner, "combiner must not be null");
    return zipped(r -> combiner.combine((A) r.get(0), (B) r.get(1), (C) r.get(2)), a, b, c);
  }

  /**
   * Runs four tasks like {@link #all(Callable[])}; the future completes with {@code combiner}'s
   * result, like {@link Gathering#zip(Callable, Callable, Callable, Callable, Combiner4)}.
   *
   * @param a task 0
   * @param b task 1
   * @param c task 2
   * @param d task 3
   * @param combiner combines their results
   * @param <A> the result type of task 0
   * @param <B> the result type of task 1
   * @param <C> the result type of task 2
   * @param <D> the result type of task 3
   * @param <R> the combined type
   * @return the gather's future
   * @throws NullPointerException if a task or {@code combiner} is null (nothing is started)
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // the results are the tasks', by index
  public <
          A extends @Nullable Object,
          B extends @Nullable Object,
          C extends @Nullable Object,
          D extends @Nullable Object,
          R extends @Nullable Object>
      GatherFuture<R> zip(
          Callable<? extends A> a,
          Callable<? extends B> b,
          Callable<? extends C> c,
          Callable<? extends D> d,
          Combiner4<? super A, ? super B, ? super C, ? super D, ? extends R> combiner) {
    Objects.requireNonNull(combiner, "combiner must not be null");
    return zipped(
        r -> combiner.combine((A) r.get(0), (B) r.get(1), (C) r.get(2), (D) r.get(3)), a, b, c, d);
  }

  /**
   * Runs five tasks like {@link #all(Callable[])}; the future completes with {@code combiner}'s
   * result, like {@link Gathering#zip(Callable, Callable, Callable, Callable, Callable,
   * Combiner5)}.
   *
   * @param a task 0
   * @param b task 1
   * @param c task 2
   * @param d task 3
   * @param e task 4
   * @param combiner combines their results
   * @param <A> the result type of task 0
   * @param <B> the result type of task 1
   * @param <C> the result type of task 2
   * @param <D> the result type of task 3
   * @param <E> the result type of task 4
   * @param <R> the combined type
   * @return the gather's future
   * @throws NullPointerException if a task or {@code combiner} is null (nothing is started)
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // the results are the tasks', by index
  public <
          A extends @Nullable Object,
          B extends @Nullable Object,
          C extends @Nullable Object,
          D extends @Nullable Object,
          E extends @Nullable Object,
          R extends @Nullable Object>
      GatherFuture<R> zip(
          Callable<? extends A> a,
          Callable<? extends B> b,
          Callable<? extends C> c,
          Callable<? extends D> d,
          Callable<? extends E> e,
          Combiner5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> combiner) {
    Objects.requireNonNull(combiner, "combiner must not be null");
    return zipped(
        r -> combiner.combine((A) r.get(0), (B) r.get(1), (C) r.get(2), (D) r.get(3), (E) r.get(4)),
        a,
        b,
        c,
        d,
        e);
  }

  private <R extends @Nullable Object> GatherFuture<R> zipped(
      Verdict.Combination<R> combination, Callable<?>... tasks) {
    return GatherFuture.start(
        Inputs.ofTaskArray(Policy.ALL, options, tasks),
        run -> Verdict.combine(Verdict.all(run), combination));
  }

  @SuppressWarnings("unchecked")
  private static <T extends @Nullable Object> GatherFuture<List<T>> results(GatherRun run) {
    return GatherFuture.start(run, finished -> (List<T>) Verdict.all(finished));
  }

  @SuppressWarnings("unchecked")
  private static <T extends @Nullable Object> GatherFuture<List<Outcome<T>>> outcomes(
      GatherRun run) {
    return GatherFuture.start(
        run, finished -> (List<Outcome<T>>) (List<?>) Verdict.settled(finished));
  }

  @Override
  public String toString() {
    return "Async" + Gathering.describe(options);
  }
}
