package io.github.gather4j.internal;

import io.github.gather4j.GatherException;
import io.github.gather4j.Mapper;
import io.github.gather4j.ProgressListener;
import io.github.gather4j.Subtask;
import io.github.gather4j.internal.Job.StateJob;
import io.github.gather4j.internal.Job.TaskJob;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One gather call: the whole gather algorithm, whatever engine runs the tasks.
 *
 * <p>Not thread-safe as a whole: the methods named for the caller ({@code startThen}, {@code fork},
 * {@code cancelAndAwait}, {@code nextCompleted}, and what {@link Verdict} reads) are called by the
 * owner thread only; the engine's callbacks come from any thread and touch only the shared state
 * listed in the notes below.
 */
public final class GatherRun extends RunCounters {
  /*
   * How it works.
   *
   * The counting lives in RunCounters (claims, the running count, the slots of a limit, the
   * owner's wake-up); this class decides what to start, what a task's end means, when to stop,
   * and what the owner does when it wakes. Where tasks come from is prepared by Inputs (and
   * LazyInput); what a finished call returns or throws is Verdict's.
   *
   * Without a limit the owner claims and starts every task, in batches. With a limit the owner
   * starts the first `limit` tasks, and each ending task hands its slot to the next unclaimed one
   * from its own thread (handOff: straight to that task; only a slot no task is left to take goes
   * back to the free slots), so a busy or slow caller never holds the pipeline up.
   *
   * Stopping (first failure under fail-fast, first success for `any`, deadline, caller interrupt,
   * close) is one CAS on `stop`; then the claims are closed, every claimed task is cancelled, and
   * every unclaimed task is recorded as cancelled without ever starting (for a stream, yielded as
   * cancelled one at a time, after the rest). A starter re-checks `stop` after publishing its job
   * (startJob), so a task claimed while a stop scans is cancelled by one side or the other (both is
   * harmless). The failing task's own thread cancels its siblings, so the failure reaches everyone
   * at once, and the owner's wake-up cost does not grow with the number of tasks.
   *
   * The owner sleeps and is woken only when it has something to do: the last running task
   * exited, or (with a progress listener or a stream) a task ended; once per park (RunCounters).
   * Waiting for the call's end, an owner on a platform thread first looks for a few microseconds,
   * while that pays (Spinning): the operating system takes longer to wake it than a small gather
   * takes.
   * There is no lock, except the lazy input's, which is only ever tried (LazyInput).
   *
   * A task's end, in order, on the task's thread: the engine reports it `ended` (returned or
   * threw); `record` classifies it, stores its result and stops the run if the policy says so;
   * `handOff` passes its slot on (under a limit); the engine's `leave` and then `exited` say that
   * nothing of it runs any more; `exit` drops the run's reference to it and counts the exit.
   *
   * A task's cell in `jobs` (one cell per task; with results, `slots` is the same array):
   *
   *   null --starter (setVolatile)--> Job --task's thread, record (plain store)--> the result:
   *                                          the value, Abnormal(failure), or CANCELLED_SLOT
   *   null --stop, discard (plain store)--> CANCELLED_SLOT            (never claimed)
   *   stream:  null --starter--> Job --exit (setRelease)--> null      (the job keeps the outcome)
   *   scope:   null --fork (setVolatile)--> Job, for good
   *   lazy input: no cells; a running job sits in a seat of LazyInput instead.
   *
   * The plain stores of results are safe to read plainly once the run has finished: the task's
   * thread stores, then counts its exit with a volatile read-modify-write on `running` (or on a
   * stripe, later moved to `running` with getAndSet and another read-modify-write); the owner
   * reads `running == 0` (volatile) before it reads any result, and every write to `running`
   * synchronizes-with that read. Before the end, other threads read a cell only with getVolatile,
   * and only to learn whether it still holds a running Job: a stale Job is cancelled once more,
   * which is harmless.
   *
   * A StateJob's `state` word (streams and scopes): bits 0-1 the outcome (0 while running, then
   * SUCCESS, FAILED or CANCELLED), bit 2 CANCEL_REQUESTED.
   *
   *   outcome 0 --requestCancel, any thread (getAndBitwiseOr)--> outcome 0 | CANCEL_REQUESTED
   *   outcome 0 --complete, once (CAS; `result` stored before it)--> SUCCESS | FAILED | CANCELLED
   *   an outcome, once set, never changes; CANCEL_REQUESTED may still be set after it.
   *
   * Who stops: the owner (deadline, interrupt, close), a task's thread (first failure, any's
   * success), and, since v2, threads that are neither: the deadline timer of a scope or a stream,
   * and a thread ending an async gather's future. Those hold the running count around their stop
   * (stopFromOutside), so the owner cannot see the run ended while they still cancel and discard.
   *
   * The run's own one-way states: `stop` null -> Stop (one CAS); `firstFailure` null -> the first
   * failed job (one CAS); `unclaimedFrom` -1 -> the first unclaimed index (once, by the stop);
   * `finished` false -> true (owner).
   *
   * Fields: who writes, who reads, and how (beyond RunCounters' own).
   *   jobs        volatile array reference, replaced only by a scope's fork (grown, owner);
   *               cells as above.
   *   stop        volatile, CAS once (STOP) by whichever thread stops; read by any.
   *   firstFailure  volatile, CAS once (FIRST_FAILURE) by a failing task's thread; read by the
   *               owner.
   *   events      ConcurrentLinkedQueue (with a listener or a stream): added to by ending tasks
   *               and by a stop's discards, polled by the owner.
   *   joined      volatile; set by the scope's owner, read by any (Subtask.get).
   *   unclaimedFrom  volatile; written once by a stream's stop (its owner or the deadline timer)
   *               before the stop's signal, read by the owner.
   *   deadlineTimer  the owner's only, plain; the timer itself runs stop on the ticker's thread.
   *   taskTimeout, TaskTimer: see TaskTimer; Job.handle then holds the timer.
   *   owner       plain; set at construction, or by an async waiter's adopt() before it starts
   *               any task (the thread start publishes it). Read by the owner.
   *   ready, progress, callerInterrupted, finished, nextUnclaimed: the owner's only, plain.
   *   Job.handle  volatile; set by the starter once the engine started the task, read by a stop
   *               and the stuck-task report.
   *   TaskJob.seat  plain; set under the lazy input's lock before the task is started (the start
   *               publishes it), read by the task's thread in record.
   */

