package io.github.gather4j.internal;

import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Runs each task on a new thread from a {@link ThreadFactory} (virtual threads by default).
 *
 * <p>Structured guarantee: a gather returns only when no thread it started is alive. A count of
 * ended tasks is not enough (a thread lives on for a moment after its last action), keeping every
 * thread to join it would hold a million threads for a million tasks, and the JDK's own
 * thread-per-task executor counts tasks, not terminations. So the threads form {@value #CHAINS}
 * join chains: each ending thread swaps itself into the slot of {@link #chains} its task's index
 * selects and joins the thread it replaced before it terminates. {@link #awaitTermination()} joins
 * the thread in each slot, and through the chains every thread before it. A thread's predecessor in
 * its chain is usually the task {@value #CHAINS} places earlier, long finished: the join costs a
 * read, not a park, and choosing the slot touches no shared counter.
 */
public final class ThreadEngine implements TaskEngine {
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();
  private static final int CHAINS = 32;

  /**
   * The thread in a chain's slot before any task has ended: never started, so joining it returns at
   * once. A slot is never null, so the ending thread's check of its predecessor has no null case
   * for the JIT to bet against: a null seen only by the first tasks of every gather made the
   * compiled code of the workers deoptimise at every call.
   */
  private static final Thread NO_THREAD = Thread.ofVirtual().unstarted(() -> {});

  private static final Thread[] EMPTY_CHAINS = filled(NO_THREAD);

  private final ThreadFactory factory;
  private final @Nullable String name;
  private final AtomicReferenceArray<Thread> chains = new AtomicReferenceArray<>(EMPTY_CHAINS);

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
  public Object start(Task task) {
    Thread thread = factory.newThread(task);
    if (thread == null) {
      throw new RejectedExecutionException(
          "the thread factory returned null for task "
              + task.index()
              + ": it refused to make a thread");
    }
    if (name != null) {
      thread.setName(name + "-" + task.index());
    }
    thread.start();
    return thread;
  }

  @Override
  public void leave(Task task) {
    // Join a chain before reporting the exit, so that when the last task has exited every thread
    // is in a chain; join the predecessor after it, so that a slow predecessor never holds up the
    // caller's wake-up.
    Thread previous = chains.getAndSet(task.index() & (CHAINS - 1), Thread.currentThread());
    try {
      task.exited();
    } finally {
      if (previous.isAlive()) {
        joinUninterruptibly(previous);
      }
    }
  }

  @Override
  public void cancel(Object handle) {
    ((Thread) handle).interrupt();
  }

  @Override
  public StackTraceElement[] stackTrace(Object handle) {
    return ((Thread) handle).getStackTrace();
  }

  @Override
  public String describe(Object handle) {
    Thread thread = (Thread) handle;
    return thread.getName().isEmpty() ? thread.toString() : "thread \"" + thread.getName() + "\"";
  }

  @Override
  public void awaitTermination() {
    for (int i = 0; i < CHAINS; i++) {
      joinUninterruptibly(chains.get(i));
    }
  }

  private static Thread[] filled(Thread thread) {
    Thread[] array = new Thread[CHAINS];
    Arrays.fill(array, thread);
    return array;
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
}
