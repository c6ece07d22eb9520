package io.github.gather4j.internal;

import io.github.gather4j.Completed;
import io.github.gather4j.Completions;
import io.github.gather4j.Outcome;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Completions} of {@code asCompleted}: a view of a {@link GatherRun} in {@link
 * GatherRun.Policy#STREAM} mode, confined to the thread that created it.
 *
 * @param <T> the type of the tasks' results
 */
public final class CompletionStream<T extends @Nullable Object> implements Completions<T> {
  private final GatherRun run;
  private int yielded;
  private boolean closed;

  /**
   * Wraps a started run.
   *
   * @param run a run in STREAM mode, already started
   */
  public CompletionStream(GatherRun run) {
    this.run = run;
  }

  @Override
  public boolean hasNext() {
    checkThread();
    return !closed && yielded < run.size();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Completed<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          closed
              ? "these completions are closed"
              : "all " + run.size() + " tasks have been returned");
    }
    Job job = run.nextCompleted();
    if (job == null) {
      throw new IllegalStateException("no task left although hasNext() was true");
    }
    yielded++;
    return new Completed<>(job.index(), (Outcome<T>) job.outcome());
  }

  @Override
  public Iterator<Completed<T>> iterator() {
    return this;
  }

  @Override
  public void close() {
    checkThread();
    if (!closed) {
      closed = true;
      run.cancelAndAwait();
    }
  }

  private void checkThread() {
    run.checkOwner("these completions", "called asCompleted may use them");
  }
}
