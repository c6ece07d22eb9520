package io.github.gather4j.internal;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Where tasks run: the seam between the gather algorithm ({@link GatherRun}) and what executes
 * tasks. The algorithm asks an engine to start a task, may ask it to cancel it, and is told when it
 * has ended. {@link ThreadEngine} runs each task on a thread of its own; a cluster engine plugs in
 * here without touching the algorithm.
 *
 * <p>One engine instance serves one gather call. Implementations must be thread-safe: {@link
 * #start} is called from the caller's thread and from the threads of ending tasks.
 */
public interface TaskEngine {

  /**
   * Starts {@code task}. Once it has returned or thrown, the engine calls {@link Listener#ended},
   * and then, once nothing the engine started for this task is running any more, {@link
   * Listener#exited}, both exactly once.
   *
   * @param index the task's position, for names and reports
   * @param task the task to run
   * @param listener told when the task has ended and exited
   * @return a handle to cancel the running task
   * @throws RuntimeException or {@link Error} if the task could not be started; then the listener
   *     is never called
   */
  Running start(int index, Callable<?> task, Listener listener);

  /**
   * Waits until everything this engine started has really finished (for threads: terminated).
   * Called by the gather after every started task has reported {@link Listener#exited}; it does not
   * wait long, and it never throws, even if the calling thread is interrupted (the interrupt flag
   * is kept).
   */
  void awaitTermination();

  /** Told how a started task ends. Calls may come from any thread. */
  interface Listener {
    /**
     * The task returned {@code value} or threw {@code failure} (exactly one is meaningful).
     *
     * @param value the result when {@code failure} is null
     * @param failure what the task threw, or null when it returned
     */
    void ended(@Nullable Object value, @Nullable Throwable failure);

    /** Nothing of the task runs any more apart from this call's own return. */
    void exited();
  }

  /** A started task. */
  interface Running {
    /**
     * Asks the task to stop: interrupts it, or keeps it from starting if it has not yet. Called at
     * most a few times; it must be cheap and must not block.
     */
    void cancel();

    /**
     * Returns where the task is now, for the report of a task that ignores cancellation.
     *
     * @return the task's stack, possibly empty
     */
    StackTraceElement[] stackTrace();

    /**
     * Returns a short description of where the task runs, such as its thread's name.
     *
     * @return the description
     */
    String describe();
  }
}
