package io.github.gather4j.internal;

import io.github.gather4j.Progress;
import io.github.gather4j.ProgressListener;

/**
 * The counts a progress listener is told, and the call of the listener. Owner thread only: the run
 * counts a task when its owner takes the task's end from the event queue, so the listener is never
 * called concurrently with itself. Exists only for a call with a listener.
 */
final class ProgressCounter {
  private final ProgressListener listener;
  private final String label;
  private int succeeded;
  private int failed;
  private int cancelled;
  private boolean listenerFailed;

  ProgressCounter(ProgressListener listener, String label) {
    this.listener = listener;
    this.label = label;
  }

  /** Counts one task that ended with {@code state} (SUCCESS, FAILED or CANCELLED). */
  void ended(int state) {
    switch (state) {
      case GatherRun.SUCCESS -> succeeded++;
      case GatherRun.FAILED -> failed++;
      default -> cancelled++;
    }
  }

  /** Counts {@code count} tasks that a stop cancelled before they were ever claimed. */
  void cancelledUnclaimed(int count) {
    cancelled += count;
  }

  /** Tells the listener the counts; a listener that throws is logged once and otherwise ignored. */
  void report(int total) {
    try {
      listener.onProgress(new Progress(total, succeeded, failed, cancelled));
    } catch (Throwable t) {
      if (!listenerFailed) {
        listenerFailed = true;
        GatherRun.LOG.log(
            System.Logger.Level.WARNING,
            "the progress listener of gather" + label + " threw; the gather goes on without it",
            t);
      }
    }
  }
}
