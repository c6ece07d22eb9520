package io.github.gather4j.hazelcast;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A member's side of the gathers that run tasks on it: which of their tasks run on which thread,
 * and which calls or tasks were cancelled. A cancel can reach a member before the task it is meant
 * for (Hazelcast sends them as unrelated operations), so a task looks here before it runs and does
 * not run if its call or itself was cancelled; a task that runs is interrupted by the cancel.
 *
 * <p>One registry per JVM: members started in one JVM share it, which is harmless, as a call's id
 * is unique.
 */
final class MemberCalls {
  /** A cancelled call whose caller never said it ended is forgotten after this long. */
  private static final long FORGET_AFTER_NANOS = TimeUnit.HOURS.toNanos(1);

  private static final ConcurrentHashMap<UUID, Call> CALLS = new ConcurrentHashMap<>();

  private MemberCalls() {}

  /**
   * Registers the calling thread as running task {@code index} of call {@code callId}.
   *
   * @throws CancellationException if the call or the task was cancelled: it must not run
   */
  static void enter(UUID callId, int index) {
    while (true) {
      Call call = CALLS.computeIfAbsent(callId, id -> new Call());
      synchronized (call) {
        if (call.removed) {
          continue; // emptied and removed since we found it: look again
        }
        if (call.cancelled || call.cancelledTasks.contains(index)) {
          throw new CancellationException(
              "task " + index + " was cancelled by its gather before it began");
        }
        call.running.put(index, Thread.currentThread());
        return;
      }
    }
  }

  /**
   * Task {@code index} of call {@code callId} has ended on the calling thread: it is no longer
   * interrupted by a cancel, and an interrupt that came too late is cleared off the pool thread.
   */
  static void exit(UUID callId, int index) {
    Call call = CALLS.get(callId);
    if (call == null) {
      return;
    }
    synchronized (call) {
      call.running.remove(index);
      boolean ignored = Thread.interrupted(); // the interrupts are sent under this lock only
      if (call.running.isEmpty() && !call.cancelled && call.cancelledTasks.isEmpty()) {
        call.removed = true;
        CALLS.remove(callId, call);
      }
    }
  }

  /** Cancels every task of call {@code callId} on this JVM: running ones interrupted. */
  static void cancelCall(UUID callId) {
    forgetOldCalls();
    Call call = markable(callId);
    synchronized (call) {
      call.cancelled = true;
      call.running.values().forEach(Thread::interrupt);
    }
  }

  /** Cancels task {@code index} of call {@code callId}: interrupted if it runs here. */
  static void cancelTask(UUID callId, int index) {
    Call call = markable(callId);
    synchronized (call) {
      call.cancelledTasks.add(index);
      Thread thread = call.running.get(index);
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /** The caller of {@code callId} has ended: none of its tasks can arrive any more. */
  static void forget(UUID callId) {
    Call call = CALLS.remove(callId);
    if (call != null) {
      synchronized (call) {
        call.removed = true;
      }
    }
  }

  /** Returns how many calls this JVM knows of, for tests. */
  static int known() {
    return CALLS.size();
  }

  private static Call markable(UUID callId) {
    while (true) {
      Call call = CALLS.computeIfAbsent(callId, id -> new Call());
      synchronized (call) {
        if (!call.removed) {
          return call;
        }
      }
    }
  }

  private static void forgetOldCalls() {
    long now = System.nanoTime();
    CALLS.forEach(
        (id, call) -> {
          synchronized (call) {
            if (call.cancelled && call.running.isEmpty() && now - call.since > FORGET_AFTER_NANOS) {
              call.removed = true;
              CALLS.remove(id, call);
            }
          }
        });
  }

  /** What a member knows of one call. Guarded by its own lock. */
  private static final class Call {
    final long since = System.nanoTime();
    final Map<Integer, Thread> running = new HashMap<>();
    final Set<Integer> cancelledTasks = new HashSet<>();
    boolean cancelled;
    boolean removed;
  }
}
