package io.github.gather4j.internal;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The timer of one task under {@code taskTimeout}: made only with that option, when the task
 * starts. It takes the place of the engine's handle in the job ({@link Job#handle}) and keeps it,
 * so that a job needs no field of its own for it.
 *
 * <p>When it fires on the ticker's thread and the task is still running and not already being
 * cancelled, it marks itself {@link #fired} and cancels the task; the task's end is then recorded
 * as a failure with a {@link TimeoutException} (see {@code GatherRun.record}). The mark is written
 * before the cancel, and the cancel (an interrupt) happens-before the task's end, so the task's
 * thread sees it. The task's end cancels the timer, which leaves the ticker's queue at once.
 */
final class TaskTimer implements Runnable {
  private final Job job;
  final Object engineHandle;
  private volatile boolean fired;
  private volatile @Nullable Future<?> future;

  TaskTimer(Job job, Object engineHandle) {
    this.job = job;
    this.engineHandle = engineHandle;
  }

  /**
   * Makes this timer the job's handle, then schedules it at {@code at}. Called by the starter. In
   * this order, a timer firing at once finds itself the handle when the task's end is recorded, so
   * that end is the timeout's; a task ending first finds a timer with no future yet, and this
   * method cancels the future it then makes.
   */
  void arm(Ticker ticker, long at) {
    job.handle = this;
    future = ticker.schedule(this, at);
    if (job.isDone()) {
      // The task ended before it could see this timer: nobody else will cancel it.
      cancel();
    }
  }

  @Override
  public void run() {
    if (!job.isDone() && !job.cancelRequested()) {
      fired = true;
      job.cancel();
    }
  }

  /** Whether the timer cancelled the task. */
  boolean fired() {
    return fired;
  }

  /** Forgets the timer: the task has ended. */
  void cancel() {
    Future<?> scheduled = future;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  /** The failure of a task this timer cancelled, with how it answered as the cause. */
  TimeoutException failure(String label, Duration taskTimeout, Throwable answer) {
    TimeoutException e =
        new TimeoutException(
            "task "
                + job.index()
                + " of gather"
                + label
                + " was still running "
                + taskTimeout
                + " after it started (its taskTimeout), and was cancelled");
    e.initCause(answer);
    return e;
  }
}
