package io.github.gather4j.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An input read as slots free: {@code asCompleted} with a limit over a collection that is not a
 * list. Tasks are taken from its iterator one at a time, with their claim, under a lock (an
 * iterator is not thread-safe, and each claim must take the task of its index); a started job sits
 * in one of {@code limit} seats until it ends, so that memory follows the limit, not the size.
 *
 * <p>The lock is only ever tried (see {@code GatherRun.schedule}): a thread that finds it held
 * leaves its free slot to the holder, which looks at the free slots again after unlocking, so no
 * thread waits for it. A job leaves its seat before it hands its slot on, so a job holding a slot
 * always finds a free seat.
 */
final class LazyInput {
  private final Iterator<?> iterator;
  private final int size;
  private final ReentrantLock lock = new ReentrantLock();
  private final Seats<Job> seats;

  /** What the input gave for a task it could not give: the task's failure. */
  record PullFailure(Throwable failure) {}

  /**
   * Reads {@code iterator}, which promised {@code size} tasks, with {@code limit} seats.
   *
   * @param iterator the collection's iterator, not yet read
   * @param size the collection's size
   * @param limit the most tasks running at once
   */
  LazyInput(Iterator<?> iterator, int size, int limit) {
    this.iterator = iterator;
    this.size = size;
    this.seats = new Seats<>(limit);
  }

  /** Takes the lock if no one holds it; returns whether it did. */
  boolean tryLock() {
    return lock.tryLock();
  }

  void unlock() {
    lock.unlock();
  }

  /**
   * Takes task {@code index}, the next of the iterator; called with its claim, under the lock.
   *
   * @return the task (a {@link Callable}), or a {@link PullFailure} saying why there is none
   */
  Object pull(int index) {
    try {
      Object task = iterator.next();
      if (task == null) {
        return new PullFailure(
            new NullPointerException("task " + index + " is null: every task must be non-null"));
      }
      if (!(task instanceof Callable<?>)) {
        return new PullFailure(
            new ClassCastException(
                "task " + index + " is a " + task.getClass().getName() + ", not a Callable"));
      }
      return task;
    } catch (NoSuchElementException e) {
      return new PullFailure(
          new IllegalStateException(
              "the tasks' iterator ended at task "
                  + index
                  + ", before the "
                  + size
                  + " tasks the collection's size() promised",
              e));
    } catch (Throwable t) {
      return new PullFailure(t);
    }
  }

  /** Seats a job taken from the input; called under the lock. Returns its seat. */
  int seat(Job job) {
    return seats.take(job);
  }

  /** Frees the seat of a job that has ended; any thread. */
  void leave(int seat) {
    seats.leave(seat);
  }

  /** Calls {@code action} with every seated job: those that may still run. */
  void forEachSeated(Consumer<Job> action) {
    seats.forEach(action);
  }
}
