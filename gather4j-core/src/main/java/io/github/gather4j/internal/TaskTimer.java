package io.github.gather4j.internal;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The timer of one task under {@code taskTimeout}: made only with that option, before the task
 * starts. It is the job's handle ({@link Job#handle}) from then on and keeps the engine's, so that
 * a job needs no field of its own for it, and the task's end always finds it.
 *
 * <p>When it fires on the ticker's thread and the task is still running and not already being
 * cancelled, it marks itself {@link #fired} and cancels the task; the task's end is then recorded
 * as a failure with a {@link TimeoutException} (see {@code GatherRun.record}). The mark is written
 * before the cancel, and the cancel (an interrupt) happens-before the task's end, so the task's
 * thread sees it. The task's end and the arming meet on two volatile fields, {@code ended} and
 * {@code future}: each writes its own, then reads the other's, so one of them cancels the timer,
 * which leaves the ticker's queue at once.
 */
final class TaskTimer implements Runnable {
  private final Job job;
  volatile @Nullable Object engineHandle;
  private volatile boolean fired;
  private volatile boolean ended;
  private volatile @Nullable Future<?> future;

  TaskTimer(Job job) {
    this.job = job;
  }

  /** Schedules this timer at {@code at}, once the task has started. Called by the starter. */
  void arm(Ticker ticker, long at) {
    Future<?> scheduled = ticker.schedule(this, at);
    future = scheduled;
    if (ended) {
      scheduled.cancel(false); // the task ended before the timer was there to cancel
    }
  }

  @Override
  public void run() {
    if (ended || job.isDone() || job.cancelRequested()) {
      return;
    }
    fired = true;
    if (job instanceof Job.FutureJob) {
      // Cancelling a future runs its dependent stages (user code) on the cancelling thread: not
      // on the ticker's one thread, which every deadline of the JVM shares.
      Thread.ofVirtual().name("gather4j-timeout-cancel").start(job::cancel);
    } else {
      job.cancel();
    }
  }

  /** Whether the timer cancelled the task. */
  boolean fired() {
    return fired;
  }

  /** The task has ended: the timer is cancelled (now, or by {@link #arm} if not yet made). */
  void taskEnded() {
    ended = true;
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
