package io.github.gather4j.internal;

import io.github.gather4j.GatherException;
import io.github.gather4j.GatherTimeoutException;
import io.github.gather4j.Outcome;
import io.github.gather4j.TaskFailedException;
import io.github.gather4j.internal.GatherRun.Reason;
import io.github.gather4j.internal.GatherRun.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * What a call returns or throws, by policy: the result list of {@code all} and {@code map}, the
 * outcomes of {@code settled}, the first success of {@code any}, a scope's {@code join}, and the
 * exceptions they throw.
 *
 * <p>Owner thread only, once per call, after the run has finished: each method first waits for
 * every task to end ({@link GatherRun#awaitFinished}), then only reads the run. Nothing here runs
 * per task.
 */
public final class Verdict {
  private Verdict() {}

  /**
   * Waits for every task and returns the results in input order.
   *
   * @param run a started run of policy ALL with results
   * @return the results, unmodifiable
   * @throws TaskFailedException if a task failed (siblings cancelled and ended)
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the caller was interrupted while waiting
   */
  public static List<@Nullable Object> all(GatherRun run) throws InterruptedException {
    run.awaitFinished();
    throwIfFailed(run);
    return run.results();
  }

  /**
   * Waits for every task (or the deadline) and returns one outcome per task in input order.
   *
   * @param run a started run of policy SETTLED
   * @return the outcomes, unmodifiable
   * @throws InterruptedException if the caller was interrupted while waiting
   */
  public static List<Outcome<@Nullable Object>> settled(GatherRun run) throws InterruptedException {
    run.awaitFinished();
    if (run.takeCallerInterrupt()) {
      throw interrupted(run);
    }
    int n = run.size();
    @SuppressWarnings("unchecked")
    Outcome<@Nullable Object>[] outcomes = (Outcome<@Nullable Object>[]) new Outcome<?>[n];
    for (int i = 0; i < n; i++) {
      outcomes[i] = outcome(run.stateAt(i), run.resultAt(i));
    }
    return List.of(outcomes);
  }

  /**
   * Waits for the first success and returns it, the others cancelled and ended.
   *
   * @param run a started run of policy ANY
   * @return the first success
   * @throws TaskFailedException if every task failed
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the caller was interrupted while waiting
   */
  public static @Nullable Object any(GatherRun run) throws InterruptedException {
    run.awaitFinished();
    if (run.takeCallerInterrupt()) {
      throw interrupted(run);
    }
    Stop stopped = run.stopped();
    if (stopped != null && stopped.reason() == Reason.SUCCESS) {
      return Objects.requireNonNull(stopped.job()).result();
    }
    if (stopped != null && stopped.reason() == Reason.DEADLINE) {
      throw timedOut(run);
    }
    if (stopped != null && stopped.reason() == Reason.CLOSE) {
      throw new CancellationException("gather" + run.label() + " was cancelled from outside");
    }
    Job first = Objects.requireNonNull(run.firstFailure(), "no task succeeded nor failed");
    throw taskFailed(run, first);
  }

  /**
   * Waits for a scope's tasks, fail-fast.
   *
   * @param run a scope's run
   * @throws TaskFailedException if a task failed (siblings cancelled and ended)
   * @throws GatherTimeoutException if the deadline passed first
   * @throws InterruptedException if the caller was interrupted while waiting
   */
  public static void join(GatherRun run) throws InterruptedException {
    run.awaitFinished();
    throwIfFailed(run);
  }

  /**
   * What a finished stream throws, if anything: the first failure ({@code stream} only), the
   * deadline ({@code streamCompleted}: only if it kept some of the input from being read), the
   * owner's interrupt (delivered again in the thread's flag). Returns when the stream simply ended.
   *
   * @param run a stream's run, finished
   * @param ordered whether it is a {@code stream} (else a {@code streamCompleted})
   * @param yielded how many items the consumer was given
   * @param inputEnded whether the input was read to its end
   */
  static void streamEnded(GatherRun run, boolean ordered, int yielded, boolean inputEnded) {
    String label = run.label();
    if (run.takeCallerInterrupt()) {
      Thread.currentThread().interrupt();
      throw new GatherException(
          "interrupted while waiting for the next item of gather"
              + label
              + "; its started tasks were cancelled and have ended",
          new InterruptedException());
    }
    Stop stopped = run.stopped();
    if (stopped == null) {
      return;
    }
    if (stopped.reason() == Reason.FAILURE && ordered) {
      Job job = Objects.requireNonNull(stopped.job());
      Throwable cause = Objects.requireNonNull(job.failure());
      int index = job.index();
      TaskFailedException e =
          new TaskFailedException(
              "item "
                  + index
                  + " of the stream"
                  + (label.isEmpty() ? "" : " of gather" + label)
                  + " failed: "
                  + cause
                  + "; the other started tasks were cancelled and have ended, and no more of the"
                  + " input was read",
              index,
              cause);
      for (Job other : run.windowJobs()) {
        if (other != job && other.outcomeState() == GatherRun.FAILED) {
          e.addSuppressed(Objects.requireNonNull(other.failure()));
        }
      }
      throw e;
    }
    if (stopped.reason() == Reason.DEADLINE && (ordered || !inputEnded)) {
      String after = timeLimit(run.options());
      throw new GatherTimeoutException(
          "gather"
              + label
              + " reached "
              + after
              + " after "
              + yielded
              + " of its "
              + run.size()
              + " started items were consumed; the unfinished ones were cancelled and have ended,"
              + " and no more of the input was read. Allow more time.",
          yielded,
          run.size());
    }
  }

  /**
   * What a stream throws when reading its input threw: the input's exception, its position named.
   *
   * @param run the stream's run, finished
   * @param failure what the input threw
   */
  static GatherException inputFailed(GatherRun run, Throwable failure) {
    return new GatherException(
        "reading item "
            + run.size()
            + " of the input of gather"
            + run.label()
            + " threw "
            + failure
            + "; the started tasks were cancelled and have ended, and the input was closed",
        failure);
  }

  /** What a {@code zip} makes of its tasks' results, in task order. */
  public interface Combination<R extends @Nullable Object> {
    /**
     * Combines the results.
     *
     * @param results the tasks' results, in task order
     * @return the combined result
     * @throws Exception what the user's combiner threw
     */
    R combine(List<@Nullable Object> results) throws Exception;
  }

  /**
   * Calls a {@code zip}'s combiner with the results of its tasks, which have all succeeded and
   * ended: an unchecked exception or error it throws propagates as it is (it is not a task's
   * failure), a checked one as the cause of a {@link GatherException}.
   *
   * @param results the tasks' results
   * @param combination the combiner, given the results
   * @return what the combiner returned
   */
  public static <R extends @Nullable Object> R combine(
      List<@Nullable Object> results, Combination<R> combination) {
    try {
      return combination.combine(results);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new GatherException(
          "the combiner of zip threw " + e + " (every task had succeeded and ended)", e);
    }
  }

  /**
   * Returns how a finished task ended, as an outcome.
   *
   * @param state SUCCESS, FAILED or CANCELLED
   * @param result the value, or the failure when FAILED
   */
  static Outcome<@Nullable Object> outcome(int state, @Nullable Object result) {
    return switch (state) {
      case GatherRun.SUCCESS -> new Outcome.Success<>(result);
      case GatherRun.FAILED -> new Outcome.Failure<>((Throwable) Objects.requireNonNull(result));
      default -> new Outcome.Cancelled<>();
    };
  }

  private static void throwIfFailed(GatherRun run) throws InterruptedException {
    if (run.takeCallerInterrupt()) {
      throw interrupted(run);
    }
    Stop stopped = run.stopped();
    if (stopped == null) {
      return;
    }
    if (stopped.reason() == Reason.FAILURE) {
      throw taskFailed(run, Objects.requireNonNull(stopped.job()));
    }
    if (stopped.reason() == Reason.DEADLINE) {
      throw timedOut(run);
    }
    if (stopped.reason() == Reason.CLOSE) {
      // Only an async gather's future ended from outside gets here: nothing to make of it.
      throw new CancellationException("gather" + run.label() + " was cancelled from outside");
    }
  }

  /** The exception for an interrupted caller; the interrupt is delivered by throwing it. */
  private static InterruptedException interrupted(GatherRun run) {
    InterruptedException e =
        new InterruptedException(
            "interrupted while waiting for gather"
                + run.label()
                + "; its "
                + run.size()
                + " tasks were cancelled and have ended");
    reportableFailures(run, -1).forEach(e::addSuppressed);
    return e;
  }

  private static TaskFailedException taskFailed(GatherRun run, Job job) {
    Throwable cause = Objects.requireNonNull(job.failure());
    String label = run.label();
    String where = label.isEmpty() ? "" : " of gather" + label;
    int index = job.index();
    String message =
        run.policy() == GatherRun.Policy.ANY
            ? "all "
                + run.size()
                + " tasks"
                + where
                + " failed; the first to fail was task "
                + index
                + ": "
                + cause
            : "task "
                + index
                + " of "
                + run.size()
                + where
                + " failed: "
                + cause
                + "; the other tasks were cancelled and have ended";
    TaskFailedException e = new TaskFailedException(message, index, cause);
    reportableFailures(run, index).forEach(e::addSuppressed);
    return e;
  }

  private static GatherTimeoutException timedOut(GatherRun run) {
    int total = run.size();
    int done = 0;
    for (int i = 0; i < total; i++) {
      if (run.stateAt(i) == GatherRun.SUCCESS) {
        done++;
      }
    }
    String after = timeLimit(run.options());
    GatherTimeoutException e =
        new GatherTimeoutException(
            "gather"
                + run.label()
                + " reached "
                + after
                + " with "
                + done
                + " of "
                + total
                + " tasks completed; the others were cancelled and have ended."
                + " Allow more time, or use a settled verb to keep partial results.",
            done,
            total);
    reportableFailures(run, -1).forEach(e::addSuppressed);
    return e;
  }

  /** The time limit a run reached, for messages: "its timeout of PT2S" or "its deadline …". */
  private static String timeLimit(Options options) {
    return options.timeout() != null
        ? "its timeout of " + options.timeout()
        : "its deadline " + options.deadline();
  }

  /**
   * Failures that are not a consequence of cancellation, in index order, but for {@code except}.
   */
  private static List<Throwable> reportableFailures(GatherRun run, int except) {
    if (run.firstFailure() == null) {
      return List.of();
    }
    List<Throwable> found = new ArrayList<>();
    for (int i = 0; i < run.size(); i++) {
      if (i != except && run.stateAt(i) == GatherRun.FAILED) {
        found.add((Throwable) Objects.requireNonNull(run.resultAt(i)));
      }
    }
    return found;
  }
}
