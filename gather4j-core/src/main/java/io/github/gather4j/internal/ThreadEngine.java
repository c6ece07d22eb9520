package io.github.gather4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs each task on a new thread from a {@link ThreadFactory} (virtual threads by default).
 *
 * <p>Structured guarantee: a gather returns only when no thread it started is alive. A count of
 * ended tasks is not enough (a thread lives on for a moment after its last action), keeping every
 * thread to join it would hold a million threads for a million tasks, and the JDK's own
 * thread-per-task executor counts tasks, not terminations. So each ending thread swaps itself into
 * one of {@value #SLOTS} {@link #slots} (its task's index selects it) and answers for the thread it
 * replaced: that thread has terminated, or it goes on the {@link #stragglers} stack, before the
 * ending thread reports its exit. When every task has exited, every thread is either in a slot, or
 * on the stack, or has terminated: {@link #awaitTermination()} joins the first two.
 *
 * <p>The thread a slot held is usually the one that ended {@value #SLOTS} endings earlier, long
 * gone: checking it costs a read, and choosing the slot touches no shared counter. When many tasks
 * end at once (a stop, a burst of timers), the replaced thread may still be finishing; it is left
 * to the caller rather than joined on the spot, which made ending threads park one behind another.
 *
 * <p>A gather of at most {@value #SLOTS} tasks, told by {@link #expect}, has a slot per task: no
 * thread is ever replaced, so an ending thread only stores itself (no atomic swap, no check), and
 * the caller joins as many threads as the gather has tasks, not {@value #SLOTS}. The store needs no
 * fence: the task counts its exit after it, and the caller reads the slots only once it has seen
 * every exit counted.
 */
public final class ThreadEngine implements TaskEngine {
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();
  private static final int SLOTS = 32;

  /**
   * The thread in a slot before any task has ended: never started, so joining it returns at once. A
   * slot is never null, so the ending thread's check of the thread it replaces has no null case for
   * the JIT to bet against: a null seen only by the first tasks of every gather made the compiled
   * code of the workers deoptimise at every call.
   */
  private static final Thread NO_THREAD = Thread.ofVirtual().unstarted(() -> {});

  private static final Thread[] EMPTY_SLOTS = filled(NO_THREAD);

  /**
   * How long a caller that may spin ({@link Spinning#mayWaitSpinning}) waits, spinning, for a
   * thread that has exited its task to end, before it joins it.
   */
  private static final long TAIL_SPIN_NANOS = 5_000;

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Thread[].class);

  /**
   * The bottom of every straggler stack, for the same reason as {@link #NO_THREAD}: the first
   * straggler of a gather found an empty (null) stack, and that one null made the JIT throw away
   * the workers' compiled code at every gather, so that the tasks started next ran, and slept, in
   * larger interpreted frames.
   */
  private static final Straggler NO_STRAGGLER = new Straggler(NO_THREAD, null);

  private final ThreadFactory factory;
  private final @Nullable String name;

  // Set by the owner before the first start (which publishes it to the tasks' threads): by
  // expect, or at the first start if the gather did not say how many tasks it has.
  private Thread @Nullable [] slots;
  // Whether each task has a slot of its own (expect: at most SLOTS tasks): no thread is replaced.
  private boolean ownSlots;
  private final AtomicReference<Straggler> stragglers = new AtomicReference<>(NO_STRAGGLER);

  /** A thread that had not terminated when an ending thread replaced it in a slot. */
  private record Straggler(Thread thread, @Nullable Straggler next) {}

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

  /**
   * Gives each task a slot of its own when there are at most {@value #SLOTS}.
   *
   * @param tasks how many tasks the gather will start at most, or -1 if it cannot tell
   */
  @Override
  public void expect(int tasks) {
    if (slots != null) {
      throw new IllegalStateException(
          "a thread engine serves one gather call: expect was called again, or after a start");
    }
    if (tasks >= 0 && tasks <= SLOTS) {
      slots = Arrays.copyOf(EMPTY_SLOTS, tasks);
      ownSlots = true;
    } else {
      slots = EMPTY_SLOTS.clone();
    }
  }

  @Override
  public Object start(Task task) {
    Thread[] array = slots;
    if (array == null) { // the first start, by the owner, of a gather that did not call expect
      array = EMPTY_SLOTS.clone();
      slots = array;
    } else if (ownSlots && task.index() >= array.length) {
      // Its leave would have no slot, and its exit would never be counted: fail it instead.
      throw new IllegalStateException(
          "task "
              + task.index()
              + " is beyond the "
              + array.length
              + " tasks this engine was told of: an engine serves one gather call");
    }
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
    // Take a slot, and answer for the thread replaced, before reporting the exit: when the last
    // task has exited, every thread is accounted for.
    Thread[] array = Objects.requireNonNull(slots);
    Thread me = Thread.currentThread();
    if (ownSlots) {
      SLOT.setRelease(array, task.index(), me);
      task.exited();
      return;
    }
    Thread previous = (Thread) SLOT.getAndSet(array, task.index() & (SLOTS - 1), me);
    if (previous.isAlive()) {
      Straggler top;
      do {
        top = stragglers.get();
      } while (!stragglers.compareAndSet(top, new Straggler(previous, top)));
    }
    task.exited();
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
    Thread[] array = slots;
    if (array != null) {
      for (Thread thread : array) {
        joinUninterruptibly(thread);
      }
    }
    for (Straggler s = stragglers.get(); s != null; s = s.next()) {
      joinUninterruptibly(s.thread());
    }
  }

  /**
   * Takes the stragglers off the stack and puts back those still alive: one that has terminated
   * needs no join. The owner only; ending threads may push meanwhile, and each thread taken off is
   * either terminated or back on the stack before this returns, so {@link #awaitTermination()}
   * (called later by the same owner) still finds every thread that may be alive.
   */
  @Override
  public void trim() {
    Straggler taken = stragglers.getAndSet(NO_STRAGGLER);
    for (Straggler s = taken; s != null; s = s.next()) { // the bottom one never started
      Thread thread = s.thread();
      if (thread.isAlive()) {
        Straggler top;
        do {
          top = stragglers.get();
        } while (!stragglers.compareAndSet(top, new Straggler(thread, top)));
      }
    }
  }

  private static Thread[] filled(Thread thread) {
    Thread[] array = new Thread[SLOTS];
    Arrays.fill(array, thread);
    return array;
  }

  static void joinUninterruptibly(Thread thread) {
    if (!thread.isAlive()) {
      return;
    }
    if (Spinning.mayWaitSpinning(Thread.currentThread())) {
      // The thread has exited its task: it ends within a microsecond or so. Waiting for that
      // beats a platform thread's park, whose wake-up goes through the OS. (A virtual thread's
      // park is cheap, and measured no slower than spinning.)
      long start = System.nanoTime();
      do {
        Thread.onSpinWait();
        if (!thread.isAlive()) {
          return;
        }
      } while (System.nanoTime() - start < TAIL_SPIN_NANOS);
    }
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
