package io.github.gather4j.internal;

import io.github.gather4j.ProgressListener;
import io.github.gather4j.TaskDecorator;
import java.time.Duration;
import java.time.Instant;
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
 * @param threadFactory makes the task threads, or null for virtual threads
 * @param listener told of progress, or null
 * @param name the gather's name for threads and messages, or null
 * @param decorators applied to every task in order
 * @param engine makes the engine of one call from these options
 */
public record Options(
    int limit,
    @Nullable Duration timeout,
    @Nullable Instant deadline,
    @Nullable ThreadFactory threadFactory,
    @Nullable ProgressListener listener,
    @Nullable String name,
    List<TaskDecorator> decorators,
    Function<Options, TaskEngine> engine) {

  /** The defaults: no limit, no deadline, virtual threads, no listener, no name. */
  public static final Options DEFAULTS =
      new Options(
          0,
          null,
          null,
          null,
          null,
          null,
          List.of(),
          options -> new ThreadEngine(options.threadFactory(), options.name()));

  /** Returns these options with {@code limit}. */
  public Options withLimit(int limit) {
    return new Options(limit, timeout, deadline, threadFactory, listener, name, decorators, engine);
  }

  /** Returns these options with a timeout, replacing any deadline. */
  public Options withTimeout(Duration timeout) {
    return new Options(limit, timeout, null, threadFactory, listener, name, decorators, engine);
  }

  /** Returns these options with a deadline, replacing any timeout. */
  public Options withDeadline(Instant deadline) {
    return new Options(limit, null, deadline, threadFactory, listener, name, decorators, engine);
  }

  /** Returns these options with a thread factory. */
  public Options withThreadFactory(ThreadFactory threadFactory) {
    return new Options(limit, timeout, deadline, threadFactory, listener, name, decorators, engine);
  }

  /** Returns these options with a progress listener. */
  public Options withListener(ProgressListener listener) {
    return new Options(limit, timeout, deadline, threadFactory, listener, name, decorators, engine);
  }

  /** Returns these options with a name. */
  public Options withName(String name) {
    return new Options(limit, timeout, deadline, threadFactory, listener, name, decorators, engine);
  }

  /** Returns these options with one more decorator, applied after the others. */
  public Options withDecorator(TaskDecorator decorator) {
    List<TaskDecorator> all = new java.util.ArrayList<>(decorators);
    all.add(decorator);
    return new Options(
        limit, timeout, deadline, threadFactory, listener, name, List.copyOf(all), engine);
  }

  /** Returns these options running tasks on another engine (a cluster, for example). */
  public Options withEngine(Function<Options, TaskEngine> engine) {
    return new Options(limit, timeout, deadline, threadFactory, listener, name, decorators, engine);
  }

  /** Returns the deadline of a call starting now, on the {@link System#nanoTime()} clock. */
  long deadlineNanos(long now) {
    Duration left;
    if (timeout != null) {
      left = timeout;
    } else if (deadline != null) {
      left = Duration.between(Instant.now(), deadline);
    } else {
      return Long.MAX_VALUE;
    }
    long nanos = saturatedNanos(left);
    long at = now + nanos;
    // Overflow past the far future: treat as no deadline.
    return (nanos > 0 && at < now) ? Long.MAX_VALUE : at;
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
}
