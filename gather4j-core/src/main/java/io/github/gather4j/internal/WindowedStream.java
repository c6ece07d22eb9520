package io.github.gather4j.internal;

import io.github.gather4j.Completed;
import io.github.gather4j.Mapper;
import io.github.gather4j.internal.GatherRun.Policy;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Spliterator;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@code stream} and {@code streamCompleted}: a lazy view of a {@link GatherRun} on a
 * window of jobs (see ADR 11). The thread that consumes it owns it: that thread reads the input,
 * one item per free seat, and starts the items' tasks; a seat is freed when its result is consumed,
 * so running plus finished-but-unconsumed tasks never exceed the window, whatever the input's
 * length and the consumer's speed. Confined to its owner, like {@code Completions}.
 */
public final class WindowedStream implements Spliterator<@Nullable Object> {
  /** A stream's window without a limit: the most tasks running or unconsumed at once. */
  public static final int DEFAULT_WINDOW = 256;

  // How many items between two trims of the engine's memory of ended tasks.
  private static final int TRIM_EVERY = 4096;

  private final GatherRun run;
  private final Options options;
  private final Stream<?> input;
  private final Spliterator<?> source;
  private final Mapper<Object, Object> mapper;
  private final boolean ordered;
  private final int capacity;
  // Ordered: the started jobs not yet consumed, in index order (the head is the next to yield).
  private final @Nullable ArrayDeque<Job> pending;
  // Owner-only state.
  private int outstanding; // started and not consumed: seats taken
  private int yielded;
  private boolean owned;
  private boolean exhausted; // the input will not be read again
  private boolean inputEnded; // the input was read to its end
  private boolean finished; // the run has finished (every task ended)
  private boolean closed;
  private boolean inputClosed;
  private @Nullable Object item; // what the input's last tryAdvance gave
  // The input's action: one object for every read, rather than one per read.
  private final Consumer<@Nullable Object> taker;
  private @Nullable Throwable inputFailure;

  private WindowedStream(
      GatherRun run,
      Options options,
      Stream<?> input,
      Mapper<Object, Object> mapper,
      boolean ordered) {
    this.run = run;
    this.options = options;
    this.input = input;
    this.source = input.spliterator(); // throws if the input was already consumed: before anything
    this.mapper = mapper;
    this.ordered = ordered;
    this.capacity = windowOf(options);
    this.pending = ordered ? new ArrayDeque<>(Math.min(capacity, 1024)) : null;
    this.taker = this::take;
  }

  /**
   * Checks the input and returns the lazy result stream; nothing is read nor started until it is
   * consumed.
   *
   * @param options the gathering's options; its limit is the window
   * @param items the input
   * @param fn the mapper
   * @param ordered {@code stream} (results in input order, fail fast) or {@code streamCompleted}
   *     (outcomes in completion order)
   * @throws NullPointerException if {@code items} or {@code fn} is null
   * @throws IllegalStateException if {@code items} was already consumed
   */
  @SuppressWarnings("unchecked")
  public static <R extends @Nullable Object> Stream<R> open(
      Options options, @Nullable Stream<?> items, @Nullable Mapper<?, ?> fn, boolean ordered) {
    Objects.requireNonNull(items, "items (the input stream) must not be null");
    Objects.requireNonNull(fn, "fn (the mapper) must not be null");
    GatherRun run =
        new GatherRun(ordered ? Policy.ALL : Policy.STREAM, options, windowOf(options))
            .named(ordered ? "stream" : "streamCompleted");
    WindowedStream view =
        new WindowedStream(run, options, items, (Mapper<Object, Object>) fn, ordered);
    run.armDeadlineTimer(); // the deadline counts from the call and acts whatever the consumer does
    return (Stream<R>) StreamSupport.stream(view, false).onClose(view::close);
  }

  private static int windowOf(Options options) {
    return options.limit() > 0 ? options.limit() : DEFAULT_WINDOW;
  }

  @Override
  public boolean tryAdvance(Consumer<? super @Nullable Object> action) {
    Objects.requireNonNull(action, "action");
    if (!begin()) {
      return false;
    }
    if (Thread.currentThread().isInterrupted()) {
      run.ownerInterrupted();
    }
    fill();
    if (ordered) {
      run.drainEnded(); // progress counted as it goes (nothing to do without a listener)
    }
    if (inputFailure != null || run.interruptedWhileWaiting()) {
      finish(); // throws
      return false;
    }
    return ordered ? advanceInOrder(action) : advanceCompleted(action);
  }

