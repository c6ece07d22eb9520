package io.github.gather4j.internal;

import static io.github.gather4j.internal.GatherRun.CANCELLED;
import static io.github.gather4j.internal.GatherRun.FAILED;
import static io.github.gather4j.internal.GatherRun.SUCCESS;
import static io.github.gather4j.internal.GatherRun.resultOf;
import static io.github.gather4j.internal.GatherRun.stateOf;

import io.github.gather4j.Outcome;
import io.github.gather4j.Subtask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One task: the engine's handle to cancel it, and its outcome. It is also what the engine runs
 * ({@link TaskEngine.Task}): the only object the gather makes per task.
 *
 * <p>In a call with results ({@code all}, {@code settled}, {@code map}, {@code any}) a job keeps no
 * outcome of its own: its result replaces it in its cell of the run's array, so the cell tells
 * whether it is done and how it ended, and a stop asks every unfinished task to cancel (24 B per
 * task). Streams and scopes hand jobs out, so theirs keep their state ({@link StateJob}).
 */
sealed class Job implements Subtask<@Nullable Object>, TaskEngine.Task
    permits Job.StateJob, Job.FutureJob {
  final GatherRun gather;
  final int index;
  // The engine's handle once the task started; with a taskTimeout, the TaskTimer that keeps it.
  volatile @Nullable Object handle;

  Job(GatherRun gather, int index) {
    this.gather = gather;
    this.index = index;
  }

  /** Returns 0 while the task runs, then SUCCESS, FAILED or CANCELLED. */
  int outcomeState() {
    Object cell = gather.cellOf(index);
    return cell == this ? 0 : stateOf(cell);
  }

  /** The value, or the failure when the outcome is FAILED; null while running. */
  @Nullable Object result() {
    Object cell = gather.cellOf(index);
    return cell == this ? null : resultOf(cell);
  }

  boolean isDone() {
    return outcomeState() != 0;
  }

  /** Returns what the task threw, if it failed. */
  @Nullable Throwable failure() {
    return outcomeState() == FAILED ? (Throwable) result() : null;
  }

  /**
   * Sets the outcome once; here a no-op, as {@code record} puts the result in the job's cell.
   *
   * @return whether this call set it
   */
  boolean complete(int outcome, @Nullable Object newResult) {
    return true;
  }

  void requestCancel() {
    // A stop cancels every unfinished task: see cancelRequested.
  }

  void cancel() {
    requestCancel();
    Object started = engineHandle();
    if (started != null) {
      gather.engine().cancel(started);
    }
  }

  /** The engine's handle of the started task, or null before it started. */
  @Nullable Object engineHandle() {
    Object started = handle;
    return started instanceof TaskTimer timer ? timer.engineHandle : started;
  }

  @Override
  public boolean cancelRequested() {
    return gather.stopRequested();
  }

  @Override
  public boolean gatherStopped() {
    return gather.stopRequested();
  }

  @Override
  public void run() {
    Object value = null;
    Throwable failure = null;
    try {
      if (cancelRequested()) {
        throw new CancellationException("cancelled before it started");
      }
      value = call();
    } catch (Throwable t) {
      failure = t;
    }
    try {
      ended(value, failure);
    } finally {
      gather.engine().leave(this);
    }
  }

  @Override
  public @Nullable Object call() throws Exception {
    return gather.call(index);
  }

  @Override
  public Callable<?> work() {
    return gather.work(index);
  }

  @Override
  public void ended(@Nullable Object value, @Nullable Throwable thrown) {
    gather.ended(this, value, thrown);
  }

  @Override
  public void exited() {
    gather.exit(this);
  }

  @Override
  public int index() {
    return index;
  }

  /** Returns this task's outcome; it must have ended. */
  public Outcome<@Nullable Object> outcome() {
    return switch (outcomeState()) {
      case SUCCESS -> new Outcome.Success<>(result());
      case FAILED -> new Outcome.Failure<>(Objects.requireNonNull(failure()));
      case CANCELLED -> new Outcome.Cancelled<>();
      default -> throw new IllegalStateException("task " + index + " has not ended");
    };
  }

  @Override
  public State state() {
    return switch (outcomeState()) {
      case SUCCESS -> State.SUCCESS;
      case FAILED -> State.FAILED;
      case CANCELLED -> State.CANCELLED;
      default -> State.RUNNING;
    };
  }

  @Override
  public @Nullable Object get() {
    int outcome = outcomeState();
    if (gather.joined() && outcome == SUCCESS) {
      return result();
    }
    String why =
        switch (outcome) {
          case 0 -> "is still running: call get() after the scope's join()";
          case FAILED -> "failed (see the cause); it has no value";
          case CANCELLED -> "was cancelled before it finished; it has no value";
          default -> "has not been joined yet: call get() after the scope's join()";
        };
    throw new IllegalStateException("subtask " + index + " " + why, failure());
  }

  @Override
  public String toString() {
    return "Subtask[" + index + ", " + state() + "]";
  }

  /**
   * A job of {@code await}: it is also the completion callback of its {@code CompletableFuture}
   * (see {@link FutureEngine}), so that watching a future costs no object of its own. Never handed
   * out to users ({@code await} returns values or outcomes), so nobody else can call it.
   */
  static final class FutureJob extends Job
      implements BiConsumer<@Nullable Object, @Nullable Throwable> {
    FutureJob(GatherRun gather, int index) {
      super(gather, index);
    }

    /** Cancels the future itself (by index: a watched one has no handle), and a waiting thread. */
    @Override
    void cancel() {
      ((FutureEngine) gather.engine()).cancel(index);
      super.cancel();
    }

    @Override
    public void accept(@Nullable Object value, @Nullable Throwable failure) {
      try {
        ended(value, failure == null ? null : FutureEngine.unwrap(failure));
      } finally {
        exited();
      }
    }
  }

  /** A job that keeps its own state and result: a stream's and a scope's, handed out as such. */
  static sealed class StateJob extends Job permits TaskJob {
    private static final VarHandle STATE;
    private static final int OUTCOME_BITS = 3; // 0 while running, then SUCCESS, FAILED, CANCELLED
    private static final int CANCEL_REQUESTED = 4;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(StateJob.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    // The outcome (low bits) and whether cancellation was requested; `result` is written before
    // the outcome is.
    private volatile int state;
    // The value, or the failure when the outcome is FAILED.
    private @Nullable Object result;

    StateJob(GatherRun gather, int index) {
      super(gather, index);
    }

    @Override
    int outcomeState() {
      return state & OUTCOME_BITS;
    }

    @Override
    @Nullable Object result() {
      return result;
    }

    /**
     * Sets the outcome once. One path ends a task, except that a stop and a fork may both discard a
     * scope's newest subtask, both as cancelled with no result: the second is a no-op.
     */
    @Override
    boolean complete(int outcome, @Nullable Object newResult) {
      while (true) {
        int current = state;
        if ((current & OUTCOME_BITS) != 0) {
          return false;
        }
        result = newResult;
        if (STATE.compareAndSet(this, current, current | outcome)) {
          return true;
        }
      }
    }

    @Override
    void requestCancel() {
      STATE.getAndBitwiseOr(this, CANCEL_REQUESTED);
    }

    @Override
    public boolean cancelRequested() {
      // A stop is set before it cancels each task: an end it caused on another JVM, reported
      // before this task's own cancel, is still seen as a cancellation.
      return (state & CANCEL_REQUESTED) != 0 || gather.stopRequested();
    }
  }

  /** A job that keeps its own task: a scope's subtask, or a task taken from a lazy input. */
  static final class TaskJob extends StateJob {
    private final Callable<?> task;
    int seat = -1; // a lazy input's seat, set under its lock before the job is started

    TaskJob(GatherRun gather, int index, Callable<?> task) {
      super(gather, index);
      this.task = task;
    }

    @Override
    public @Nullable Object call() throws Exception {
      return task.call();
    }

    @Override
    public Callable<?> work() {
      return task;
    }
  }
}
