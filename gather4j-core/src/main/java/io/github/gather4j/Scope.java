package io.github.gather4j;

import io.github.gather4j.internal.GatherRun;
import io.github.gather4j.internal.Verdict;
import java.util.ArrayList;
import java.util.List;
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
 *   <li>With {@link Gathering#limit}, forks beyond the limit wait for a free slot. With a timeout
 *       or deadline (counted from {@link Gathering#scope()}), what is unfinished is cancelled when
 *       it passes, whether or not the owner is in {@code join} then; {@code join} throws {@link
 *       GatherTimeoutException}.
 *   <li>{@link Subtask#get()} returns the value of a subtask that succeeded once {@code join} has
 *       returned <em>or thrown</em>, so the successes of a failed join can still be read.
 *   <li>Scopes nest: a scope opened while another is open on the same thread must be closed first
 *       (try-with-resources does so). Closing the outer one first closes the inner ones (their
 *       subtasks cancelled and awaited), then throws {@link IllegalStateException}. A closed
 *       scope's {@code fork} throws {@link IllegalStateException}.
 * </ul>
 *
 * <p>Not thread-safe: confined to its owner thread. Subtasks may be read from any thread.
 *
 * @since 0.1
 */
public final class Scope implements AutoCloseable {
  /** The innermost scope open on each thread; each open scope knows the one open before it. */
  private static final ThreadLocal<@Nullable Scope> INNERMOST = new ThreadLocal<>();

  private final GatherRun run;
  private final @Nullable Scope enclosing;
  private volatile boolean joined;
  private volatile boolean closed;
  // Whether this scope is in its thread's chain of open scopes (owner only).
  private boolean linked = true;

  Scope(GatherRun run) {
    this.run = run;
    this.enclosing = INNERMOST.get();
    INNERMOST.set(this);
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
    try {
      Verdict.join(run);
    } finally {
      run.markJoined();
      if (INNERMOST.get() == this) {
        // Joined, nothing of it runs and nothing more can be forked: it leaves the chain now, so
        // that one joined and never closed holds no memory and trips no enclosing close.
        unlink();
      }
    }
  }

  private void unlink() {
    linked = false;
    if (enclosing == null) {
      INNERMOST.remove();
    } else {
      INNERMOST.set(enclosing);
    }
  }

  /**
   * Cancels every subtask that has not ended and waits for them to end. Does nothing if already
   * closed. Does not throw for subtask failures; an interrupt received while waiting is kept in the
   * thread's interrupt flag.
   *
   * @throws IllegalStateException if a scope opened on this thread after this one was still open:
   *     that one (and any opened after it) has been closed first, then this one
   * @throws WrongThreadException if called from a thread other than the owner
   */
  @Override
  public void close() {
    checkThread();
    if (closed) {
      return;
    }
    if (!linked) {
      closeOnly(); // joined while innermost: already out of the chain
      return;
    }
    Scope innermost = INNERMOST.get();
    List<Scope> inner = new ArrayList<>();
    for (Scope s = innermost; s != null && s != this; s = s.enclosing) {
      inner.add(s);
    }
    for (Scope s : inner) {
      s.closeOnly();
    }
    closeOnly();
    unlink();
    if (!inner.isEmpty()) {
      throw new IllegalStateException(
          "closed "
              + this
              + " while "
              + inner.get(inner.size() - 1)
              + ", opened after it on this thread, was still open: close the inner scope first"
              + " (try-with-resources does). The inner scope was closed first: its subtasks were"
              + " cancelled and have ended");
    }
  }

  private void closeOnly() {
    closed = true;
    linked = false;
    run.cancelAndAwait();
  }

  /**
   * Describes this scope: its name (from {@link Gathering#name}), whether it is open, joined or
   * closed, and how many of its subtasks are in each state.
   *
   * @return for example {@code Scope['dashboard', joined, 3 subtasks: 2 succeeded, 1 failed]}
   */
  @Override
  public String toString() {
    int[] counts = run.stateCounts();
    String name = run.name();
    StringBuilder text = new StringBuilder("Scope[");
    if (name != null) {
      text.append('\'').append(name).append("', ");
    }
    text.append(closed ? "closed" : joined ? "joined" : "open");
    int total = counts[0] + counts[1] + counts[2] + counts[3];
    text.append(", ").append(total).append(total == 1 ? " subtask" : " subtasks");
    String[] words = {"running", "succeeded", "failed", "cancelled"};
    String separator = ": ";
    for (int state = 0; state < 4; state++) {
      if (counts[state] > 0) {
        text.append(separator).append(counts[state]).append(' ').append(words[state]);
        separator = ", ";
      }
    }
    return text.append(']').toString();
  }

  private void checkThread() {
    run.checkOwner("this scope", "opened it may fork, join or close it");
  }
}
