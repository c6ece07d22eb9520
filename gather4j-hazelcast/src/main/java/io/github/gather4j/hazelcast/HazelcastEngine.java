package io.github.gather4j.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionAware;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.github.gather4j.internal.Inputs;
import io.github.gather4j.internal.Options;
import io.github.gather4j.internal.TaskEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The engine of one gather call on a Hazelcast cluster: each task is sent to a data member through
 * the cluster's {@link IExecutorService}, its end reported when the member answers.
 *
 * <ul>
 *   <li>Placement: round-robin over the data members the cluster had when the call began; a task
 *       that is {@link PartitionAware} goes to the owner of its key.
 *   <li>In flight: never more per member than its executor's pool, so that no task of the call
 *       queues behind others on a member (where a cancel could not reach it quickly); the rest wait
 *       here, in order, and a cancel ends them at once.
 *   <li>Cancel: on a separate executor ({@code <name>.control}, so it never waits behind tasks), a
 *       stop of the whole call tells every member once, a single task's cancel tells its member.
 *       The member interrupts the task, or keeps it from running if the cancel came first ({@link
 *       MemberCalls}). A task's end is its member's answer, so when the call returns no task of it
 *       runs anywhere (members that left aside).
 *   <li>Ends are reported on a virtual thread of this engine, never on Hazelcast's own threads:
 *       what follows an end (the next start, a progress listener) may block. Only a success's seat
 *       is handed on where the answer arrives (sending the next waiting task blocks nothing).
 * </ul>
 */
final class HazelcastEngine implements TaskEngine {
  private final UUID callId = UUID.randomUUID();
  private final HazelcastInstance hazelcast;
  private final IExecutorService executor;
  private final IExecutorService control;
  private final List<Member> members;
  private final int[] perMember; // each member's pool: the most in flight there
  private final MemberLoss onMemberLoss;
  private final String threadName;

  // Guarded by this: tasks in flight per member, tasks waiting for a free member (any member, or
  // the owner of their key), round-robin. A cancelled waiting task leaves its queue lazily (its
  // `queued` is cleared), so that a stop of n waiting tasks costs n, not n squared.
  private final int[] inFlight;
  private final boolean[] left; // members this call has seen leave: nothing more is sent there
  private int living;
  private final ArrayDeque<Remote> waiting = new ArrayDeque<>();
  private final List<ArrayDeque<Remote>> waitingFor;
  private int queued;
  private int next;
  private boolean callCancelled;
  private boolean anyCancelSent;

  private final Set<Thread> reporters = ConcurrentHashMap.newKeySet();
  private final Executor report = this::report;

