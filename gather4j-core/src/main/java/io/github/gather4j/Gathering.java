package io.github.gather4j;

import io.github.gather4j.internal.CompletionStream;
import io.github.gather4j.internal.Engines;
import io.github.gather4j.internal.GatherRun;
import io.github.gather4j.internal.GatherRun.Policy;
import io.github.gather4j.internal.Inputs;
import io.github.gather4j.internal.Options;
import io.github.gather4j.internal.Verdict;
import io.github.gather4j.internal.WindowedStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Options for gathering — a limit, a deadline, a name, a progress listener, a thread factory, task
 * decorators — and the verbs that honour them. Obtain one with {@link Gather#with()}:
 *
 * {@snippet :
 * Gathering downloads = Gather.with().name("downloads").limit(8).timeout(Duration.ofMinutes(2));
 * List<Path> files = downloads.map(urls, url -> download(url));
 * }
 *
 * <p>Immutable and thread-safe: every option method returns a new {@code Gathering}, so one may be
 * kept in a static field and used by many threads at once. A timeout is measured from the start of
 * each call. The verbs behave as described on {@link Gather}.
 *
 * @since 0.1
 */
public final class Gathering {
  static final Gathering DEFAULTS = new Gathering(Options.DEFAULTS);

  static {
    Engines.install(Gathering::new); // how another engine's module makes a gathering
  }

  private final Options options;

  /** For tests that set internal options (a ticker, the stuck-task grace); users call with(). */
  Gathering(Options options) {
    this.options = options;
  }

  /** The options, for tests. */
  Options options() {
    return options;
  }

  // ------------------------------------------------------------------ options

  /**
   * Returns a gathering that runs at most {@code maxConcurrent} tasks at once; the others wait, in
   * input order, for a free slot. Once a fail-fast verb fails, waiting tasks never start.
   *
   * @param maxConcurrent the most tasks running at once, at least 1
   * @return a new gathering
   * @throws IllegalArgumentException if {@code maxConcurrent < 1}
   */
  public Gathering limit(int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException(
          "limit(maxConcurrent) must be at least 1, was " + maxConcurrent);
    }
    return new Gathering(options.withLimit(maxConcurrent));
  }

  /**
   * Returns a gathering whose calls each end within {@code timeout} of their start: tasks not
   * finished then are cancelled and awaited; fail-fast verbs throw {@link GatherTimeoutException},
   * settled verbs return with {@link Outcome.Cancelled} slots. Replaces any {@link #deadline}.
   *
   * @param timeout the time allowed, positive
   * @return a new gathering
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public Gathering timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new Gathering(options.withTimeout(timeout));
  }

  /**
   * Returns a gathering whose calls end by {@code deadline}, as {@link #timeout} does. A deadline
   * already past starts nothing. Replaces any timeout.
   *
   * @param deadline the instant by which calls end
   * @return a new gathering
   * @throws NullPointerException if {@code deadline} is null
   */
  public Gathering deadline(Instant deadline) {
    Objects.requireNonNull(deadline, "deadline must not be null");
    return new Gathering(options.withDeadline(deadline));
  }

  /**
   * Returns a gathering that cancels a task still running {@code perTask} after it started — its
   * own start, never the time it waited for a slot under a {@link #limit}. Such a task ends as a
   * failure whose exception is a {@link java.util.concurrent.TimeoutException} naming its index and
   * the duration (the way the task answered the cancellation is its cause): under a fail-fast verb
   * a {@link TaskFailedException} with that cause, under a settled one an {@link Outcome.Failure}.
   * A task that finishes anyway, ignoring the interrupt, ends as it really did. Independent of the
   * call's {@link #timeout}; both may be set.
   *
   * @param perTask the time each task may run, positive
   * @return a new gathering
   * @throws NullPointerException if {@code perTask} is null
   * @throws IllegalArgumentException if {@code perTask} is zero or negative
   * @since 0.2
   */
  public Gathering taskTimeout(Duration perTask) {
    Objects.requireNonNull(perTask, "taskTimeout must not be null");
    if (perTask.isZero() || perTask.isNegative()) {
      throw new IllegalArgumentException("taskTimeout must be positive, was " + perTask);
    }
    return new Gathering(options.withTaskTimeout(perTask));
  }

  /**
   * Returns a gathering that starts at most {@code permits} tasks in any window of {@code per} (for
   * a service that allows "10 requests a second"), on top of a {@link #limit}. Starts are paced
   * evenly, one every {@code per / permits}: no interval of length {@code per} holds more than
   * {@code permits} of them, and an idle spell earns no burst. A task waiting for the rate has not
   * started: a stop (a failure, the deadline, an interrupt) means it never does, and the deadline
   * counts the wait; its {@link #taskTimeout} counts from its real start. Applies to every verb but
   * {@code await}, whose futures already run.
   *
   * @param permits the most starts in a window, at least 1
   * @param per the window, positive
   * @return a new gathering
   * @throws NullPointerException if {@code per} is null
   * @throws IllegalArgumentException if {@code permits < 1} or {@code per} is not positive
   * @since 0.2
   */
  public Gathering rate(int permits, Duration per) {
    Objects.requireNonNull(per, "rate(permits, per): per must not be null");
    if (permits < 1) {
      throw new IllegalArgumentException(
          "rate(permits, per): permits must be at least 1, was " + permits);
    }
    if (per.isZero() || per.isNegative()) {
      throw new IllegalArgumentException("rate(permits, per): per must be positive, was " + per);
    }
    return new Gathering(options.withRate(permits, per));
  }

  /**
   * Returns a gathering that runs each task on a new thread from {@code factory} instead of a
   * virtual thread. Cancellation interrupts that thread.
   *
   * @param factory makes one thread per task
   * @return a new gathering
   * @throws NullPointerException if {@code factory} is null
   */
  public Gathering threadFactory(ThreadFactory factory) {
    Objects.requireNonNull(factory, "threadFactory must not be null");
    return new Gathering(options.withThreadFactory(factory));
  }

  /**
   * Returns a gathering that tells {@code listener} of progress after each task ends and once more
   * when the call ends; see {@link ProgressListener}.
   *
   * @param listener the listener
   * @return a new gathering
   * @throws NullPointerException if {@code listener} is null
   */
  public Gathering onProgress(ProgressListener listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    return new Gathering(options.withListener(listener));
  }

  /**
   * Returns a gathering with a name, used in exception messages, logs and the task threads' names
   * ({@code name-index}).
   *
   * @param name the name, not blank
   * @return a new gathering
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public Gathering name(String name) {
    Objects.requireNonNull(name, "name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new Gathering(options.withName(name));
  }

  /**
   * Returns a gathering that wraps every task with {@code decorator} on the caller's thread before
   * it starts, after the decorators added before it: {@code decorate(a).decorate(b)} runs {@code
   * b.decorate(a.decorate(task))}. See {@link TaskDecorator}.
   *
   * @param decorator the decorator
   * @return a new gathering
   * @throws NullPointerException if {@code decorator} is null
   */
  public Gathering decorate(TaskDecorator decorator) {
    Objects.requireNonNull(decorator, "decorator must not be null");
    return new Gathering(options.withDecorator(decorator));
  }

  // ------------------------------------------------------------------ verbs

  /**
   * Runs every task concurrently and returns their results in input order; fails fast. See {@link
   * Gather#all(Callable[])}.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the results in input order, unmodifiable, possibly containing {@code null}
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never stored or exposed
  public final <T extends @Nullable Object> List<T> all(Callable<? extends T>... tasks)
      throws InterruptedException {
    return results(Inputs.ofTaskArray(Policy.ALL, options, tasks));
  }

  /**
   * Runs every task concurrently and returns their results in input order; fails fast. See {@link
   * Gather#all(Collection)}.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the results in input order, unmodifiable, possibly containing {@code null}
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   */
  public <T extends @Nullable Object> List<T> all(Collection<? extends Callable<? extends T>> tasks)
      throws InterruptedException {
    return results(Inputs.ofTasks(Policy.ALL, options, tasks));
  }

  /**
   * Runs every task concurrently and returns one {@link Outcome} per task in input order; never
   * throws for a task's failure. See {@link Gather#settled(Callable[])}.
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
  public final <T extends @Nullable Object> List<Outcome<T>> settled(Callable<? extends T>... tasks)
      throws InterruptedException {
    return outcomes(Inputs.ofTaskArray(Policy.SETTLED, options, tasks));
  }

  /**
   * Runs every task concurrently and returns one {@link Outcome} per task in input order; never
   * throws for a task's failure. See {@link Gather#settled(Collection)}.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return one outcome per task, in input order, unmodifiable
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   */
  public <T extends @Nullable Object> List<Outcome<T>> settled(
      Collection<? extends Callable<? extends T>> tasks) throws InterruptedException {
    return outcomes(Inputs.ofTasks(Policy.SETTLED, options, tasks));
  }

  /**
   * Runs every action concurrently and returns when all succeeded; fails fast.
   *
   * @param actions the actions
   * @throws NullPointerException if {@code actions} or an action is null (nothing is started)
   * @throws TaskFailedException if an action failed; the others were cancelled and have ended
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the calling thread was interrupted; the actions were cancelled
   *     and have ended
   */
  public void run(Action... actions) throws InterruptedException {
    Objects.requireNonNull(actions, "actions must not be null");
    run(Arrays.asList(actions)); // checked there, once
  }

  /**
   * Runs every action concurrently and returns when all succeeded; fails fast.
   *
   * @param actions the actions
   * @throws NullPointerException if {@code actions} or an action is null (nothing is started)
   * @throws TaskFailedException if an action failed; the others were cancelled and have ended
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the calling thread was interrupted; the actions were cancelled
   *     and have ended
   */
  public void run(Collection<? extends Action> actions) throws InterruptedException {
    Verdict.all(Inputs.ofActions(options, actions).startThen());
  }

  /**
   * Applies {@code fn} to every item concurrently and returns the results in item order; fails
   * fast. With a {@link #limit}, at most that many items are processed at once.
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
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the calling thread was interrupted; the work was cancelled and
   *     has ended
   */
  public <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
      Collection<? extends T> items, Mapper<? super T, ? extends R> fn)
      throws InterruptedException {
    return results(Inputs.ofItems(Policy.ALL, options, items, fn));
  }

  /**
   * Applies {@code fn} to every item concurrently and returns one {@link Outcome} per item in item
   * order; never throws for a failure of {@code fn}.
   *
   * @param items the items
   * @param fn the function to apply
   * @param <T> the item type
   * @param <R> the result type
   * @return one outcome per item, in item order, unmodifiable
   * @throws NullPointerException if {@code items}, an item or {@code fn} is null (nothing is
   *     started)
   * @throws InterruptedException if the calling thread was interrupted; the work was cancelled and
   *     has ended
   */
  public <T extends @Nullable Object, R extends @Nullable Object> List<Outcome<R>> mapSettled(
      Collection<? extends T> items, Mapper<? super T, ? extends R> fn)
      throws InterruptedException {
    return outcomes(Inputs.ofItems(Policy.SETTLED, options, items, fn));
  }

  /**
   * Runs the tasks concurrently and returns the first successful result; the others are then
   * cancelled and have ended when it returns.
   *
   * @param tasks the tasks, at least one
   * @param <T> the result type
   * @return the first successful result, possibly {@code null}
   * @throws NullPointerException if {@code tasks} or a task is null (nothing is started)
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws TaskFailedException if every task failed: the cause is the first failure, the others
   *     are suppressed
   * @throws GatherTimeoutException if the deadline passed before any task succeeded
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // T itself may be nullable: a task may return null
  public <T extends @Nullable Object> T any(Collection<? extends Callable<? extends T>> tasks)
      throws InterruptedException {
    GatherRun run = Inputs.ofTasks(Policy.ANY, options, tasks);
    if (run.size() == 0) {
      throw new IllegalArgumentException("any() needs at least one task, got none");
    }
    return (T) Verdict.any(run.startThen());
  }

  /**
   * Starts the tasks (all now, or as slots free under a limit) and returns them as they complete,
   * in completion order; see {@link Completions}. With a limit, memory stays bounded by the limit
   * plus what is not yet consumed.
   *
   * <p>With a limit and no decorator, a collection that is not a {@link java.util.List} is read
   * through its iterator one task at a time, as slots free, so a collection that makes its tasks on
   * demand (for a million items, say) is never held whole; its {@code size()} must be right. A task
   * it gives as null, or a missing one, then fails on its own (a {@link Outcome.Failure} naming its
   * index) instead of failing the call up front. Tasks a stop leaves unstarted are never taken from
   * it, and are yielded as cancelled.
   *
   * @param tasks the tasks
   * @param <T> the result type
   * @return the completions, to be closed
   * @throws NullPointerException if {@code tasks} is null, or a task of a list or of a collection
   *     read up front is null (nothing is started)
   * @throws InterruptedException if the calling thread is already interrupted (nothing is started)
   */
  public <T extends @Nullable Object> Completions<T> asCompleted(
      Collection<? extends Callable<? extends T>> tasks) throws InterruptedException {
    return new CompletionStream<>(Inputs.ofTasks(Policy.STREAM, options, tasks).startThen());
  }

  /**
   * Maps a stream of any length, lazily and concurrently, keeping input order: {@code fn} runs on
   * each item as a task, and the returned stream yields the results in the input's order. Nothing
   * is read nor started before the returned stream is consumed; then the consuming thread reads the
   * input one item per free slot, and memory stays bounded by the limit whatever the input's length
   * and however slow the consumer: at most {@code limit} tasks running or finished and not yet
   * consumed ({@value io.github.gather4j.internal.WindowedStream#DEFAULT_WINDOW} without a limit).
   *
   * {@snippet :
   * try (Stream<String> lines = Files.lines(input);
   *     Stream<Result> results = Gather.with().limit(64).stream(lines, line -> lookUp(line))) {
   *   results.forEach(result -> write(result));
   * }
   * }
   *
   * <p>Fails fast: the first failure cancels the running tasks, reads no more of the input, and the
   * stream's terminal operation throws {@link TaskFailedException} (index: the item's position in
   * the input) once the started tasks have ended — at once, even while an earlier item is still
   * running. Other failures are attached as suppressed exceptions.
   *
   * <p>Close it, like {@link java.nio.file.Files#lines}: use try-with-resources. Closing cancels
   * what is unfinished, never starts another item, returns after the started tasks have ended, and
   * closes {@code items}. A stream consumed to its end, or that threw, has already done so. A
   * timeout or deadline (counted from this call) cancels the unfinished tasks when it passes,
   * whatever the consumer is doing; the terminal operation then throws {@link
   * GatherTimeoutException}. If the consuming thread is interrupted, the rest is cancelled and
   * awaited, the interrupt flag is restored, and {@link GatherException} (cause {@link
   * InterruptedException}) is thrown. If reading {@code items} throws, the started tasks are
   * cancelled and awaited, {@code items} is closed, and {@link GatherException} is thrown with that
   * exception as its cause and the item's position in its message; a null item fails so too.
   *
   * <p>The returned stream is sequential and confined to the thread that first consumes it (or
   * closes it unconsumed): another thread gets {@link WrongThreadException}. A {@link #rate}, a
   * task timeout, decorators, a name and a progress listener (whose total grows as items are read)
   * apply as for every verb. At most {@link Integer#MAX_VALUE} items.
   *
   * @param items the input, read lazily from the consuming thread; closed with the result
   * @param fn the function applied to each item, as a task
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in input order, to be closed
   * @throws NullPointerException if {@code items} or {@code fn} is null (nothing is read)
   * @throws IllegalStateException if {@code items} was already consumed
   * @since 0.2
   */
  public <T extends @Nullable Object, R extends @Nullable Object> Stream<R> stream(
      Stream<? extends T> items, Mapper<? super T, ? extends R> fn) {
    return WindowedStream.open(options, items, fn, true);
  }

  /**
   * Maps a stream of any length, lazily and concurrently, and yields each item's outcome as it
   * completes: like {@link #stream}, with the same bounded memory, closing and input rules, but in
   * completion order, one {@link Completed} (the item's position and its {@link Outcome}) per item
   * read, and without failing fast: a task's failure is its item's {@link Outcome.Failure}.
   *
   * {@snippet :
   * try (Stream<Completed<Path>> done =
   *     Gather.with().limit(16).streamCompleted(urls.stream(), url -> download(url))) {
   *   done.forEach(c -> System.out.println("download " + c.index() + ": " + c.outcome()));
   * }
   * }
   *
   * <p>A deadline that passes cancels the unfinished tasks, which are yielded as {@link
   * Outcome.Cancelled}; if the deadline kept some of the input from being read, the terminal
   * operation then throws {@link GatherTimeoutException}, so that a cut-off stream is never taken
   * for a finished one. An interrupt of the consuming thread, and an input that throws, end it as
   * for {@link #stream}.
   *
   * @param items the input, read lazily from the consuming thread; closed with the result
   * @param fn the function applied to each item, as a task
   * @param <T> the item type
   * @param <R> the result type
   * @return the outcomes, in completion order, to be closed
   * @throws NullPointerException if {@code items} or {@code fn} is null (nothing is read)
   * @throws IllegalStateException if {@code items} was already consumed
   * @since 0.2
   */
  public <T extends @Nullable Object, R extends @Nullable Object>
      Stream<Completed<R>> streamCompleted(
          Stream<? extends T> items, Mapper<? super T, ? extends R> fn) {
    return WindowedStream.open(options, items, fn, false);
  }

  /**
   * Runs two tasks of different types like {@link #all(Callable[])} (fail fast; a failure's index
   * is the task's position, 0 or 1), then returns {@code combiner}'s result for their values,
   * computed on the caller's thread once both have succeeded and ended:
   *
   * {@snippet :
   * Dashboard dashboard = Gather.zip(
   *     () -> users.find(id),
   *     () -> orders.recent(id),
   *     (user, recent) -> new Dashboard(user, recent));
   * }
   *
   * @param a task 0
   * @param b task 1
   * @param combiner combines their results
   * @param <A> the result type of task 0
   * @param <B> the result type of task 1
   * @param <R> the combined type
   * @return what {@code combiner} returned
   * @throws NullPointerException if a task or {@code combiner} is null (nothing is started)
   * @throws TaskFailedException if a task failed; the other was cancelled and has ended
   * @throws GatherTimeoutException if the deadline passed first
   * @throws GatherException with the combiner's checked exception as its cause; an unchecked one is
   *     thrown as it is
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   * @since 0.2
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // the results are the tasks', by index
  public <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> R zip(
      Callable<? extends A> a,
      Callable<? extends B> b,
      Combiner2<? super A, ? super B, ? extends R> combiner)
      throws InterruptedException {
    Objects.requireNonNull(combiner, "combiner must not be null");
    return Verdict.combine(zipped(a, b), r -> combiner.combine((A) r.get(0), (B) r.get(1)));
  }

  /**
   * Runs three tasks of different types like {@link #all(Callable[])}, then returns {@code
   * combiner}'s result for their values; see {@link #zip(Callable, Callable, Combiner2)}.
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
   * @throws NullPointerException if a task or {@code combiner} is null (nothing is started)
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws GatherTimeoutException if the deadline passed first
   * @throws GatherException with the combiner's checked exception as its cause
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   * @since 0.2
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // the results are the tasks', by index
  public <
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
    Objects.requireNonNull(combiner, "combiner must not be null");
    return Verdict.combine(
        zipped(a, b, c), r -> combiner.combine((A) r.get(0), (B) r.get(1), (C) r.get(2)));
  }

  /**
   * Runs four tasks of different types like {@link #all(Callable[])}, then returns {@code
   * combiner}'s result for their values; see {@link #zip(Callable, Callable, Combiner2)}.
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
   * @throws NullPointerException if a task or {@code combiner} is null (nothing is started)
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws GatherTimeoutException if the deadline passed first
   * @throws GatherException with the combiner's checked exception as its cause
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   * @since 0.2
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // the results are the tasks', by index
  public <
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
    Objects.requireNonNull(combiner, "combiner must not be null");
    return Verdict.combine(
        zipped(a, b, c, d),
        r -> combiner.combine((A) r.get(0), (B) r.get(1), (C) r.get(2), (D) r.get(3)));
  }

  /**
   * Runs five tasks of different types like {@link #all(Callable[])}, then returns {@code
   * combiner}'s result for their values; see {@link #zip(Callable, Callable, Combiner2)}.
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
   * @throws NullPointerException if a task or {@code combiner} is null (nothing is started)
   * @throws TaskFailedException if a task failed; the others were cancelled and have ended
   * @throws GatherTimeoutException if the deadline passed first
   * @throws GatherException with the combiner's checked exception as its cause
   * @throws InterruptedException if the calling thread was interrupted; the tasks were cancelled
   *     and have ended
   * @since 0.2
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // the results are the tasks', by index
  public <
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
    Objects.requireNonNull(combiner, "combiner must not be null");
    return Verdict.combine(
        zipped(a, b, c, d, e),
        r ->
            combiner.combine((A) r.get(0), (B) r.get(1), (C) r.get(2), (D) r.get(3), (E) r.get(4)));
  }

  private List<@Nullable Object> zipped(Callable<?>... tasks) throws InterruptedException {
    return Verdict.all(Inputs.ofTaskArray(Policy.ALL, options, tasks).startThen());
  }

  /**
   * Waits for futures that already run — {@code HttpClient.sendAsync}, {@code @Async} methods, a
   * driver's async calls — and returns their values in input order: {@code asyncio.gather} over
   * running work. Fails fast: the first failure (or the deadline, or the caller's interrupt) calls
   * {@code cancel(true)} on every future not yet done, then throws {@link TaskFailedException}
   * whose index is the future's position and whose cause is its failure, unwrapped from {@link
   * java.util.concurrent.ExecutionException} or {@link java.util.concurrent.CompletionException}. A
   * future cancelled by someone else is a failure here.
   *
   * {@snippet :
   * List<CompletableFuture<HttpResponse<String>>> calls =
   *     uris.stream().map(uri -> client.sendAsync(get(uri), BodyHandlers.ofString())).toList();
   * List<HttpResponse<String>> responses = Gather.await(calls);   // one fails: the rest aborted
   * }
   *
   * <p>A {@link java.util.concurrent.CompletableFuture} costs no thread (a completion callback);
   * any other {@link Future} is waited for on a thread of its own. gather4j cannot know when the
   * work behind a foreign future has ended: cancelling a {@code CompletableFuture} completes it at
   * once, whatever its producer still does — an {@code HttpClient} exchange is aborted, other
   * producers may not notice. What returns is that no callback or thread of the call is left. The
   * futures already run, so a {@link #limit} has nothing to limit and is ignored, as are
   * decorators; a deadline, a {@link #taskTimeout} (from the call's start), a name and a progress
   * listener apply.
   *
   * @param futures the futures
   * @param <T> the result type
   * @return their values in input order, unmodifiable, possibly containing {@code null}
   * @throws NullPointerException if {@code futures} or a future is null
   * @throws TaskFailedException if a future failed or was cancelled by someone else; the others
   *     were cancelled
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the calling thread was interrupted; the futures were cancelled
   * @since 0.2
   */
  public <T extends @Nullable Object> List<T> await(
      Collection<? extends Future<? extends T>> futures) throws InterruptedException {
    return results(Inputs.ofFutures(Policy.ALL, options, futures));
  }

  /**
   * Waits for futures that already run and returns one {@link Outcome} per future in input order;
   * never throws for a future's failure. A future cancelled by someone else, or unfinished at the
   * deadline (then cancelled), is {@link Outcome.Cancelled}. See {@link #await}.
   *
   * @param futures the futures
   * @param <T> the result type
   * @return one outcome per future, in input order, unmodifiable
   * @throws NullPointerException if {@code futures} or a future is null
   * @throws InterruptedException if the calling thread was interrupted; the futures were cancelled
   * @since 0.2
   */
  public <T extends @Nullable Object> List<Outcome<T>> awaitSettled(
      Collection<? extends Future<? extends T>> futures) throws InterruptedException {
    return outcomes(Inputs.ofFutures(Policy.SETTLED, options, futures));
  }

  /**
   * Returns the non-blocking face of this gathering: the same verbs with the same options, each
   * returning a {@link GatherFuture} at once. See {@link AsyncGathering}.
   *
   * @return the async gathering
   * @since 0.2
   */
  public AsyncGathering async() {
    return new AsyncGathering(options);
  }

  /**
   * Opens a {@link Scope} whose subtasks honour these options (the timeout counts from now).
   *
   * @return a new scope owned by the calling thread
   */
  public Scope scope() {
    return new Scope(Inputs.ofScope(options));
  }

  @SuppressWarnings("unchecked")
  private static <T extends @Nullable Object> List<T> results(GatherRun run)
      throws InterruptedException {
    return (List<T>) Verdict.all(run.startThen());
  }

  @SuppressWarnings("unchecked")
  private static <T extends @Nullable Object> List<Outcome<T>> outcomes(GatherRun run)
      throws InterruptedException {
    return (List<Outcome<T>>) (List<?>) Verdict.settled(run.startThen());
  }

  @Override
  public String toString() {
    return describe(options);
  }

  static String describe(Options options) {
    return "Gathering[limit="
        + (options.limit() == 0 ? "none" : options.limit())
        + (options.timeout() != null ? ", timeout=" + options.timeout() : "")
        + (options.deadline() != null ? ", deadline=" + options.deadline() : "")
        + (options.taskTimeout() != null ? ", taskTimeout=" + options.taskTimeout() : "")
        + (options.ratePermits() > 0
            ? ", rate=" + options.ratePermits() + " per " + options.ratePer()
            : "")
        + (options.name() != null ? ", name=" + options.name() : "")
        + "]";
  }
}
