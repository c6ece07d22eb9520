package io.github.gather4j.modelcheck;

import io.github.gather4j.internal.TaskEngine;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An engine that runs nothing by itself: the model-checked threads play the tasks, calling back
 * each started task, so that the checker explores every interleaving of their ends.
 */
final class Scripted implements TaskEngine {
  /** One started task: the handle the engine gives the gather. */
  static final class Played {
    final Task task;
    volatile boolean cancelled;

    Played(Task task) {
      this.task = task;
    }

    /** The task returns {@code value}, or ends by its cancellation if it was cancelled. */
    void end(Object value) {
      if (cancelled) {
        task.ended(null, new InterruptedException("cancelled"));
      } else {
        task.ended(value, null);
      }
      task.exited();
    }

    void fail(Exception failure) {
      task.ended(null, failure);
      task.exited();
    }
  }

  final ConcurrentHashMap<Integer, Played> started = new ConcurrentHashMap<>();

  @Override
  public Object start(Task task) {
    Played played = new Played(task);
    if (started.putIfAbsent(task.index(), played) != null) {
      throw new AssertionError("task " + task.index() + " started twice");
    }
    return played;
  }

  @Override
  public void leave(Task task) {
    throw new AssertionError("a scripted task is played by the test, never run");
  }

  @Override
  public void cancel(Object handle) {
    ((Played) handle).cancelled = true;
  }

  @Override
  public StackTraceElement[] stackTrace(Object handle) {
    return new StackTraceElement[0];
  }

  @Override
  public String describe(Object handle) {
    return "scripted";
  }

  @Override
  public void awaitTermination() {}

  Played task(int index) {
    Played played = started.get(index);
    if (played == null) {
      throw new AssertionError("task " + index + " was not started");
    }
    return played;
  }
}
