package io.github.gather4j;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Run many blocking tasks at once on virtual threads and gather their results: Python's {@code
 * asyncio.gather()} for Java, with the failure handling it lacks.
 *
 * {@snippet :
 * List<String> results = Gather.all(
 *     () -> fetch("API 1", Duration.ofSeconds(3)),
 *     () -> fetch("API 2", Duration.ofSeconds(1)),
 *     () -> fetch("API 3", Duration.ofSeconds(2)));   // about 3 s, not 6 s
 * // [Data from API 1, Data from API 2, Data from API 3]
 * }
 *
 * <p>The static verbs here use the defaults: one virtual thread per task, no limit, no deadline.
 * {@link #with()} returns a {@link Gathering} to set a limit, a timeout, a name, a progress
 * listener, a thread factory, task decorators or a per-task timeout; it has the same verbs plus
 * {@code mapSettled}, {@code any} and {@code asCompleted}.
 *
 * <h2>Ordering</h2>
 *
 * Results and outcomes come back in input order, whatever order the tasks finish in. A task may
 * return {@code null}, and the list holds it. Returned lists are unmodifiable.
 *
 * <h2>Failure</h2>
 *
 * {@link #all}, {@link #run} and {@link #map} fail fast: the first task to fail has every other
 * unfinished task cancelled at once, and the call, after those tasks have ended, throws {@link
 * TaskFailedException}. Its {@link TaskFailedException#index() index()} is the failed task's
 * position and its cause the task's own exception, unwrapped. Failures of other tasks that were not
 * caused by the cancellation are attached as suppressed exceptions: no error is lost. An {@link
 * Error} thrown by a task is a failure like any other. {@link #settled} never throws for a task: it
 * returns one {@link Outcome} per task, so a failed slot is never a {@code null}.
 *
 * <h2>Cancellation</h2>
 *
 * Cancelling a task interrupts its thread; tasks waiting for a slot under a limit never start. A
 * task that was cancelled and then ends with {@link InterruptedException}, {@link
 * java.io.InterruptedIOException}, {@link java.nio.channels.ClosedByInterruptException} or {@link
 * java.util.concurrent.CancellationException} (or one as its cause) ended <em>because</em> of the
 * cancellation: it is reported as {@link Outcome.Cancelled}, not as a failure.
 *
 * <p>Every call is structured: when it returns or throws, every thread it started has ended. If the
 * calling thread is interrupted while waiting, all tasks are cancelled and awaited, then {@link
 * InterruptedException} is thrown; an interrupt is never swallowed. A task that itself gathers is
 * cancelled with its whole subtree. A task that ignores interruption holds the call until it ends;
 * after a grace period (5 s, or the system property {@code gather4j.stuckTaskGrace} as an ISO-8601
 * duration, read once when gather4j is first used) the stuck task's index and stack trace are
 * logged through {@link System.Logger} (logger {@code io.github.gather4j}).
 *
 * <h2>Deadlines</h2>
 *
 * With {@link Gathering#timeout} or {@link Gathering#deadline}, unfinished tasks are cancelled and
 * awaited when the deadline passes; fail-fast verbs then throw {@link GatherTimeoutException} (how
 * many of how many completed), settled verbs return with {@link Outcome.Cancelled} slots.
 *
 * <h2>Limits</h2>
 *
 * With {@link Gathering#limit}, at most that many tasks run at once; the others start in input
 * order as slots free up. Use it for big batches and rate-limited services.
 *
 * <h2>Typed calls, async, and futures that already run</h2>
 *
 * {@link #zip(Callable, Callable, Combiner2) zip} runs 2 to 5 tasks of different types like {@code
 * all} and combines their results on the calling thread. {@link #async()} gives the same verbs
 * without blocking: each returns a {@link GatherFuture} that completes with what the blocking verb
 * returns or throws, and whose cancellation cancels the tasks. {@link #await} gathers {@link
 * java.util.concurrent.Future}s that already run (fail fast cancels the others with {@code
 * cancel(true)}), without a thread per {@code CompletableFuture}. {@link Gathering#taskTimeout}
 * bounds each task's own time.
 *
 * <h2>Bad input</h2>
 *
 * A null collection, task or item, a limit below 1, a timeout that is not positive: a clear
 * exception naming the argument or the index, thrown before any task starts. An empty input returns
 * an empty list at once.
 *
 * <h2>Memory consistency</h2>
 *
 * Actions in the calling thread before a call happen-before the tasks run; actions of every task
 * happen-before the call returns or throws.
 *
 * <p>Thread-safe: every method may be called from any thread, and nested calls are fine.
 *
 * @since 0.1
 */
public final class Gather {
  private Gather() {}

  /**
   * Runs every task concurrently and returns their results in input order; fails fast.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the results in input order, unmodifiable, possibly containing {@code null}
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never stored or exposed
  public static <T extends @Nullable Object> List<T> all(Callable<? extends T>... tasks)
      throws InterruptedException {
    return Gathering.DEFAULTS.all(tasks);
  }

  /**
   * Runs every task concurrently and returns their results in input order; fails fast.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the results in input order, unmodifiable, possibly containing {@code null}
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   */
  public static <T extends @Nullable Object> List<T> all(
      Collection<? extends Callable<? extends T>> tasks) throws InterruptedException {
    return Gathering.DEFAULTS.all(tasks);
  }

  /**
   * Runs every task concurrently and returns one {@link Outcome} per task in input order, like
   * Python's {@code return_exceptions=True}; never throws for a task's failure.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return one outcome per task, in input order, unmodifiable
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never stored or exposed
  public static <T extends @Nullable Object> List<Outcome<T>> settled(
      Callable<? extends T>... tasks) throws InterruptedException {
    return Gathering.DEFAULTS.settled(tasks);
  }

  /**
   * Runs every task concurrently and returns one {@link Outcome} per task in input order, like
   * Python's {@code return_exceptions=True}; never throws for a task's failure.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return one outcome per task, in input order, unmodifiable
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   */
  public static <T extends @Nullable Object> List<Outcome<T>> settled(
      Collection<? extends Callable<? extends T>> tasks) throws InterruptedException {
    return Gathering.DEFAULTS.settled(tasks);
  }

  /**
   * Runs every action concurrently and returns when all succeeded; fails fast.
   *
   * @param actions the actions
   * @throws NullPointerException if {@code actions} or an action is null (nothing is started)
   * @throws TaskFailedException if an action failed; the others were cancelled and have ended
   * @throws InterruptedException if the calling thread was interrupted; the actions were cancelled
   *     and have ended
   */
  public static void run(Action... actions) throws InterruptedException {
    Gathering.DEFAULTS.run(actions);
  }

  /**
   * Runs every action concurrently and returns when all succeeded; fails fast.
   *
   * @param actions the actions
   * @throws NullPointerException if {@code actions} or an action is null (nothing is started)
   * @throws TaskFailedException if an action failed; the others were cancelled and have ended
   * @throws InterruptedException if the calling thread was interrupted; the actions were cancelled
   *     and have ended
   */
  public static void run(Collection<? extends Action> actions) throws InterruptedException {
    Gathering.DEFAULTS.run(actions);
  }

  /**
   * Applies {@code fn} to every item concurrently and returns the results in item order; fails
   * fast. For big batches set a limit: {@code Gather.with().limit(64).map(items, fn)}.
   *
   * @param items the items
   * @param fn the function to apply
   * @param <T> the item type
   * @param <R> the result type
   * @return the results in item order, unmodifiable, possibly containing {@code null}
   * @throws NullPointerException if {@code items}, an item or {@code fn} is null (nothing is
   *     started)
   * @throws TaskFailedException if {@code fn} failed for an item (the index is the item's); the
   *     others were cancelled and have ended
   * @throws InterruptedException if the calling thread was interrupted; the work was cancelled and
   *     has ended
   */
  public static <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
      Collection<? extends T> items, Mapper<? super T, ? extends R> fn)
      throws InterruptedException {
    return Gathering.DEFAULTS.map(items, fn);
  }

  /**
   * Runs two tasks of different types concurrently, fail-fast, and combines their results on the
   * calling thread. See {@link Gathering#zip(Callable, Callable, Combiner2)}.
   *
   * @param a task 0
   * @param b task 1
   * @param combiner combines their results
   * @param <A> the result type of task 0
   * @param <B> the result type of task 1
   * @param <R> the combined type
   * @return what {@code combiner} returned
   * @throws TaskFailedException if a task failed; the other was cancelled and has ended
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   * @since 0.2
   */
  public static <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      R zip(
          Callable<? extends A> a,
          Callable<? extends B> b,
          Combiner2<? super A, ? super B, ? extends R> combiner)
          throws InterruptedException {
    return Gathering.DEFAULTS.zip(a, b, combiner);
  }

  /**
   * Runs three tasks of different types concurrently, fail-fast, and combines their results. See
   * {@link Gathering#zip(Callable, Callable, Callable, Combiner3)}.
   *
   * @param a task 0
   * @param b task 1
   * @param c task 2
   * @param combiner combines their results
   * @param <A> the result type of task 0
   * @param <B> the result type of task 1
   * @param <C> the result type of task 2
   * @param <R> the combined type
   * @return what {@code combiner} returned
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   * @since 0.2
   */
  public static <
          A extends @Nullable Object,
          B extends @Nullable Object,
          C extends @Nullable Object,
          R extends @Nullable Object>
      R zip(
          Callable<? extends A> a,
          Callable<? extends B> b,
          Callable<? extends C> c,
          Combiner3<? super A, ? super B, ? super C, ? extends R> combiner)
          throws InterruptedException {
    return Gathering.DEFAULTS.zip(a, b, c, combiner);
  }

  /**
   * Runs four tasks of different types concurrently, fail-fast, and combines their results. See
   * {@link Gathering#zip(Callable, Callable, Callable, Callable, Combiner4)}.
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
   * @return what {@code combiner} returned
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   * @since 0.2
   */
  public static <
          A extends @Nullable Object,
          B extends @Nullable Object,
          C extends @Nullable Object,
          D extends @Nullable Object,
          R extends @Nullable Object>
      R zip(
          Callable<? extends A> a,
          Callable<? extends B> b,
          Callable<? extends C> c,
          Callable<? extends D> d,
          Combiner4<? super A, ? super B, ? super C, ? super D, ? extends R> combiner)
          throws InterruptedException {
    return Gathering.DEFAULTS.zip(a, b, c, d, combiner);
  }

  /**
   * Runs five tasks of different types concurrently, fail-fast, and combines their results. See
   * {@link Gathering#zip(Callable, Callable, Callable, Callable, Callable, Combiner5)}.
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
   * @return what {@code combiner} returned
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   * @since 0.2
   */
  public static <
          A extends @Nullable Object,
          B extends @Nullable Object,
          C extends @Nullable Object,
          D extends @Nullable Object,
          E extends @Nullable Object,
          R extends @Nullable Object>
      R zip(
          Callable<? extends A> a,
          Callable<? extends B> b,
          Callable<? extends C> c,
          Callable<? extends D> d,
          Callable<? extends E> e,
          Combiner5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> combiner)
          throws InterruptedException {
    return Gathering.DEFAULTS.zip(a, b, c, d, e, combiner);
  }

  /**
   * Waits for futures that already run and returns their values in input order; fails fast,
   * cancelling the others. See {@link Gathering#await}.
   *
   * @param futures the futures
   * @param <T> the result type
   * @return their values in input order, unmodifiable
   * @throws TaskFailedException if a future failed; the others were cancelled
   * @throws InterruptedException if the calling thread was interrupted; the futures were cancelled
   * @since 0.2
   */
  public static <T extends @Nullable Object> List<T> await(
      Collection<? extends Future<? extends T>> futures) throws InterruptedException {
    return Gathering.DEFAULTS.await(futures);
  }

  /**
   * Waits for futures that already run and returns one {@link Outcome} per future in input order.
   * See {@link Gathering#awaitSettled}.
   *
   * @param futures the futures
   * @param <T> the result type
   * @return one outcome per future, in input order, unmodifiable
   * @throws InterruptedException if the calling thread was interrupted; the futures were cancelled
   * @since 0.2
   */
  public static <T extends @Nullable Object> List<Outcome<T>> awaitSettled(
      Collection<? extends Future<? extends T>> futures) throws InterruptedException {
    return Gathering.DEFAULTS.awaitSettled(futures);
  }

  /**
   * Returns the non-blocking face with the default options: {@code Gather.with().async()}.
   *
   * @return the default async gathering
   * @since 0.2
   */
  public static AsyncGathering async() {
    return Gathering.DEFAULTS.async();
  }

  /**
   * Opens a structured {@link Scope} for tasks of different result types.
   *
   * @return a new scope owned by the calling thread
   */
  public static Scope scope() {
    return Gathering.DEFAULTS.scope();
  }

  /**
   * Returns the default options, to be changed: {@code Gather.with().limit(8).timeout(...)}.
   *
   * @return the default gathering (immutable)
   */
  public static Gathering with() {
    return Gathering.DEFAULTS;
  }
}
