package io.github.gather4j.internal;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Where tasks run: the seam between the gather algorithm ({@link GatherRun}) and what executes
 * tasks. The algorithm asks an engine to start a task, may ask it to cancel it, and is told when it
 * has ended. {@link ThreadEngine} runs each task on a thread of its own; a cluster engine plugs in
 * here without touching the algorithm.
 *
 * <p>The gather gives the engine one {@link Task} object per task and keeps the opaque handle
 * {@link #start} returns: nothing else is allocated per running task on the gather's side of the
 * seam, so that a million sleeping tasks cost what their threads cost. (A task's end may allocate
 * one queue node: with a progress listener, or for {@code streamCompleted}.)
 *
 * <p>One engine instance serves one gather call. Implementations must be thread-safe: {@link
 * #start} is called from the caller's thread and from the threads of ending tasks.
 */
public interface TaskEngine {

  /**
   * Starts {@code task}: either hands it to a thread, which calls {@link Task#run()} (and through
   * it {@link #leave}), or runs {@link Task#call()} elsewhere, or watches work that already runs
   * elsewhere ({@link FutureEngine}: a future of {@code await}), and then calls {@link Task#ended}
   * and, once nothing the engine started for this task is running any more, {@link Task#exited},
   * each exactly once — possibly before this method returns, for work already done. A task whose
   * cancellation was requested before it began must end with a {@link
   * java.util.concurrent.CancellationException} without running.
   *
   * @param task the task to run
   * @return the engine's handle of the running task, given back to {@link #cancel}, {@link
   *     #stackTrace} and {@link #describe} (the gather keeps no handle when it is {@link
   *     FutureEngine#WATCHED})
   * @throws RuntimeException or {@link Error} if the task could not be started; then the task is
   *     never called back
   */
  Object start(Task task);

  /**
   * Tells the engine, before the first {@link #start}, how many tasks the gather will start at most
   * (each index once), so that it can size what it keeps for them. Called once, by the thread that
   * creates the gather, right after it made the engine; does nothing by default.
   *
   * @param tasks the number of tasks, or -1 if the gather cannot tell (a scope, a stream)
   */
  default void expect(int tasks) {}

  /**
   * Called by {@link Task#run()}, on the thread the engine gave the task to, as its last step,
   * after {@link Task#ended}: the engine calls {@link Task#exited} once nothing it started for the
   * task runs any more but this call's return.
   *
   * @param task the task, as given to {@link #start}
   */
  void leave(Task task);

  /**
   * Asks a started task to stop: interrupts it, or keeps it from starting if it has not yet. Called
   * at most a few times per task; it must be cheap and must not block.
   *
   * @param handle what {@link #start} returned for the task
   */
  void cancel(Object handle);

  /**
   * Returns where a started task is now, for the report of a task that ignores cancellation.
   *
   * @param handle what {@link #start} returned for the task
   * @return the task's stack, possibly empty
   */
  StackTraceElement[] stackTrace(Object handle);

  /**
   * Returns a short description of where a started task runs, such as its thread's name.
   *
   * @param handle what {@link #start} returned for the task
   * @return the description
   */
  String describe(Object handle);

  /**
   * Waits until everything this engine started has really finished (for threads: terminated).
   * Called by the gather after every started task has reported {@link Task#exited}; it does not
   * wait long, and it never throws, even if the calling thread is interrupted (the interrupt flag
   * is kept).
   */
  void awaitTermination();

  /**
   * Drops what the engine keeps of tasks that have long ended, so that a gather of unbounded length
   * (a stream) holds memory for its running tasks only. Called now and then by the gather's owner,
   * while tasks still run; it must not block. Does nothing by default.
   */
  default void trim() {}

  /**
   * One task of a gather, as its engine sees it. Calls may come from any thread.
   *
   * <p>It is a {@link Runnable}, so that an engine running tasks on threads hands the task object
   * itself to the thread it makes: {@link #run()} calls the user's task (unless cancellation was
   * requested before), reports {@link #ended}, and then calls the engine's {@link
   * TaskEngine#leave}. The user's code runs one frame below {@code run()}.
   */
  interface Task extends Runnable {
    /**
     * Returns the task's position in its gather, for names and reports.
     *
     * @return the index
     */
    int index();

    /**
     * Returns whether the gather has asked this task to stop; a task that has not begun yet must
     * then not run at all.
     *
     * @return true once cancellation was requested
     */
    boolean cancelRequested();

    /**
     * Returns whether the whole gather has stopped, so that every unfinished task of it is being
     * cancelled (not just this one, as by its own timeout): an engine in another JVM can then stop
     * the call in one message per member instead of one per task.
     *
     * @return true once the gather stopped
     */
    default boolean gatherStopped() {
      return cancelRequested();
    }

    /**
     * Runs the user's task on the calling thread.
     *
     * @return its result
     * @throws Exception whatever the user's task threw
     */
    @Nullable Object call() throws Exception;

    /**
     * Returns the task as a self-contained value that does what {@link #call()} does, for an engine
     * that runs it in another JVM: the user's (decorated) task, or a {@code map}'s mapper with its
     * item. It holds nothing of the gather.
     *
     * @return the task
     * @throws UnsupportedOperationException if the task can only run where its gather is
     */
    default Callable<?> work() {
      throw new UnsupportedOperationException("task " + index() + " runs only where its gather is");
    }

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
}