  /** What a call returns or throws, and whether it stops at the first failure. */
  public enum Policy {
    /** {@code all}, {@code run}, {@code map}, a scope's {@code join}: stop at the first failure. */
    ALL,
    /** {@code settled}, {@code mapSettled}: one outcome per task, never throws for a task. */
    SETTLED,
    /** {@code any}: the first success; stop at it. */
    ANY,
    /** {@code asCompleted}: outcomes in completion order. */
    STREAM
  }

  /** Why a run stopped. */
  enum Reason {
    FAILURE,
    SUCCESS,
    DEADLINE,
    INTERRUPT,
    CLOSE
  }

  /** A run's stop: why, the task that caused it (a failure, or {@code any}'s success), and when. */
  record Stop(Reason reason, @Nullable Job job, long atNanos) {}

  /** A slot value standing for a failed or cancelled task (a user can never return one). */
  private record Abnormal(@Nullable Throwable failure) {}

  private static final Abnormal CANCELLED_SLOT = new Abnormal(null);
  private static final int BATCH = 64;
  // How a task ended (0 while it runs).
  static final int SUCCESS = 1;
  static final int FAILED = 2;
  static final int CANCELLED = 3;
  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle STOP;
  private static final VarHandle FIRST_FAILURE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STOP = lookup.findVarHandle(GatherRun.class, "stop", Stop.class);
      FIRST_FAILURE = lookup.findVarHandle(GatherRun.class, "firstFailure", Job.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final System.Logger LOG = System.getLogger("io.github.gather4j");

  private final Policy policy;
  private final Options options;
  private final TaskEngine engine;
  // The thread that waits for the run: its creator, or an async gather's own waiter (adopt).
  private Thread owner;
  private final String label;
  private final boolean limited;
  private final boolean hasDeadline;
  private final long deadline;
  private final boolean scoped;
  // With taskTimeout: how long a task may run from its start, in nanoseconds; else 0.
  private final long taskTimeout;
  // await: the tasks are futures that already run; starting one only registers a callback.
  private final boolean awaiting;
  // With a start rate: the gate every start goes through; else null.
  private final @Nullable RateGate rate;

  // Fixed-size calls: where tasks come from (null for a scope): the Callables, or the items of a
  // map and its function. The lists are the run's own copies, or the caller's unmodifiable ones.
  private final @Nullable List<?> tasks;
  private final @Nullable List<?> items;
  private final @Nullable Mapper<Object, Object> mapper;
  // Results by index for ALL, SETTLED and ANY (null for a scope and a stream): the cells of
  // `jobs` itself. A cell holds a task's job while it runs, then its result (a value, or an
  // Abnormal): one array cell per task rather than two.
  private final @Nullable Object @Nullable [] slots;

  // asCompleted with a limit over a collection that is not a list: read as slots free.
  private final @Nullable LazyInput lazy;

  // A stream's window (stream, streamCompleted): the jobs its owner started and has not yet
  // handed to the consumer, one seat each; a seat is freed when its result is consumed, so the
  // seats bound running plus finished-unconsumed. Null for every other call.
  private final @Nullable Window window;
  // A stream's: the index of the job its owner waits for (ordered), so that only that job's end
  // wakes it; -1 when it waits for none. Written by the owner, read by ending tasks.
  private volatile int awaited = -1;
  // A stream's: set by its owner once the input is exhausted (or will not be read again).
  private volatile boolean inputDone;

  // The started jobs by index (a scope's: every job, grown as it forks; a stream's: until they
  // exit; with results, until their result replaces them). Empty for a lazy input (see LazyInput).
  private volatile @Nullable Object[] jobs;
  private volatile @Nullable Stop stop; // STOP: set once, by CAS
  private volatile @Nullable Job firstFailure; // FIRST_FAILURE: set once, by CAS
  private final @Nullable ConcurrentLinkedQueue<Job> events;

  // Set by the scope (owner) once join() returned or threw.
  private volatile boolean joined;

  // Owner-only state.
  private final @Nullable ArrayDeque<Job> ready;
  private final @Nullable ProgressCounter progress;
  private boolean callerInterrupted;
  private boolean finished;
  // STREAM: the unclaimed tasks a stop cancelled, [unclaimedFrom, size), yielded one at a time
  // after the rest rather than queued at once; -1 until a stop. Written once by the stop (the
  // owner's, or the deadline timer's), before it signals the owner.
  private volatile int unclaimedFrom = -1;
  private int nextUnclaimed = -1;
  // A scope's or a stream's deadline, acted on by a timer while the owner does something else;
  // cancelled when the run finishes. Owner only.
  private @Nullable Future<?> deadlineTimer;
  // For the call's JFR event: its verb, whether an async face runs it, and the event itself while
  // a recording wants it (null otherwise). Set before the run starts; the owner's.
  private String verb = "";
  private boolean async;
  private final @Nullable Object event = Events.begin();

  /** Called by {@link Inputs}, once it has checked and prepared the input. */
  GatherRun(
      Policy policy,
      Options options,
      @Nullable List<?> tasks,
      @Nullable List<?> items,
      @Nullable Mapper<Object, Object> mapper,
      int size,
      boolean scoped,
      @Nullable LazyInput lazy) {
    this(policy, options, tasks, items, mapper, size, scoped, lazy, 0);
  }

  /** The run of a stream: tasks arrive with {@link #forkWindowed}, at most {@code window}. */
  GatherRun(Policy policy, Options options, int window) {
    this(policy, options, null, null, null, 0, false, null, window);
  }

  private GatherRun(
      Policy policy,
      Options options,
      @Nullable List<?> tasks,
      @Nullable List<?> items,
      @Nullable Mapper<Object, Object> mapper,
      int size,
      boolean scoped,
      @Nullable LazyInput lazy,
      int window) {
    super(
        size,
        !scoped && window == 0 && size >= STRIPED_FROM,
        window == 0 ? options.limit() : 0,
        options.ticker());
    this.policy = policy;
    this.options = options;
    this.owner = Thread.currentThread();
    this.label = options.label();
    this.tasks = tasks;
    this.items = items;
    this.mapper = mapper;
    this.scoped = scoped;
    this.lazy = lazy;
    this.window = window > 0 ? new Window(window) : null;
    boolean stream = policy == Policy.STREAM;
    this.jobs = new Object[scoped ? 8 : lazy != null || window > 0 ? 0 : size];
    // A stream's window is its limit, kept by its owner, which starts a task only into a free seat.
    this.limited = window == 0 && options.limit() > 0;
    long at = options.hasDeadline() ? options.deadlineNanos(ticker.nanoTime()) : Long.MAX_VALUE;
    this.hasDeadline = at != Long.MAX_VALUE;
    this.deadline = at;
    this.taskTimeout = options.taskTimeoutNanos();
    this.slots = (scoped || stream || window > 0) ? null : jobs;
    this.events = (stream || options.listener() != null) ? new ConcurrentLinkedQueue<>() : null;
    this.ready = stream ? new ArrayDeque<>() : null;
    ProgressListener listener = options.listener();
    this.progress = listener == null ? null : new ProgressCounter(listener, label);
    this.engine = options.engine().apply(options);
    // A fixed-size call starts each of its `size` tasks at most once; a scope, a stream or a lazy
    // input cannot tell how many it will start.
    engine.expect(scoped || lazy != null || window > 0 ? -1 : size);
    this.awaiting = engine instanceof FutureEngine;
    this.rate =
        options.ratePermits() > 0 && !awaiting
            ? new RateGate(options.ratePermits(), options.rateNanos(), ticker, this::launchLater)
            : null;
  }

  // ---------------------------------------------------------------- the owner

  /**
   * Throws unless called by the thread that created this run (a scope's or a stream's owner).
   *
   * @param what the object, for the message: "this scope", "these completions"
   * @param use what the owner may do with it
   * @throws WrongThreadException from any other thread
   */
  public void checkOwner(String what, String use) {
    if (Thread.currentThread() != owner) {
      throw new WrongThreadException(
          what + " belongs to thread " + owner + "; only the thread that " + use);
    }
  }

  /**
   * Makes the calling thread the run's owner: an async gather's waiter, before it starts the run.
   * The run was prepared on the caller's thread; the waiter's start publishes it.
   */
  public void adopt() {
    owner = Thread.currentThread();
    async = true;
  }

  /** Names the verb of this call, for its JFR event; returns this run. */
  GatherRun named(String verbName) {
    this.verb = verbName;
    return this;
  }

  String verb() {
    return async ? "async " + verb : verb;
  }

  /** How the run ended, for its JFR event: why it stopped, or "completed". */
  String outcome() {
    Stop stopped = stop;
    if (stopped == null) {
      return "completed";
    }
    return switch (stopped.reason()) {
      case FAILURE -> "failed";
      case SUCCESS -> "completed";
      case DEADLINE -> "timed out";
      case INTERRUPT -> "interrupted";
      case CLOSE -> "cancelled";
    };
  }

  /**
   * Stops the run from outside it, as a close does: an async gather's future was cancelled or
   * completed by its user, or timed out. Any thread; the owner then cancels and awaits as usual.
   */
  public void cancelFromOutside() {
    stopFromOutside(Reason.CLOSE);
  }

  /**
   * A stop by a thread that is not one of the run's tasks: held as running until it is done, so
   * that the owner does not finish while it still cancels and discards.
   */
  private void stopFromOutside(Reason reason) {
    hold();
    try {
      stop(reason, null);
    } finally {
      release();
    }
  }

  /** Returns the number of tasks. */
  public int size() {
    return size;
  }

  // ---------------------------------------------------------------- starting

  /**
   * Starts the tasks (all of them, or the first {@code limit}) and returns this run.
   *
   * @throws InterruptedException if the caller is already interrupted; nothing is started
   */
  public GatherRun startThen() throws InterruptedException {
    start();
    return this;
  }

  private void start() throws InterruptedException {
    if (size == 0) {
      return;
    }
    if (awaiting) {
      // The futures already run, so there is no "nothing starts": every one is watched, and an
      // interrupt or a deadline already past cancels them all in the wait that follows.
      startAll();
      return;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before the gather" + label + " started");
    }
    if (hasDeadline && deadline - ticker.nanoTime() <= 0) {
      stop(Reason.DEADLINE, null);
      return;
    }
    if (policy == Policy.STREAM) {
      armDeadlineTimer(); // the consumer may be busy elsewhere when it passes
    }
    if (limited) {
      schedule();
      return;
    }
    while (true) {
      // Claimed in batches: two atomic operations per batch instead of per task, on counters the
      // ending tasks also write.
      long claimed = claimUpTo(BATCH);
      if (claimed < 0) {
        return;
      }
      int first = (int) (claimed >>> 32);
      int end = first + (int) claimed;
      for (int index = first; index < end; index++) {
        startClaimed(index);
      }
      // A long start loop still notices the caller's interrupt and the deadline; the wait that
      // follows acts on them.
      if (owner.isInterrupted() || (hasDeadline && deadline - ticker.nanoTime() <= 0)) {
        return;
      }
    }
  }

  /** Starts every task, whatever the caller's interrupt or the deadline (await's futures). */
  private void startAll() {
    long claimed;
    while ((claimed = claimUpTo(BATCH)) >= 0) {
      int first = (int) (claimed >>> 32);
      int end = first + (int) claimed;
      for (int index = first; index < end; index++) {
        startClaimed(index);
      }
    }
  }

  /**
   * Makes the deadline act when it passes, whatever the owner is doing then: a scope's owner need
   * not be in {@code join}, nor a stream's consumer in {@code next}. The blocking verbs need no
   * timer, as their owner waits until the end. Owner only, once, after construction.
   */
  void armDeadlineTimer() {
    if (hasDeadline && deadlineTimer == null) {
      deadlineTimer = ticker.schedule(this::deadlinePassed, deadline);
    }
  }

  /**
   * The deadline timer's action, on the ticker's thread: a stop, unless nothing is left to cut off
   * (a scope whose subtasks all ended is not timed out for being joined late).
   */
  private void deadlinePassed() {
    if (!allExited() || (window != null && !inputDone)) {
      stopFromOutside(Reason.DEADLINE);
    }
  }

  /**
   * Adds a task to a scope and starts it (or queues it under a limit).
   *
   * @return the new subtask
   */
  public Subtask<?> fork(Callable<?> task) {
    int index = size;
    Job job = new TaskJob(this, index, Inputs.decorate(options, task, index));
    @Nullable Object[] array = jobs;
    if (index == array.length) {
      array = Arrays.copyOf(array, index * 2);
      jobs = array;
    }
    CELLS.setVolatile(array, index, job);
    size = index + 1;
    if (stop != null || (hasDeadline && deadline - ticker.nanoTime() <= 0)) {
      stop(Reason.DEADLINE, null);
      discard(index);
    } else if (limited) {
      schedule();
    } else if (claim() >= 0) {
      startClaimed(index);
    }
    return job;
  }

  /** Under a limit: starts unclaimed tasks while there are free slots. Any thread. */
  private void schedule() {
    LazyInput input = lazy;
    while (claimsLeft()) {
      boolean started;
      if (input == null) {
        if (!takePermit()) {
          return;
        }
        int index = claim();
        started = index >= 0 && startClaimed(index);
      } else {
        // One thread at a time reads a lazy input. A thread that finds it being read leaves its
        // free slot to the reader, which looks at the free slots again once it has unlocked: no
        // slot stays unused, and no thread waits for the lock (ending threads parked on it).
        if (noFreePermit() || !input.tryLock()) {
          return;
        }
        int index = -1;
        Object pulled = null;
        try {
          if (!takePermit()) {
            continue;
          }
          index = claim();
          if (index >= 0) {
            pulled = input.pull(index);
            if (pulled instanceof Callable<?> task) {
              TaskJob job = new TaskJob(this, index, task);
              job.seat = input.seat(job);
              pulled = job;
            }
          }
        } finally {
          input.unlock();
        }
        started = index >= 0 && startPulled(index, pulled);
      }
      if (!started) {
        returnPermit();
      }
    }
  }

  /** Starts a claimed task; returns false if it ended without running. Any thread. */
  private boolean startClaimed(int index) {
    Job job;
    if (scoped) {
      job = jobAt(index);
    } else {
      job = newJob(index);
      CELLS.setVolatile(jobs, index, job);
    }
    return startJob(job);
  }

  /** Starts a seated task taken from the lazy input, or records why it could not be taken. */
  private boolean startPulled(int index, @Nullable Object pulled) {
    if (pulled instanceof LazyInput.PullFailure failed) {
      Job job = newJob(index);
      record(job, null, failed.failure());
      exit(job);
      return false;
    }
    return startJob((TaskJob) Objects.requireNonNull(pulled));
  }

  /**
   * Starts a published job, or hands it to the start rate's gate; returns false if it ended without
   * running (the caller then gives its slot back). Any thread.
   */
  private boolean startJob(Job job) {
    RateGate gate = rate;
    if (gate != null) {
      gate.submit(job); // the gate starts it, now or when the window allows; it keeps the slot
      return true;
    }
    return launch(job);
  }

  /** The rate gate starts a job it held: one that ends without running gives its slot back. */
  private void launchLater(Job job) {
    if (!launch(job) && limited) {
      returnPermit();
      schedule();
    }
  }

  /** Starts a published job; returns false if it ended without running. Any thread. */
  private boolean launch(Job job) {
    if (stop != null) {
      if (awaiting) {
        ((FutureEngine) engine).cancel(job.index);
      }
      job.requestCancel();
      record(job, null, new CancellationException("cancelled before it started"));
      exit(job);
      return false;
    }
    // A task's own time counts from here, its start, never from when it was queued. Its timer
    // is the job's handle before the task can end, so that the end always finds it.
    long timeoutAt = taskTimeout != 0 ? ticker.nanoTime() + taskTimeout : 0;
    TaskTimer timer = taskTimeout != 0 ? new TaskTimer(job) : null;
    if (timer != null) {
      job.handle = timer;
    }
    Object handle;
    try {
      handle = engine.start(job);
      if (timer != null) {
        timer.engineHandle = handle;
      } else if (handle != FutureEngine.WATCHED) {
        job.handle = handle;
      }
    } catch (Throwable t) {
      record(job, null, t);
      exit(job);
      return false;
    }
    if (timer != null) {
      timer.arm(ticker, timeoutAt);
    }
    if (stop != null) {
      job.cancel();
    }
    return true;
  }

  /** Runs task {@code index} of a fixed-size call on the calling thread. */
  @Nullable Object call(int index) throws Exception {
    List<?> callables = tasks;
    if (callables != null) {
      return ((Callable<?>) callables.get(index)).call();
    }
    return Objects.requireNonNull(mapper).apply(Objects.requireNonNull(items).get(index));
  }

  /** Task {@code index} of a fixed-size call as a self-contained value ({@link Task#work}). */
  Callable<?> work(int index) {
    List<?> callables = tasks;
    if (callables != null) {
      return (Callable<?>) callables.get(index);
    }
    return new Inputs.Applied(
        Objects.requireNonNull(mapper), Objects.requireNonNull(items).get(index));
  }

  /** A job for task {@code index}: its result will replace it in its cell, if the call has them. */
  private Job newJob(int index) {
    if (slots == null) {
      return new StateJob(this, index);
    }
    return awaiting ? new Job.FutureJob(this, index) : new Job(this, index);
  }

  private Job jobAt(int index) {
    return (Job) CELLS.getVolatile(jobs, index);
  }

  // ---------------------------------------------------------------- how tasks end (any thread)

  private void record(Job job, @Nullable Object value, @Nullable Throwable thrown) {
    @Nullable Throwable failure = thrown;
    boolean timedOut = false;
    if (taskTimeout != 0 && job.handle instanceof TaskTimer timer) {
      timer.taskEnded();
      if (failure != null && timer.fired() && isCancellation(failure)) {
        // Cancelled by its own timeout, and ended by it: a failure, not a cancellation.
        failure = timer.failure(label, Objects.requireNonNull(options.taskTimeout()), failure);
        timedOut = true;
      }
    }
    int state;
    if (failure == null) {
      state = SUCCESS;
    } else if (!timedOut && job.cancelRequested() && isCancellation(failure)) {
      state = CANCELLED;
    } else if (failure instanceof CancellationException && policy == Policy.SETTLED && awaiting) {
      // awaitSettled: a future someone else cancelled is Cancelled (under await, a failure).
      state = CANCELLED;
    } else {
      state = FAILED;
    }
    job.complete(state, failure == null ? value : failure);
    LazyInput input = lazy;
    if (input != null && job instanceof TaskJob seated && seated.seat >= 0) {
      // Before the permit is handed on (handOff follows), so that the next job finds a seat.
      input.leave(seated.seat);
    }
    @Nullable Object[] results = slots;
    if (results != null) {
      // Replaces the job in its cell: a stop that reads the cell now finds the task done.
      results[job.index] =
          switch (state) {
            case SUCCESS -> value;
            case FAILED -> new Abnormal(failure);
            default -> CANCELLED_SLOT;
          };
    }
    // Looked at before the CAS: after the first failure, the others only read.
    if (state == FAILED
        && firstFailure == null
        && FIRST_FAILURE.compareAndSet(this, null, job)
        && policy == Policy.ALL) {
      stop(Reason.FAILURE, job);
    } else if (state == SUCCESS && policy == Policy.ANY) {
      stop(Reason.SUCCESS, job);
    }
    ConcurrentLinkedQueue<Job> queue = events;
    if (queue != null) {
      queue.add(job);
      signal();
    } else if (window != null && job.index == awaited) {
      signal(); // a stream's owner waits for this job (read after its outcome was set)
    }
  }

  /** Under a limit, from an ending task: its slot goes to the next unclaimed task. */
  private void handOff() {
    if (lazy == null && claimsLeft()) {
      // Straight to the next task, rather than put back and taken again: two fewer atomic
      // operations per task, on a counter every ending task writes.
      int index = claim();
      if (index >= 0 && startClaimed(index)) {
        return;
      }
    }
    returnPermit();
    schedule();
  }

  void exit(Job job) {
    if (lazy == null && !scoped && slots == null && window == null) {
      // Only to let the job be collected: a stop that still sees it finds it done. (With results,
      // the result has already taken the job's place.)
      CELLS.setRelease(jobs, job.index, (Object) null);
    }
    countExit(job.index);
  }

  /**
   * Whether {@code failure} is how a task answers cancellation (and so not a failure to report).
   */
  static boolean isCancellation(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 16; depth++) {
      if (t instanceof InterruptedException
          || t instanceof InterruptedIOException
          || t instanceof ClosedByInterruptException
          || t instanceof CancellationException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    return false;
  }

  // ---------------------------------------------------------------- stopping (any thread)

  private void stop(Reason reason, @Nullable Job culprit) {
    // Looked at first, so that a stop after the first (every success under any) allocates nothing.
    if (stop != null
        || !STOP.compareAndSet(this, null, new Stop(reason, culprit, ticker.nanoTime()))) {
      return;
    }
    int first = closeClaims();
    int n = size;
    if (policy == Policy.STREAM) {
      unclaimedFrom = first; // before the cancels: the owner may wake at any of them
    }
    forEachStarted(
        first,
        job -> {
          if (!job.isDone()) {
            job.cancel();
          }
        });
    if (policy != Policy.STREAM) {
      for (int i = first; i < n; i++) {
        discard(i);
      }
    }
    RateGate gate = rate;
    if (gate != null) {
      gate.stop(); // the claimed tasks still waiting for the rate never start
    }
    signal();
  }

  /**
   * Calls {@code action} with every published job that may still run: a lazy input's seated jobs,
   * or those among the first {@code upTo} of the job array.
   */
  private void forEachStarted(int upTo, Consumer<Job> action) {
    LazyInput input = lazy;
    if (input != null) {
      input.forEachSeated(action);
      return;
    }
    Window seats = window;
    if (seats != null) {
      seats.forEach(action);
      return;
    }
    @Nullable Object[] array = jobs;
    for (int i = 0; i < upTo; i++) {
      if (CELLS.getVolatile(array, i) instanceof Job job) {
        action.accept(job);
      }
    }
  }

  /** Records an unclaimed task as cancelled without starting it. */
  private void discard(int index) {
    if (window != null) {
      return; // a stream's task is claimed as its owner adds it: forkWindowed sees the stop
    }
    if (awaiting) {
      // A future nobody watched yet still runs: cancel it, as a started one is.
      ((FutureEngine) engine).cancel(index);
    }
    Job job;
    if (scoped) {
      job = jobAt(index);
      if (!job.complete(CANCELLED, null)) {
        return;
      }
    } else {
      if (slots != null) {
        slots[index] = CANCELLED_SLOT;
      }
      if (events == null) {
        return;
      }
      job = newJob(index);
      job.complete(CANCELLED, null);
    }
    ConcurrentLinkedQueue<Job> queue = events;
    if (queue != null) {
      queue.add(job);
    }
  }

  // ---------------------------------------------------------------- waiting (owner)

  /**
   * Waits until {@code done}, acting on the deadline and the caller's interrupts (which stop the
   * run and are remembered), and reporting tasks that ignore cancellation.
   */
  private void waitUntil(BooleanSupplier done) {
    waitUntil(done, false);
  }

  /**
   * Waits until {@code done}, as {@link #waitUntil(BooleanSupplier)}; with {@code spin}, an owner
   * on a platform thread first looks for a few microseconds while that pays ({@link Spinning}).
   * Only the wait for a whole call's end spins: a stream's consumer, waiting for each result, would
   * take a core from the tasks (measured: 1M results as they complete 20 % slower).
   */
  @SuppressWarnings("ReferenceEquality") // whether the stop seen is still the one: identity
  private void waitUntil(BooleanSupplier done, boolean spin) {
    Thread me = Thread.currentThread();
    boolean reported = false;
    boolean spun = !spin;
    try {
      while (true) {
        drainEvents();
        if (done.getAsBoolean()) {
          return;
        }
        if (Thread.interrupted()) {
          callerInterrupted = true;
          stop(Reason.INTERRUPT, null);
          continue;
        }
        Stop stopped = stop;
        // The clock only when a deadline or the stuck-task report waits on it.
        long now = hasDeadline || (stopped != null && !reported) ? ticker.nanoTime() : 0;
        long park = 0; // 0: until woken
        if (stopped == null) {
          if (hasDeadline) {
            park = deadline - now;
            if (park <= 0) {
              stop(Reason.DEADLINE, null);
              continue;
            }
          }
        } else if (!reported) {
          park = stopped.atNanos() + options.stuckTaskGrace().toNanos() - now;
          if (park <= 0) {
            reportStuckTasks(stopped);
            reported = true;
            park = 0;
          }
        }
        if (!spun) {
          // A platform thread's wake-up takes longer than a small gather: look a while first.
          // Only on the real clock: a test's ticker decides alone when time passes and who wakes.
          spun = true;
          if (ticker == Ticker.SYSTEM && Spinning.begin(me)) {
            boolean seen = false;
            try {
              seen = spinFor(me, done, stopped, park);
            } finally {
              Spinning.end(me, seen);
            }
            if (seen) {
              continue;
            }
          }
        }
        // Announce the park, then look again: a task that changed something before the
        // announcement is seen here, one after it sees the announcement and unparks.
        announce(me);
        if (!news(done, stopped)) {
          if (park == 0) {
            ticker.park(this);
          } else {
            ticker.parkUntil(this, now + park);
          }
        }
        withdraw();
      }
    } finally {
      withdraw();
    }
  }

  /** Whether the owner has something to do since it looked, when {@code stopped} was the stop. */
  @SuppressWarnings("ReferenceEquality") // whether the stop seen is still the one: identity
  private boolean news(BooleanSupplier done, @Nullable Stop stopped) {
    return (events != null && !events.isEmpty())
        || done.getAsBoolean()
        || stop != stopped
        || (nextUnclaimed < 0 && unclaimedFrom >= 0);
  }

  /**
   * Looks for news, or an interrupt of {@code me}, for up to {@link Spinning#NANOS}, and no longer
   * than {@code park} (the wait's own bound; 0: none); returns whether it saw either.
   */
  private boolean spinFor(Thread me, BooleanSupplier done, @Nullable Stop stopped, long park) {
    long start = System.nanoTime();
    long spin = park == 0 ? Spinning.NANOS : Math.min(park, Spinning.NANOS);
    do {
      if (news(done, stopped) || me.isInterrupted()) {
        return true;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - start < spin);
    return false;
  }

  /** Takes the ends of tasks from the event queue: counts them, and queues a stream's. */
  private void drainEvents() {
    ConcurrentLinkedQueue<Job> queue = events;
    if (queue == null) {
      return;
    }
    ProgressCounter counter = progress;
    if (nextUnclaimed < 0 && unclaimedFrom >= 0) {
      // A stream's stop: the tasks it never claimed are cancelled, all at once.
      nextUnclaimed = unclaimedFrom;
      if (counter != null) {
        counter.cancelledUnclaimed(size - nextUnclaimed);
        counter.report(size);
      }
    }
    Job job;
    while ((job = queue.poll()) != null) {
      if (ready != null) {
        ready.add(job);
      }
      if (counter != null) {
        counter.ended(job.outcomeState());
        counter.report(size);
      }
    }
  }

  private void reportStuckTasks(Stop stopped) {
    List<Job> started = new ArrayList<>();
    forEachStarted(size, started::add);
    StuckTaskReport.log(started, engine, size, label, stopped.reason(), options.stuckTaskGrace());
  }

  // ---------------------------------------------------------------- what Verdict reads (owner)

  /**
   * Waits until every task has ended and its thread is gone, then reports final progress. Owner
   * only; does nothing the second time.
   */
  void awaitFinished() {
    if (finished) {
      return;
    }
    waitUntil(this::allExited, true);
    Future<?> timer = deadlineTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    engine.awaitTermination();
    drainEvents();
    finished = true;
    if (progress != null) {
      progress.report(size);
    }
    if (event != null) {
      Events.end(event, this);
    }
  }

  /** Returns the results in input order, unmodifiable; every task must have succeeded. */
  List<@Nullable Object> results() {
    return Collections.unmodifiableList(
        Arrays.<@Nullable Object>asList(Objects.requireNonNull(slots)));
  }

  /** Returns how finished task {@code index} ended: SUCCESS, FAILED or CANCELLED. */
  int stateAt(int index) {
    @Nullable Object[] results = slots;
    return results != null ? stateOf(results[index]) : jobAt(index).outcomeState();
  }

  /** Returns finished task {@code index}'s value, or its failure, or null if it was cancelled. */
  @Nullable Object resultAt(int index) {
    @Nullable Object[] results = slots;
    return results != null ? resultOf(results[index]) : jobAt(index).result();
  }

  /** Returns why the run stopped, or null if it did not. */
  @Nullable Stop stopped() {
    return stop;
  }

  /** Returns the first task to fail, or null. */
  @Nullable Job firstFailure() {
    return firstFailure;
  }

  /** Returns whether the caller was interrupted while waiting, and forgets it (it is delivered). */
  boolean takeCallerInterrupt() {
    boolean was = callerInterrupted;
    callerInterrupted = false;
    return was;
  }

  Policy policy() {
    return policy;
  }

  Options options() {
    return options;
  }

  String label() {
    return label;
  }

  /**
   * Cancels what has not ended and waits for it, without throwing; keeps the caller's interrupt.
   */
  public void cancelAndAwait() {
    if (!finished) {
      stop(Reason.CLOSE, null);
      awaitFinished();
    }
    if (takeCallerInterrupt()) {
      Thread.currentThread().interrupt();
    }
  }

  /** How a finished task's cell says it ended (see record): SUCCESS, FAILED or CANCELLED. */
  static int stateOf(@Nullable Object slot) {
    if (slot instanceof Abnormal abnormal) {
      return abnormal.failure() == null ? CANCELLED : FAILED;
    }
    return SUCCESS;
  }

  /** What a finished task's cell holds: its value, or its failure (null if it was cancelled). */
  static @Nullable Object resultOf(@Nullable Object slot) {
    return slot instanceof Abnormal abnormal ? abnormal.failure() : slot;
  }

  // ---------------------------------------------------------------- streaming (owner)

  /**
   * Returns the next task to end, waiting for it, or null when every task has been returned.
   *
   * @throws GatherException with an {@link InterruptedException} cause if the caller is interrupted
   *     while waiting (the rest is cancelled and awaited, the flag restored)
   */
  public @Nullable Job nextCompleted() {
    ArrayDeque<Job> queue = Objects.requireNonNull(ready);
    if (queue.isEmpty() && !finished && !unclaimedLeft()) {
      waitUntil(() -> !queue.isEmpty() || unclaimedLeft() || allExited());
      if (callerInterrupted) {
        awaitFinished();
        callerInterrupted = false;
        Thread.currentThread().interrupt();
        throw new GatherException(
            "interrupted while waiting for the next task of gather"
                + label
                + "; the remaining tasks were cancelled and have ended",
            new InterruptedException());
      }
      if (queue.isEmpty() && !unclaimedLeft()) {
        // Every task has exited, but the last ones may have ended after the wait last drained
        // their events: finishing drains them all.
        awaitFinished();
      }
    }
    Job job = queue.poll();
    if (job == null && unclaimedLeft()) {
      job = newJob(nextUnclaimed++);
      job.complete(CANCELLED, null);
    }
    if (job != null && queue.isEmpty() && !unclaimedLeft() && allExited()) {
      awaitFinished();
    }
    return job;
  }

  /** Whether a stop left unclaimed tasks of a stream still to be yielded (as cancelled). */
  private boolean unclaimedLeft() {
    return nextUnclaimed >= 0 && nextUnclaimed < size;
  }

  // ---------------------------------------------------------------- a stream's window (owner)

  /**
   * Makes the calling thread a stream's owner: the first to consume it (or to close it unconsumed),
   * which may not be the thread that made it. Before any task of it has started.
   */
  void takeOwnership() {
    owner = Thread.currentThread();
  }

  /**
   * Adds {@code task} to a stream's window as its next index and starts it. Its seat must be free:
   * the owner starts a task only when fewer than the window's tasks are unconsumed.
   *
   * @return the job; one a stop kept from starting is already cancelled (and queued as ended)
   */
  Job forkWindowed(Callable<?> task) {
    int index = size;
    TaskJob job = new TaskJob(this, index, task);
    job.seat = Objects.requireNonNull(window).take(job);
    growTo(index + 1);
    if (claim() < 0) {
      // A stop closed the claims since the owner looked: the task never starts.
      job.complete(CANCELLED, null);
      ConcurrentLinkedQueue<Job> queue = events;
      if (queue != null) {
        queue.add(job);
      }
    } else {
      startJob(job);
    }
    return job;
  }

  /** Frees the seat of a stream's job whose result the consumer has taken. */
  void consumed(Job job) {
    Objects.requireNonNull(window).leave(((TaskJob) job).seat);
  }

  /**
   * Waits until {@code job} has ended or the run has stopped, acting on the deadline and the
   * owner's interrupt as every wait does. Only {@code job}'s end wakes the owner (and a stop).
   */
  void awaitJob(Job job) {
    awaited = job.index;
    try {
      waitUntil(() -> job.isDone() || stop != null);
    } finally {
      awaited = -1;
    }
  }

  /** Waits until the run has stopped (a stream's failed head: the stop follows its failure). */
  void awaitStop() {
    waitUntil(() -> stop != null);
  }

  /** Waits until a stream's ended job is ready to be taken, or the owner was interrupted. */
  void awaitReady() {
    ArrayDeque<Job> queue = Objects.requireNonNull(ready);
    waitUntil(() -> !queue.isEmpty() || callerInterrupted);
  }

  /** Takes the next ended job of a {@code streamCompleted}, or null if none has ended yet. */
  @Nullable Job pollReady() {
    drainEvents();
    return Objects.requireNonNull(ready).poll();
  }

  /**
   * Counts the ends of tasks for the progress listener outside a wait: a stream whose owner never
   * has to wait must not let them pile up.
   */
  void drainEnded() {
    drainEvents();
  }

  /** The owner was interrupted outside a wait: the run stops as if in one. */
  void ownerInterrupted() {
    Thread.interrupted();
    callerInterrupted = true;
    stop(Reason.INTERRUPT, null);
  }

  /** Whether the owner was interrupted while waiting (the run has then stopped). */
  boolean interruptedWhileWaiting() {
    return callerInterrupted;
  }

  /** A stream's owner will read no more of the input: a deadline passing now cuts nothing off. */
  void markInputDone() {
    inputDone = true;
  }

  /** Returns the jobs in a stream's window: started and not yet consumed. */
  List<Job> windowJobs() {
    List<Job> found = new ArrayList<>();
    forEachStarted(size, found::add);
    return found;
  }

  /** Lets a long stream's engine drop what it keeps of tasks long ended (its memory stays flat). */
  void trimEngine() {
    engine.trim();
  }

  // ---------------------------------------------------------------- what a Job calls (any thread)

  /** Returns task {@code index}'s cell in a call with results: its job, then its result. */
  @Nullable Object cellOf(int index) {
    return CELLS.getVolatile(Objects.requireNonNull(slots), index);
  }

  /** Returns whether the run has stopped: every unfinished task is then to cancel. */
  boolean stopRequested() {
    return stop != null;
  }

  TaskEngine engine() {
    return engine;
  }

  /** A task ended (on its thread): records it and, under a limit, hands its slot on. */
  void ended(Job job, @Nullable Object value, @Nullable Throwable thrown) {
    record(job, value, thrown);
    if (limited) {
      handOff();
    }
  }

  /** Whether a scope's join returned or threw, so that its successes' values may be read. */
  boolean joined() {
    return joined;
  }

  /** Marks a scope as joined (returned or threw): its successes' values may be read. */
  public void markJoined() {
    joined = true;
  }

  /** Returns how many tasks are in each state: running, succeeded, failed, cancelled. */
  public int[] stateCounts() {
    int[] counts = new int[4];
    for (int i = 0, n = size; i < n; i++) {
      Object job = CELLS.getVolatile(jobs, i);
      counts[job instanceof Job j ? j.outcomeState() : stateOf(job)]++;
    }
    return counts;
  }

  /** Returns the gather's name, or null. */
  public @Nullable String name() {
    return options.name();
  }
}
