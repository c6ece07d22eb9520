package io.github.gather4j;

import io.github.gather4j.internal.GatherRun;
import io.github.gather4j.internal.Verdict;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A structured scope for tasks of different result types: {@link #fork} them, {@link #join()} to
 * wait for all of them (fail-fast, like {@link Gather#all}), then read each {@link Subtask}. Always
 * use it in a try-with-resources statement, so that {@link #close()} cancels and awaits whatever is
 * still running if the block is left early.
 *
 * {@snippet :
 * try (Scope scope = Gather.scope()) {
 *   Subtask<User> user = scope.fork(() -> users.find(id));
 *   Subtask<List<Order>> recent = scope.fork(() -> orders.recent(id));
 *   scope.join();                                   // throws if either failed; the other is cancelled
 *   return new Dashboard(user.get(), recent.get());
 * }
 * }
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Only the thread that opened the scope may fork, join or close it ({@link
 *       WrongThreadException} otherwise).
 *   <li>The first failure cancels every other subtask at once, even before {@code join} is called;
 *       {@code join} then throws {@link TaskFailedException} with the subtask's index. A subtask
 *       forked after that failure never starts and is {@link Subtask.State#CANCELLED}.
 *   <li>{@code join} may be called once; {@code fork} after {@code join} throws {@link
 *       IllegalStateException}.
 *   <li>With {@link Gathering#limit}, forks beyond the limit wait for a free slot; with a timeout
 *       or deadline, {@code join} cancels what is unfinished when it passes and throws {@link
 *       GatherTimeoutException}.
 *   <li>{@link Subtask#get()} works after {@code join} returned normally.
 * </ul>
 *
 * <p>Not thread-safe: confined to its owner thread. Subtasks may be read from any thread.
 *
 * @since 0.1
 */
public final class Scope implements AutoCloseable {
  private final GatherRun run;
  private boolean joined;
  private boolean closed;

  Scope(GatherRun run) {
    this.run = run;
  }

  /**
   * Starts {@code task} in this scope (or queues it under a limit).
   *
   * @param task the task
   * @param <T> the task's result type
   * @return the subtask, whose value is available after a successful {@link #join()}
   * @throws NullPointerException if {@code task} is null
   * @throws IllegalStateException if the scope was already joined or closed
   * @throws WrongThreadException if called from a thread other than the owner
   */
  @SuppressWarnings("unchecked")
  public <T extends @Nullable Object> Subtask<T> fork(Callable<? extends T> task) {
    checkThread();
    Objects.requireNonNull(task, "task must not be null");
    if (joined || closed) {
      throw new IllegalStateException(
          "cannot fork: the scope was already " + (closed ? "closed" : "joined"));
    }
    return (Subtask<T>) run.fork(task);
  }

  /**
   * Waits for every subtask to end. Fails fast: the first failure cancels the rest.
   *
   * @throws TaskFailedException if a subtask failed; its index and exception are in it, and the
   *     other subtasks have been cancelled and have ended
   * @throws GatherTimeoutException if the scope's deadline passed first
   * @throws InterruptedException if the calling thread was interrupted while waiting; the subtasks
   *     have been cancelled and have ended
   * @throws IllegalStateException if the scope was already joined or closed
   * @throws WrongThreadException if called from a thread other than the owner
   */
  public void join() throws InterruptedException {
    checkThread();
    if (joined || closed) {
      throw new IllegalStateException(
          "join() was already called" + (closed ? " and the scope closed" : ""));
    }
    joined = true;
    Verdict.join(run);
    run.markJoinedSuccessfully();
  }

  /**
   * Cancels every subtask that has not ended and waits for them to end. Does nothing if already
   * closed. Does not throw for subtask failures; an interrupt received while waiting is kept in the
   * thread's interrupt flag.
   *
   * @throws WrongThreadException if called from a thread other than the owner
   */
  @Override
  public void close() {
    checkThread();
    if (!closed) {
      closed = true;
      run.cancelAndAwait();
    }
  }

  private void checkThread() {
    run.checkOwner("this scope", "opened it may fork, join or close it");
  }
}
