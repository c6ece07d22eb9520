package io.github.gather4j.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report of tasks that ignore cancellation (rule 8): once a grace period after a stop, one log
 * record per task still running, with its stack. The call goes on waiting for them; this only says
 * why. Owner thread, at most once per call.
 */
final class StuckTaskReport {
  private StuckTaskReport() {}

  /**
   * Logs every job of {@code started} that has not ended.
   *
   * @param started the jobs that may still run, in any order
   * @param engine where they run, to describe them
   * @param size the number of tasks of the call
   * @param label the gather's name for messages
   * @param reason why the call was stopped
   * @param grace how long after the stop this report comes
   */
  static void log(
      List<Job> started,
      TaskEngine engine,
      int size,
      String label,
      GatherRun.Reason reason,
      Duration grace) {
    started.sort(Comparator.comparingInt(Job::index)); // a lazy input's seats are in no order
    for (Job job : started) {
      int index = job.index();
      Object handle = job.engineHandle();
      if (handle == null && job instanceof Job.FutureJob) {
        handle = FutureEngine.WATCHED; // a future that did not end when cancelled
      }
      if (handle == null || job.isDone()) {
        continue;
      }
      StuckTaskTrace trace =
          new StuckTaskTrace(
              "task " + index + " of gather" + label + " (" + engine.describe(handle) + ") is at");
      trace.setStackTrace(engine.stackTrace(handle));
      GatherRun.LOG.log(
          System.Logger.Level.WARNING,
          "task "
              + index
              + " of "
              + size
              + " in gather"
              + label
              + " has not ended "
              + grace.toMillis()
              + " ms after it was cancelled ("
              + reason.name().toLowerCase(Locale.ROOT)
              + "): it ignores interruption. The call waits for it to end, so that no task"
              + " outlives it; make the task respond to Thread.interrupt().",
          trace);
      StringBuilder stack = new StringBuilder();
      for (StackTraceElement frame : trace.getStackTrace()) {
        stack.append(frame).append('\n');
      }
      Events.stuck(
          label.isEmpty() ? "" : label.substring(2, label.length() - 1),
          index,
          size,
          engine.describe(handle),
          stack.toString());
    }
  }

  /** Carries a stuck task's stack trace into the log. */
  private static final class StuckTaskTrace extends Throwable {
    private static final long serialVersionUID = 1L;

    StuckTaskTrace(String message) {
      super(message, null, false, true);
    }
  }
}
