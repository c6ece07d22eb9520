package io.github.gather4j.internal;

import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * The counting unit driven directly, under Lincheck's model checker: the striped exits of a call of
 * 64 tasks (RunCounters' invariant: the running count never loses an exit, so the run ends when its
 * last task exits). docs/GUARANTEES.md names the seeded mutant it catches.
 */
class RunCountersModelTest {

  /** Counters alone, as a run of {@code size} tasks with no limit would hold them. */
  private static final class Counters extends RunCounters {
    Counters(int size, boolean striped) {
      super(size, striped, 0, Ticker.SYSTEM);
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A call without a limit whose exits are counted in stripes (as a call of 64 tasks or more counts
   * them; three are enough to race): the owner has claimed two tasks; both exit while the owner
   * claims the last task, which then exits at once, and the owner looks (and may flush). An exit
   * counted in a stripe just as the claims end must still reach the running count, or the owner
   * would wait for ever.
   */
  @Test
  void stripedExits_exitCountedAsTheLastClaimHappens_noExitIsLost() {
    Lincheck.runConcurrentTest(
        5_000,
        () -> {
          Counters counters = new Counters(3, true);
          check(counters.claimUpTo(2) == 2, "the first claims");
          lastClaimRacingTwoExits(counters, 2);
        });
  }

  /** Without stripes (scopes, and calls of fewer than 64 tasks) the same race ends the same way. */
  @Test
  void plainCount_lastClaimRacingTwoExits_noExitIsLost() {
    Lincheck.runConcurrentTest(
        5_000,
        () -> {
          Counters counters = new Counters(3, false);
          check(counters.claimUpTo(2) == 2, "the first claims");
          lastClaimRacingTwoExits(counters, 2);
        });
  }

  /** Tasks 0 and 1 exit while the owner claims task {@code last}, which exits at once. */
  private static void lastClaimRacingTwoExits(Counters counters, int last) {
    Thread first = new Thread(() -> counters.countExit(0));
    Thread second = new Thread(() -> counters.countExit(1));
    first.start();
    second.start();
    int claimed = counters.claim();
    check(claimed == last, "claimed " + claimed);
    counters.countExit(claimed);
    boolean endedEarly = counters.allExited();
    join(first);
    join(second);
    check(!counters.claimsLeft(), "a task was left unclaimed");
    check(!endedEarly || counters.allExited(), "the run ended, then was running again");
    check(counters.allExited(), "an exit was lost: the owner would wait for ever");
  }
}