  /** Takes ownership on first use; returns false once the stream has ended. */
  private boolean begin() {
    if (!owned) {
      run.takeOwnership();
      owned = true;
    } else {
      run.checkOwner("this stream", "consumes it (the first to use it) may use it");
    }
    if (closed) {
      throw new IllegalStateException("the stream of gather" + run.label() + " was closed");
    }
    return !finished;
  }

  /** Reads the input into free seats and starts each item's task, unless the run has stopped. */
  private void fill() {
    while (outstanding < capacity && !exhausted) {
      if (run.stopRequested()) {
        return;
      }
      int index = run.size();
      boolean more;
      try {
        if (index == Integer.MAX_VALUE) {
          throw new IllegalStateException(
              "the input has more than " + Integer.MAX_VALUE + " items, the most a gather takes");
        }
        more = source.tryAdvance(taker);
        if (more && item == null) {
          throw new NullPointerException(
              "item " + index + " of the input is null: every item must be non-null");
        }
      } catch (Throwable t) {
        inputFailure = t;
        more = false;
      }
      if (!more) {
        inputEnded = inputFailure == null;
        exhausted = true;
        run.markInputDone();
        if (inputFailure != null) {
          run.cancelAndAwait(); // cancels what runs; the next step throws for the input
        }
        return;
      }
      Object value = Objects.requireNonNull(item); // checked above
      item = null;
      Callable<?> task = new Inputs.Applied(mapper, value);
      Job job =
          run.forkWindowed(
              options.decorators().isEmpty() ? task : Inputs.decorate(options, task, index));
      outstanding++;
      if (pending != null) {
        pending.add(job);
      }
      if ((index & (TRIM_EVERY - 1)) == TRIM_EVERY - 1) {
        run.trimEngine();
      }
    }
  }

  private void take(@Nullable Object pulled) {
    item = pulled;
  }

  private boolean advanceInOrder(Consumer<? super @Nullable Object> action) {
    ArrayDeque<Job> jobs = Objects.requireNonNull(pending);
    Job head = jobs.peekFirst();
    if (head == null || run.stopRequested()) {
      finish(); // throws if the run stopped
      return false;
    }
    if (!head.isDone()) {
      run.awaitJob(head);
    }
    if (head.outcomeState() != GatherRun.SUCCESS) {
      // A failed head stops the run (the first failure's stop, from its thread), a cancelled one
      // was cut off by a stop: either way, the stop is there or on its way.
      run.awaitStop();
    }
    if (run.stopRequested()) {
      finish();
      return false;
    }
    jobs.pollFirst();
    Object value = head.result();
    consume(head);
    action.accept(value);
    return true;
  }

  private boolean advanceCompleted(Consumer<? super @Nullable Object> action) {
    Job job = run.pollReady();
    if (job == null) {
      if (outstanding == 0) {
        finish(); // the input is exhausted, or a stop keeps it from being read
        return false;
      }
      run.awaitReady();
      if (run.interruptedWhileWaiting()) {
        finish();
        return false;
      }
      job = Objects.requireNonNull(run.pollReady(), "no ended task although one was ready");
    }
    Completed<@Nullable Object> completed = new Completed<>(job.index(), job.outcome());
    consume(job);
    action.accept(completed);
    return true;
  }

  private void consume(Job job) {
    run.consumed(job);
    outstanding--;
    yielded++;
  }

  /**
   * Waits for every started task to end, closes the input, and throws what the stop calls for (the
   * input's failure, a task's failure, the deadline, an interrupt); returns if there is nothing to
   * throw: the stream has ended.
   */
  private void finish() {
    finished = true;
    exhausted = true;
    run.markInputDone();
    run.awaitFinished();
    closeInput();
    Throwable failed = inputFailure;
    if (failed != null) {
      inputFailure = null; // thrown once
      throw Verdict.inputFailed(run, failed);
    }
    Verdict.streamEnded(run, ordered, yielded, inputEnded);
  }

  /** The stream's close: cancels what is unfinished, waits for it, and closes the input. */
  private void close() {
    if (closed) {
      return;
    }
    if (!owned) {
      run.takeOwnership();
      owned = true;
    } else {
      run.checkOwner("this stream", "consumes it (the first to use it) may close it");
    }
    closed = true;
    if (!finished) {
      finished = true;
      exhausted = true;
      run.markInputDone();
      run.cancelAndAwait();
    }
    closeInput();
  }

  private void closeInput() {
    if (!inputClosed) {
      inputClosed = true;
      input.close();
    }
  }

  @Override
  public @Nullable Spliterator<@Nullable Object> trySplit() {
    return null; // one consumer: the thread that owns the window
  }

  @Override
  public long estimateSize() {
    return Long.MAX_VALUE;
  }

  @Override
  public int characteristics() {
    return ordered ? ORDERED : ORDERED | NONNULL;
  }
}
