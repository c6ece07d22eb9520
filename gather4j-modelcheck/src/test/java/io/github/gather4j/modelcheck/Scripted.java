package io.github.gather4j.modelcheck;

import io.github.gather4j.internal.TaskEngine;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An engine that runs nothing by itself: the model-checked threads play the tasks, calling the
 * listener of each started task, so that the checker explores every interleaving of their ends.
 */
final class Scripted implements TaskEngine {
  /** One started task. */
  static final class Task implements Running {
    final Listener listener;
    volatile boolean cancelled;

    Task(Listener listener) {
      this.listener = listener;
    }

    /** The task returns {@code value}, or ends by its cancellation if it was cancelled. */
    void end(Object value) {
      if (cancelled) {
        listener.ended(null, new InterruptedException("cancelled"));
      } else {
        listener.ended(value, null);
      }
      listener.exited();
    }

    void fail(Exception failure) {
      listener.ended(null, failure);
      listener.exited();
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public StackTraceElement[] stackTrace() {
      return new StackTraceElement[0];
    }

    @Override
    public String describe() {
      return "scripted";
    }
  }

  final ConcurrentHashMap<Integer, Task> started = new ConcurrentHashMap<>();

  @Override
  public Running start(int index, Callable<?> task, Listener listener) {
    Task t = new Task(listener);
    if (started.putIfAbsent(index, t) != null) {
      throw new AssertionError("task " + index + " started twice");
    }
    return t;
  }

  @Override
  public void awaitTermination() {}

  Task task(int index) {
    Task t = started.get(index);
    if (t == null) {
      throw new AssertionError("task " + index + " was not started");
    }
    return t;
  }
}
