package io.github.gather4j;

import io.github.gather4j.internal.GatherRun;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The future of an async gather ({@link Gathering#async()}): it <em>is</em> the gather. It
 * completes, after every task has ended, with what the blocking verb would return, or exceptionally
 * with exactly what it would throw ({@link TaskFailedException}, {@link GatherTimeoutException};
 * {@link #get()} wraps it in an {@link java.util.concurrent.ExecutionException}, {@link #join()} in
 * a {@link java.util.concurrent.CompletionException}, as for any {@code CompletableFuture}).
 *
 * <p>Ending it from outside — {@link #cancel cancel}, {@link #complete complete}, {@link
 * #completeExceptionally completeExceptionally}, {@link #orTimeout orTimeout} firing — cancels the
 * gather's unfinished tasks: running ones are interrupted, queued ones never start. The future's
 * own state follows {@code CompletableFuture} (a cancelled future is cancelled at once); {@link
 * #ended()} completes when the last task has ended and its thread is gone, so a caller can still
 * wait for a clean stop:
 *
 * {@snippet :
 * GatherFuture<List<Report>> reports = Gather.async().map(regions, region -> report(region));
 * reports.cancel(true);            // the user navigated away: every running report is interrupted
 * reports.ended().join();          // returns once none of them runs any more
 * }
 *
 * <p>Dependent stages ({@code thenApply}, {@code thenCombine}, ...) are plain {@code
 * CompletableFuture}s. An interrupt of a thread waiting in {@code get()} does not cancel the gather
 * (as for any {@code CompletableFuture}): cancel the future for that.
 *
 * <p>Made by gather4j only; not meant to be extended.
 *
 * @param <T> the type of the gather's result
 * @since 0.2
 */
public final class GatherFuture<T extends @Nullable Object> extends CompletableFuture<T> {
  private final CompletableFuture<@Nullable Void> ended;
  private final GatherRun run;
  // Set by the gather's own thread just before it completes this future with its verdict.
  private volatile boolean settling;
  // Set by a thread that ends this future from outside, before it stops the gather: the gather
  // then leaves the future to that thread (its verdict would only be "cancelled").
  private volatile boolean outside;

  /** For the gather (see {@link #start}). */
  private GatherFuture(GatherRun run, CompletableFuture<@Nullable Void> ended) {
    this.run = run;
    this.ended = ended;
  }

  /** How an async verb's result is made from its finished run, on the gather's own thread. */
  interface Finisher<T extends @Nullable Object> {
    T finish(GatherRun run) throws Exception;
  }

  /**
   * Starts {@code run} on a virtual thread of its own, which waits for it as its owner, and returns
   * its future.
   */
  static <T extends @Nullable Object> GatherFuture<T> start(GatherRun run, Finisher<T> finisher) {
    GatherFuture<T> future = new GatherFuture<>(run, new CompletableFuture<>());
    // Whoever completes the future, by whatever method: if it is not the gather, stop the gather.
    // (The callback cannot throw, so the stage it returns has nothing to report.)
    var unused =
        future.whenComplete(
            (value, failure) -> {
              if (!future.settling) {
                future.outside = true;
                run.cancelFromOutside();
              }
            });
    String name = run.name();
    Thread.ofVirtual()
        .name(name == null ? "gather4j-async" : name + "-async")
        .start(() -> future.drive(run, finisher));
    return future;
  }

  private void drive(GatherRun gather, Finisher<T> finisher) {
    gather.adopt();
    T value = null;
    Throwable failure = null;
    try {
      value = finisher.finish(gather.startThen());
    } catch (Throwable t) {
      failure = t;
    }
    // The finisher waited for every task and its thread (the verdicts always do).
    ended.complete(null);
    if (outside) {
      return; // whoever ended it from outside completes it (or has)
    }
    settling = true;
    if (failure == null) {
      super.complete(value);
    } else {
      super.completeExceptionally(failure);
    }
  }

  /**
   * Returns a future that completes once every task of this gather has ended and its thread is gone
   * — also after this future was cancelled or completed from outside. It never completes
   * exceptionally. Completing the returned future does not affect the gather.
   *
   * @return a new future of the gather's end
   */
  public CompletableFuture<@Nullable Void> ended() {
    return ended.copy();
  }

  // Ending the future from outside stops the gather first, then completes the future: the
  // stages that depend on it run after the tasks were told to stop, never before (a dependent
  // that waits for ended() would otherwise wait for tasks nobody had cancelled). The whenComplete
  // registered in start() catches the ways of completing it that are not overridden here.

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    stopFirst();
    return super.cancel(mayInterruptIfRunning);
  }

  @Override
  public boolean complete(T value) {
    stopFirst();
    return super.complete(value);
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    stopFirst();
    return super.completeExceptionally(ex);
  }

  @Override
  public void obtrudeValue(T value) {
    stopFirst();
    super.obtrudeValue(value);
  }

  @Override
  public void obtrudeException(Throwable ex) {
    stopFirst();
    super.obtrudeException(ex);
  }

  private void stopFirst() {
    if (!settling && !isDone()) {
      outside = true;
      run.cancelFromOutside();
    }
  }

  /** Dependent stages are plain {@code CompletableFuture}s: only the gather's own future is one. */
  @Override
  public <U extends @Nullable Object> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  @Override
  public String toString() {
    String name = run.name();
    return name == null ? super.toString() : super.toString() + "['" + name + "']";
  }
}
