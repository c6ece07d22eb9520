package io.github.gather4j.modelcheck;

import io.github.gather4j.Subtask;
import io.github.gather4j.TaskFailedException;
import io.github.gather4j.internal.GatherRun;
import io.github.gather4j.internal.Inputs;
import io.github.gather4j.internal.Options;
import io.github.gather4j.internal.Verdict;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Every interleaving (up to Lincheck's budget) of the races in the gather algorithm's completion
 * state machine, with tasks played by model-checked threads on a {@link Scripted} engine.
 */
class CompletionStateMachineTest {
  private static final Callable<Object> TASK = () -> "unused: the scripted engine runs nothing";

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Three tasks under a limit of two, started: tasks 0 and 1 run, task 2 waits for a slot. */
  static GatherRun threeTasksLimitTwo(GatherRun.Policy policy, Scripted engine) {
    GatherRun run =
        Inputs.ofTaskArray(
            policy,
            Options.DEFAULTS.withLimit(2).withEngine(o -> engine),
            new Object[] {TASK, TASK, TASK});
    try {
      return run.startThen();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs both on threads of their own, at once, and waits for both. */
  static void together(Runnable first, Runnable second) {
    Thread a = new Thread(first);
    Thread b = new Thread(second);
    a.start();
    b.start();
    join(a);
    join(b);
  }

  /**
   * A scope forks while a running subtask fails: the new subtask either never starts (and is
   * cancelled) or starts and is cancelled; join reports the failure, and nothing else.
   */
  @Test
  void scope_forkRacingAFailure_newSubtaskNeverEscapesCancellation() {
    Lincheck.runConcurrentTest(
        2_000,
        () -> {
          Scripted engine = new Scripted();
          GatherRun run = Inputs.ofScope(Options.DEFAULTS.withEngine(o -> engine));
          run.fork(TASK);
          Scripted.Played first = engine.task(0);
          Thread failing = new Thread(() -> first.fail(new IOException("first fails")));
          failing.start();
          Subtask<?> second = run.fork(TASK);
          join(failing);
          Scripted.Played secondTask = engine.started.get(1);
          if (secondTask != null) {
            check(secondTask.cancelled, "a subtask started around the failure was not cancelled");
            secondTask.end("second");
          }
          try {
            Verdict.join(run);
            throw new AssertionError("join did not report the failure");
          } catch (TaskFailedException e) {
            check(e.index() == 0, "join reported task " + e.index());
            check(e.getSuppressed().length == 0, "a cancellation was reported as a failure");
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          check(second.state() == Subtask.State.CANCELLED, "second ended " + second.state());
        });
  }

  /**
   * Under a limit, two tasks end at once and both hand their slot on: the one queued task starts
   * exactly once (the engine throws on a second start) and every slot keeps its outcome.
   */
  @Test
  void limit_twoHandOffsAtOnce_queuedTaskStartsOnceEveryOutcomeKept() {
    Lincheck.runConcurrentTest(
        2_000,
        () -> {
          Scripted engine = new Scripted();
          GatherRun run = threeTasksLimitTwo(GatherRun.Policy.SETTLED, engine);
          Scripted.Played zero = engine.task(0);
          Scripted.Played one = engine.task(1);
          together(() -> zero.end("zero"), () -> one.end("one"));
          check(engine.started.containsKey(2), "the hand-off did not start the queued task");
          engine.task(2).end("two");
          try {
            check(
                Verdict.settled(run).stream().allMatch(o -> o.isSuccess()), "an outcome was lost");
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });
  }

  /** The same race, fail-fast: a failure and a hand-off at once. */
  @Test
  void limit_failureRacingAHandOff_queuedTaskCancelledOrNeverStarted() {
    Lincheck.runConcurrentTest(
        2_000,
        () -> {
          Scripted engine = new Scripted();
          GatherRun run = threeTasksLimitTwo(GatherRun.Policy.ALL, engine);
          Scripted.Played zero = engine.task(0);
          Scripted.Played one = engine.task(1);
          together(() -> zero.end("zero"), () -> one.fail(new IOException("one fails")));
          Scripted.Played two = engine.started.get(2);
          if (two != null) {
            check(two.cancelled, "the queued task started after the failure without a cancel");
            two.end("two");
          }
          try {
            Verdict.all(run);
            throw new AssertionError("the failure was not reported");
          } catch (TaskFailedException e) {
            check(e.index() == 1, "reported task " + e.index());
            check(e.getSuppressed().length == 0, "a cancellation was reported as a failure");
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });
  }
}
