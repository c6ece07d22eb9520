package io.github.gather4j.internal;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * The engine of {@code await}: its "tasks" are futures that already run. A {@link
 * CompletableFuture} costs no thread: a completion callback reports its end, on the thread that
 * completes it. Any other {@link Future} has no callback, so a thread of a {@link ThreadEngine}
 * waits in its {@code get()} (the task of index i is the wait for future i, see {@link
 * Inputs#ofFutures}). Cancelling calls {@code cancel(true)} on the future.
 *
 * <p>gather4j cannot know when the work behind a foreign future has ended: a cancelled {@code
 * CompletableFuture} completes at once, whatever its producer still does. What this engine
 * guarantees is that no callback or thread of its own is left when the call returns.
 */
final class FutureEngine implements TaskEngine {
  /**
   * The handle of a future watched by a callback: the gather keeps no handle for it, as it cancels
   * the future by its index ({@link #cancel(int)}); not storing one saves a fence per future.
   */
  static final Object WATCHED = new Object();

  private final List<?> futures;
  private final ThreadEngine waiters;

  /**
   * An engine for {@code futures}, in the gather's order.
   *
   * @param futures the futures, checked non-null
   * @param factory makes the threads that wait for futures that are not CompletableFutures
   * @param name the gather's name, or null
   */
  FutureEngine(List<?> futures, @Nullable ThreadFactory factory, @Nullable String name) {
    this.futures = futures;
    this.waiters = new ThreadEngine(factory, name);
  }

  @Override
  public void expect(int tasks) {
    waiters.expect(tasks); // one waiting thread at most per future
  }

  @Override
  @SuppressWarnings(
      "FutureReturnValueIgnored") // the handle is only cancelled; the callback reports
  public Object start(Task task) {
    Object future = futures.get(task.index());
    if (future instanceof CompletableFuture<?> completable
        && task instanceof Job.FutureJob callback) {
      // Already done: recorded at once, without the completion and the dependent future that
      // whenComplete would make; otherwise recorded on the thread that completes it.
      switch (completable.state()) {
        case SUCCESS -> callback.accept(completable.resultNow(), null);
        case FAILED -> callback.accept(null, completable.exceptionNow());
        case CANCELLED -> callback.accept(null, new CancellationException("cancelled"));
        case RUNNING -> completable.whenComplete(callback);
      }
      return WATCHED;
    }
    return waiters.start(task);
  }

  /** Cancels future {@code index}: watched or not, it is the future itself that is cancelled. */
  void cancel(int index) {
    try {
      ((Future<?>) futures.get(index)).cancel(true);
    } catch (RuntimeException e) {
      // A future whose cancel throws is left to finish; the stop goes on with the others.
    }
  }

  @Override
  public void leave(Task task) {
    waiters.leave(task); // only a waiting thread's task calls leave
  }

  /** A waiting thread's handle: interrupted too, for a future that ignores its cancel. */
  @Override
  public void cancel(Object handle) {
    if (handle != WATCHED) { // WATCHED only reaches here kept by a task timer
      waiters.cancel(handle);
    }
  }

  @Override
  public StackTraceElement[] stackTrace(Object handle) {
    return handle == WATCHED ? new StackTraceElement[0] : waiters.stackTrace(handle);
  }

  @Override
  public String describe(Object handle) {
    return handle == WATCHED ? "a future watched by a callback" : waiters.describe(handle);
  }

  @Override
  public void awaitTermination() {
    waiters.awaitTermination();
  }

  /**
   * Waits for {@code future} and returns its value; what it failed with is thrown unwrapped. If the
   * waiting thread is interrupted (the gather cancelled it), the future is cancelled too.
   */
  static @Nullable Object get(Future<?> future) throws Exception {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e; // a Throwable of its own kind: kept in the ExecutionException
    }
  }

  /** The failure inside the wrappers futures add: ExecutionException, CompletionException. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