  HazelcastEngine(
      HazelcastInstance hazelcast, String executorName, MemberLoss onMemberLoss, Options options) {
    HazelcastGather.checkRunning(hazelcast);
    this.hazelcast = hazelcast;
    this.executor = hazelcast.getExecutorService(executorName);
    this.control = hazelcast.getExecutorService(executorName + ".control");
    List<Member> data = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (!member.isLiteMember()) {
        data.add(member);
      }
    }
    if (data.isEmpty()) {
      throw new IllegalStateException(
          "the Hazelcast cluster "
              + hazelcast.getName()
              + " has no data member to run tasks on (lite members run none): start a member");
    }
    this.members = List.copyOf(data);
    this.perMember = PoolSizes.of(hazelcast, executorName, control, members);
    this.inFlight = new int[members.size()];
    List<ArrayDeque<Remote>> owned = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      owned.add(new ArrayDeque<>());
    }
    this.waitingFor = List.copyOf(owned);
    this.left = new boolean[members.size()];
    this.living = members.size();
    this.onMemberLoss = onMemberLoss;
    String name = options.name();
    this.threadName = "gather4j-hazelcast" + (name == null ? "" : "-" + name);
  }

  @Override
  public Object start(Task task) {
    Remote remote = new Remote(task, task.work());
    remote.owner = ownerOf(remote.work);
    int member;
    boolean noneLeft;
    synchronized (this) {
      member = seatFor(remote.owner);
      if (member < 0) {
        enqueue(remote, false);
      } else {
        remote.member = member;
      }
      noneLeft = living == 0;
    }
    if (member < 0) {
      if (noneLeft) {
        sendWaiting(); // fails it: no member is left to run it
      }
      return remote;
    }
    send(remote, true);
    return remote;
  }

  /** The index of the member owning a partition-aware task's (or map item's) key, or -1. */
  private int ownerOf(Callable<?> work) {
    Object keyed = work instanceof Inputs.Applied applied ? applied.item() : work;
    if (!(keyed instanceof PartitionAware<?> aware)) {
      return -1;
    }
    Partition partition = hazelcast.getPartitionService().getPartition(aware.getPartitionKey());
    Member owner = partition.getOwner();
    return owner == null ? -1 : members.indexOf(owner);
  }

  /**
   * Takes a seat on {@code owner}, or on the next member with one; -1 if none is free. A task whose
   * key's owner left goes round-robin: its partition moves to another member.
   */
  private int seatFor(int owner) {
    if (owner >= 0 && !left[owner]) {
      if (inFlight[owner] < perMember[owner]) {
        inFlight[owner]++;
        return owner;
      }
      return -1;
    }
    for (int tried = 0; tried < members.size(); tried++) {
      int member = next;
      next = (next + 1) % members.size();
      if (!left[member] && inFlight[member] < perMember[member]) {
        inFlight[member]++;
        return member;
      }
    }
    return -1;
  }

  /**
   * Sends a task that holds a seat on its member. A failure to send is thrown when {@code
   * fromStart} (the gather records it), else reported as the task's end.
   */
  private void send(Remote remote, boolean fromStart) {
    Task task = remote.task;
    if (task.cancelRequested() || remote.cancelled) {
      freeSeat(remote.member);
      reportLater(remote, null, new CancellationException("cancelled before it was sent"));
      return;
    }
    Future<Object> future;
    try {
      future =
          executor.submitToMember(
              new RemoteTask(callId, task.index(), remote.work), members.get(remote.member));
    } catch (RuntimeException e) {
      freeSeat(remote.member);
      RuntimeException failure = sendFailure(remote, e);
      if (fromStart) {
        throw failure;
      }
      reportLater(remote, null, failure);
      return;
    }
    remote.sent = true;
    if (future instanceof CompletableFuture<Object> completable) {
      completable.whenComplete((value, failure) -> answered(remote, value, failure));
    } else {
      report.execute(
          () -> {
            Object value = null;
            Throwable failure = null;
            try {
              value = future.get();
            } catch (ExecutionException e) {
              failure = e.getCause() == null ? e : e.getCause();
            } catch (Throwable t) {
              failure = t;
            }
            ended(remote, value, failure);
          });
    }
    if (task.cancelRequested() || remote.cancelled) {
      cancel(remote); // cancelled while it was being sent: the member learns it now
    }
  }

  /**
   * The member answered, on Hazelcast's thread. A success while the call goes on hands its seat on
   * at once (sending the next waiting task costs no thread hop), and its end is reported on a
   * thread of this engine; anything else is handled there in order (a failure's stop first keeps
   * the waiting tasks from being sent).
   */
  private void answered(Remote remote, Object value, Throwable thrown) {
    if (thrown != null || remote.task.gatherStopped()) {
      report.execute(() -> ended(remote, value, thrown));
      return;
    }
    freeSeat(remote.member);
    sendWaiting();
    reportLater(remote, value, null);
  }

  /**
   * The member has answered for {@code remote}: its end is told first (a failure's stop then keeps
   * the waiting tasks from being sent), then its seat goes to the next waiting task.
   */
  private void ended(Remote remote, Object value, Throwable thrown) {
    Throwable failure = thrown == null ? null : memberFailure(remote, unwrap(thrown));
    Task task = remote.task;
    if (failure != null && isMemberLoss(failure) && memberLeft(remote)) {
      freeSeat(remote.member);
      sendWaiting(); // the task is still the call's: it has not exited
      return;
    }
    try {
      task.ended(value, failure);
    } finally {
      try {
        freeSeat(remote.member);
        sendWaiting();
      } finally {
        task.exited();
      }
    }
  }

  private static boolean isMemberLoss(Throwable failure) {
    return failure instanceof MemberLeftException
        || failure instanceof TargetDisconnectedException
        || failure instanceof TargetNotMemberException;
  }

  /**
   * Notes that {@code remote}'s member left; with {@link MemberLoss#RERUN}, puts it first in line
   * to be sent again elsewhere (at-least-once) unless it was cancelled or no member is left.
   *
   * @return whether the task waits to be sent again
   */
  private synchronized boolean memberLeft(Remote remote) {
    int member = remote.member;
    if (!left[member]) {
      left[member] = true;
      living--;
      // The tasks waiting for the member's partitions go round-robin: the partitions move on.
      ArrayDeque<Remote> orphans = waitingFor.get(member);
      for (Remote orphan; (orphan = orphans.pollLast()) != null; ) {
        waiting.addFirst(orphan);
      }
    }
    if (onMemberLoss != MemberLoss.RERUN
        || living == 0
        || remote.cancelled
        || remote.task.cancelRequested()) {
      return false;
    }
    remote.sent = false;
    enqueue(remote, true);
    return true;
  }

  /** Puts a task in line for a free seat: first in line when it is to run again. Guarded. */
  private void enqueue(Remote remote, boolean first) {
    ArrayDeque<Remote> line =
        remote.owner >= 0 && !left[remote.owner] ? waitingFor.get(remote.owner) : waiting;
    if (first) {
      line.addFirst(remote);
    } else {
      line.addLast(remote);
    }
    remote.queued = true;
    queued++;
  }

  /** The next waiting task a member has a free seat for, its seat taken; or null. Guarded. */
  private @Nullable Remote nextToSend() {
    for (int member = 0; member < members.size(); member++) {
      ArrayDeque<Remote> line = waitingFor.get(member);
      if (!left[member] && inFlight[member] < perMember[member] && !line.isEmpty()) {
        Remote remote = poll(line);
        if (remote != null) {
          inFlight[member]++;
          remote.member = member;
          return remote;
        }
      }
    }
    while (!waiting.isEmpty()) {
      Remote head = waiting.peekFirst();
      if (!head.queued) {
        waiting.pollFirst(); // cancelled while it waited
        continue;
      }
      int member = seatFor(-1);
      if (member < 0) {
        return null;
      }
      poll(waiting);
      head.member = member;
      return head;
    }
    return null;
  }

  /** Takes the first task still queued from {@code line}, dropping cancelled ones. Guarded. */
  private @Nullable Remote poll(ArrayDeque<Remote> line) {
    for (Remote remote; (remote = line.pollFirst()) != null; ) {
      if (remote.queued) {
        remote.queued = false;
        queued--;
        return remote;
      }
    }
    return null;
  }

  private void freeSeat(int member) {
    synchronized (this) {
      inFlight[member]--;
    }
  }

  /**
   * Sends waiting tasks while members have free seats; if every member has left, the waiting tasks
   * fail.
   */
  private void sendWaiting() {
    while (true) {
      Remote remote;
      synchronized (this) {
        if (living == 0 && queued > 0) {
          // Every member's own line was moved to `waiting` as it left.
          remote = poll(waiting);
          if (remote == null) {
            return;
          }
          IllegalStateException none =
              new IllegalStateException(
                  "task "
                      + remote.task.index()
                      + " was not run: every member of the cluster this call used has left");
          reportLater(remote, null, none);
          continue;
        }
        remote = nextToSend();
        if (remote == null) {
          return;
        }
      }
      send(remote, false);
    }
  }

  @Override
  public void cancel(Object handle) {
    Remote remote = (Remote) handle;
    remote.cancelled = true;
    boolean wasWaiting;
    synchronized (this) {
      wasWaiting = remote.queued;
      if (wasWaiting) {
        remote.queued = false; // its queue drops it when it comes to it
        queued--;
      }
    }
    if (wasWaiting) {
      reportLater(remote, null, new CancellationException("cancelled before it was sent"));
      return;
    }
    if (!remote.sent) {
      return; // being sent: send looks at the flag once it has sent it
    }
    try {
      if (remote.task.gatherStopped()) {
        cancelCall(); // the whole call stops: one message per member, not one per task
      } else {
        anyCancelSent();
        control.executeOnMember(
            new Control(Control.Kind.CANCEL_TASK, callId, remote.task.index()),
            members.get(remote.member));
      }
    } catch (RuntimeException e) {
      // The member is gone or the instance shut down: the task's future fails on its own.
    }
  }

  private void cancelCall() {
    synchronized (this) {
      if (callCancelled) {
        return;
      }
      callCancelled = true;
      anyCancelSent = true;
    }
    tellEveryMember(new Control(Control.Kind.CANCEL_CALL, callId, -1));
  }

  /**
   * Sends {@code message} to each member on its own: one that left does not keep it from others.
   */
  private void tellEveryMember(Control message) {
    for (Member member : members) {
      try {
        control.executeOnMember(message, member);
      } catch (RuntimeException e) {
        // The member is gone or the instance shut down: nothing of the call runs there any more.
      }
    }
  }

  private synchronized void anyCancelSent() {
    anyCancelSent = true;
  }

  @Override
  public void leave(Task task) {
    // Never called: this engine runs no Task.run(), it reports ends itself.
  }

  @Override
  public StackTraceElement[] stackTrace(Object handle) {
    return new StackTraceElement[0]; // the task's thread is on another JVM
  }

  @Override
  public String describe(Object handle) {
    Remote remote = (Remote) handle;
    return remote.sent
        ? "on member " + members.get(remote.member).getAddress()
        : "waiting on the caller for a free member";
  }

  @Override
  public void awaitTermination() {
    boolean interrupted = false;
    for (Thread thread : List.copyOf(reporters)) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    boolean forget;
    synchronized (this) {
      forget = anyCancelSent;
    }
    if (forget) {
      // Members that cannot be told forget the call within the hour on their own.
      tellEveryMember(new Control(Control.Kind.FORGET, callId, -1));
    }
  }

  /** Runs {@code action} on a virtual thread of this engine, joined by awaitTermination. */
  private void report(Runnable action) {
    Thread thread =
        Thread.ofVirtual()
            .name(threadName)
            .unstarted(
                () -> {
                  try {
                    action.run();
                  } finally {
                    reporters.remove(Thread.currentThread());
                  }
                });
    reporters.add(thread);
    thread.start();
  }

  private void reportLater(Remote remote, Object value, Throwable failure) {
    report.execute(
        () -> {
          Task task = remote.task;
          try {
            task.ended(value, failure);
          } finally {
            task.exited();
          }
        });
  }

  /**
   * What the task threw on its member: Hazelcast wraps it in a plain {@link ExecutionException}
   * (and the future's callback in a {@link CompletionException}). Its own exceptions of member loss
   * are ExecutionExceptions of their own class ({@code MemberLeftException}): kept as they are.
   */
  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t.getClass() == ExecutionException.class)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** What a task that could not be sent failed with: its index and class named. */
  private RuntimeException sendFailure(Remote remote, RuntimeException e) {
    if (e instanceof HazelcastSerializationException) {
      return new IllegalArgumentException(
          label(remote)
              + " cannot be sent to the cluster: "
              + rootMessage(e)
              + ". "
              + HazelcastGather.SERIALIZATION_HINT,
          e);
    }
    return e;
  }

  /** A member's failure, said in terms of the task when it is one of serialization. */
  private Throwable memberFailure(Remote remote, Throwable failure) {
    if (failure instanceof HazelcastSerializationException) {
      return new IllegalArgumentException(
          label(remote)
              + " or its result could not be serialized or rebuilt between the caller and member "
              + members.get(remote.member).getAddress()
              + ": "
              + rootMessage(failure)
              + ". "
              + HazelcastGather.SERIALIZATION_HINT
              + " Every class a task uses must be on every member's class path.",
          failure);
    }
    return failure;
  }

  /** "task 3 (class com.example.Fetch)": the task, in a message. */
  private static String label(Remote remote) {
    return "task " + remote.task.index() + " (" + describeWork(remote.work) + ")";
  }

  private static String describeWork(Callable<?> work) {
    if (work instanceof Inputs.Applied applied) {
      return "mapper "
          + applied.mapper().getClass().getName()
          + " on an item of class "
          + applied.item().getClass().getName();
    }
    return "class " + work.getClass().getName();
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** One task as this engine sees it: the engine's handle. */
  private static final class Remote {
    final Task task;
    final Callable<?> work;
    int owner = -1; // the member owning its partition key, or -1
    int member = -1; // guarded by the engine, set once it has a seat
    boolean queued; // guarded by the engine: waiting in a queue for a seat
    volatile boolean sent;
    volatile boolean cancelled;

    Remote(Task task, Callable<?> work) {
      this.task = task;
      this.work = work;
    }
  }
}
