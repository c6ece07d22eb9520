package io.github.gather4j.internal;

import io.github.gather4j.ProgressListener;
import io.github.gather4j.TaskDecorator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The options of a gather, as set on {@code Gathering}. Immutable.
 *
 * @param limit the most tasks running at once, or 0 for no limit
 * @param timeout the time allowed from the start of each call, or null
 * @param deadline the instant every call must end by, or null (at most one of the two is set)
 * @param taskTimeout how long each task may run from its own start, or null
 * @param ratePermits the most task starts in any window of {@code ratePer}, or 0 for no rate
 * @param ratePer the window of the start rate, or null
 * @param threadFactory makes the task threads, or null for virtual threads
 * @param listener told of progress, or null
 * @param name the gather's name for threads and messages, or null
 * @param decorators applied to every task in order
 * @param engine makes the engine of one call from these options
 * @param stuckTaskGrace how long after a stop the tasks still running are reported as stuck
 * @param ticker the time the call reads and waits on
 */
public record Options(
    int limit,
    @Nullable Duration timeout,
    @Nullable Instant deadline,
    @Nullable Duration taskTimeout,
    int ratePermits,
    @Nullable Duration ratePer,
    @Nullable ThreadFactory threadFactory,
    @Nullable ProgressListener listener,
    @Nullable String name,
    List<TaskDecorator> decorators,
    Function<Options, TaskEngine> engine,
    Duration stuckTaskGrace,
    Ticker ticker) {

  /** System property: how long after cancelling a gather waits before it reports stuck tasks. */
  public static final String STUCK_TASK_GRACE_PROPERTY = "gather4j.stuckTaskGrace";

  private static final Duration DEFAULT_STUCK_TASK_GRACE = Duration.ofSeconds(5);

  /** The defaults: no limit, no deadline, virtual threads, no listener, no name. */
  public static final Options DEFAULTS =
      new Options(
          0,
          null,
          null,
          null,
          0,
          null,
          null,
          null,
          null,
          List.of(),
          options -> new ThreadEngine(options.threadFactory(), options.name()),
          stuckTaskGraceProperty(),
          Ticker.SYSTEM);

  /** Returns these options with {@code limit}. */
  public Options withLimit(int limit) {
    Draft draft = new Draft(this);
    draft.limit = limit;
    return draft.build();
  }

  /** Returns these options with a timeout, replacing any deadline. */
  public Options withTimeout(Duration timeout) {
    Draft draft = new Draft(this);
    draft.timeout = timeout;
    draft.deadline = null;
    return draft.build();
  }

  /** Returns these options with a deadline, replacing any timeout. */
  public Options withDeadline(Instant deadline) {
    Draft draft = new Draft(this);
    draft.timeout = null;
    draft.deadline = deadline;
    return draft.build();
  }

  /** Returns these options with a per-task timeout. */
  public Options withTaskTimeout(Duration taskTimeout) {
    Draft draft = new Draft(this);
    draft.taskTimeout = taskTimeout;
    return draft.build();
  }

  /** Returns these options with a start rate: {@code permits} starts in any window {@code per}. */
  public Options withRate(int permits, Duration per) {
    Draft draft = new Draft(this);
    draft.ratePermits = permits;
    draft.ratePer = per;
    return draft.build();
  }

  /** Returns the window of the start rate in nanoseconds (0 without a rate). */
  long rateNanos() {
    return ratePer == null ? 0 : Math.max(1, saturatedNanos(ratePer));
  }

  /**
   * Returns these options with a thread factory: tasks run on its threads, here, even if another
   * engine (a cluster) was set before.
   */
  public Options withThreadFactory(ThreadFactory threadFactory) {
    Draft draft = new Draft(this);
    draft.threadFactory = threadFactory;
    draft.engine = DEFAULTS.engine;
    return draft.build();
  }

  /** Returns these options with a progress listener. */
  public Options withListener(ProgressListener listener) {
    Draft draft = new Draft(this);
    draft.listener = listener;
    return draft.build();
  }

  /** Returns these options with a name. */
  public Options withName(String name) {
    Draft draft = new Draft(this);
    draft.name = name;
    return draft.build();
  }

  /** Returns these options with one more decorator, applied after the others. */
  public Options withDecorator(TaskDecorator decorator) {
    List<TaskDecorator> all = new ArrayList<>(decorators);
    all.add(decorator);
    Draft draft = new Draft(this);
    draft.decorators = List.copyOf(all);
    return draft.build();
  }

  /** Returns these options running tasks on another engine (a cluster, for example). */
  public Options withEngine(Function<Options, TaskEngine> engine) {
    Draft draft = new Draft(this);
    draft.engine = engine;
    return draft.build();
  }

  /**
   * Returns these options for gathering futures that already run, on {@code engine}: no limit and
   * no decorators, as there is nothing to queue or wrap.
   */
  public Options forFutures(Function<Options, TaskEngine> engine) {
    Draft draft = new Draft(this);
    draft.limit = 0;
    draft.decorators = List.of();
    draft.engine = engine;
    return draft.build();
  }

  /** Returns these options reporting tasks still running {@code grace} after a stop. */
  public Options withStuckTaskGrace(Duration grace) {
    Draft draft = new Draft(this);
    draft.stuckTaskGrace = grace;
    return draft.build();
  }

  /** Returns these options reading time from {@code ticker} (tests drive one by hand). */
  public Options withTicker(Ticker ticker) {
    Draft draft = new Draft(this);
    draft.ticker = ticker;
    return draft.build();
  }

  /** Returns the deadline of a call starting at {@code now} on the ticker's clock. */
  long deadlineNanos(long now) {
    Duration left;
    if (timeout != null) {
      left = timeout;
    } else if (deadline != null) {
      left = Duration.between(ticker.now(), deadline);
    } else {
      return Long.MAX_VALUE;
    }
    long nanos = saturatedNanos(left);
    long at = now + nanos;
    // Overflow past the far future: treat as no deadline.
    return (nanos > 0 && at < now) ? Long.MAX_VALUE : at;
  }

  /** Returns the per-task timeout in nanoseconds, or 0 for none. */
  long taskTimeoutNanos() {
    return taskTimeout == null ? 0 : Math.max(1, saturatedNanos(taskTimeout));
  }

  boolean hasDeadline() {
    return timeout != null || deadline != null;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }

  /** Returns {@code " 'name'"} for messages, or the empty string. */
  String label() {
    return name == null ? "" : " '" + name + "'";
  }

  /** The grace of the system property, read once; a value that is not a duration is logged. */
  private static Duration stuckTaskGraceProperty() {
    String value = System.getProperty(STUCK_TASK_GRACE_PROPERTY);
    if (value == null) {
      return DEFAULT_STUCK_TASK_GRACE;
    }
    try {
      Duration grace = Duration.parse(value);
      if (!grace.isNegative()) {
        return grace;
      }
    } catch (RuntimeException e) {
      // logged below
    }
    GatherRun.LOG.log(
        System.Logger.Level.WARNING,
        "the system property "
            + STUCK_TASK_GRACE_PROPERTY
            + " is \""
            + value
            + "\", not an ISO-8601 duration of zero or more (such as PT10S); using "
            + DEFAULT_STUCK_TASK_GRACE);
    return DEFAULT_STUCK_TASK_GRACE;
  }

  /**
   * A copy of some options to change before it becomes options again: one place for the withers.
   */
  private static final class Draft {
    int limit;
    @Nullable Duration timeout;
    @Nullable Instant deadline;
    @Nullable Duration taskTimeout;
    int ratePermits;
    @Nullable Duration ratePer;
    @Nullable ThreadFactory threadFactory;
    @Nullable ProgressListener listener;
    @Nullable String name;
    List<TaskDecorator> decorators;
    Function<Options, TaskEngine> engine;
    Duration stuckTaskGrace;
    Ticker ticker;

    Draft(Options from) {
      limit = from.limit;
      timeout = from.timeout;
      deadline = from.deadline;
      taskTimeout = from.taskTimeout;
      ratePermits = from.ratePermits;
      ratePer = from.ratePer;
      threadFactory = from.threadFactory;
      listener = from.listener;
      name = from.name;
      decorators = from.decorators;
      engine = from.engine;
      stuckTaskGrace = from.stuckTaskGrace;
      ticker = from.ticker;
    }

    Options build() {
      return new Options(
          limit,
          timeout,
          deadline,
          taskTimeout,
          ratePermits,
          ratePer,
          threadFactory,
          listener,
          name,
          decorators,
          engine,
          stuckTaskGrace,
          ticker);
    }
  }
}
