package io.github.gather4j.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs each task on a new thread from a {@link ThreadFactory} (virtual threads by default).
 *
 * <p>Structured guarantee: a gather returns only when no thread it started is alive, which needs a
 * {@code join}, not just a count of ended tasks. Keeping every thread to join it would hold a
 * million threads' memory for a million tasks, so the threads form a chain instead: each ending
 * thread swaps itself into {@link #last} and joins the thread it replaced before it reports {@code
 * exited}. When every task has exited, every thread but the last in the chain has been joined by
 * its successor, and {@link #awaitTermination()} joins the last one. The join is nearly always of a
 * thread that has already finished, so it costs a read, not a park.
 */
public final class ThreadEngine implements TaskEngine {
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

  private final ThreadFactory factory;
  private final @Nullable String name;
  private final AtomicReference<@Nullable Thread> last = new AtomicReference<>();

  /**
   * Creates an engine.
   *
   * @param factory makes the threads, or null for virtual threads
   * @param name when not null, each thread is named {@code name-index}
   */
  public ThreadEngine(@Nullable ThreadFactory factory, @Nullable String name) {
    this.factory = factory == null ? VIRTUAL : factory;
    this.name = name;
  }

  @Override
  public Running start(int index, Callable<?> task, Listener listener) {
    Worker worker = new Worker(task, listener);
    Thread thread = factory.newThread(worker);
    if (thread == null) {
      throw new RejectedExecutionException(
          "the thread factory returned null for task " + index + ": it refused to make a thread");
    }
    if (name != null) {
      thread.setName(name + "-" + index);
    }
    worker.thread = thread;
    thread.start();
    return worker;
  }

  @Override
  public void awaitTermination() {
    Thread thread = last.get();
    if (thread != null) {
      joinUninterruptibly(thread);
    }
  }

  static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          thread.join();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final class Worker implements Runnable, Running {
    private final Callable<?> task;
    private final Listener listener;
    private volatile boolean cancelled;
    // Written before the thread starts; read by cancel() after start() returned the worker.
    private @Nullable Thread thread;

    Worker(Callable<?> task, Listener listener) {
      this.task = task;
      this.listener = listener;
    }

    @Override
    public void run() {
      Object value = null;
      Throwable failure = null;
      try {
        if (cancelled) {
          throw new CancellationException("cancelled before it started");
        }
        value = task.call();
      } catch (Throwable t) {
        failure = t;
      }
      try {
        listener.ended(value, failure);
      } finally {
        Thread previous = last.getAndSet(Thread.currentThread());
        if (previous != null && previous.isAlive()) {
          joinUninterruptibly(previous);
        }
        listener.exited();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }

    @Override
    public StackTraceElement[] stackTrace() {
      Thread t = thread;
      return t == null ? new StackTraceElement[0] : t.getStackTrace();
    }

    @Override
    public String describe() {
      Thread t = thread;
      if (t == null) {
        return "no thread yet";
      }
      return t.getName().isEmpty() ? t.toString() : "thread \"" + t.getName() + "\"";
    }
  }
}
