package io.github.gather4j.modelcheck;

import static io.github.gather4j.modelcheck.CompletionStateMachineTest.check;
import static io.github.gather4j.modelcheck.CompletionStateMachineTest.join;

import io.github.gather4j.Completed;
import io.github.gather4j.Outcome;
import io.github.gather4j.internal.CompletionStream;
import io.github.gather4j.internal.GatherRun;
import io.github.gather4j.internal.GatherRun.Policy;
import io.github.gather4j.internal.Inputs;
import io.github.gather4j.internal.Options;
import io.github.gather4j.internal.Verdict;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * The races the review of 2026-11-30 found guarded only by loops and the stress profile, each under
 * Lincheck's model checker on a scripted engine and a ticker that never wakes spuriously: the
 * striped exits of a call of 64 tasks, the owner's announce-look-park handshake, the lazy input's
 * try-lock, and a stream's unclaimed tail. docs/GUARANTEES.md says which seeded mutant of the real
 * code each one catches.
 */
class RaceModelTest {
  private static final Callable<Object> TASK = () -> "unused: the scripted engine runs nothing";

  private static Options options(Scripted engine, ExactTicker ticker) {
    return Options.DEFAULTS.withEngine(o -> engine).withTicker(ticker);
  }

  private static Object[] tasks(int n) {
    Object[] tasks = new Object[n];
    Arrays.fill(tasks, TASK);
    return tasks;
  }

  private static GatherRun started(GatherRun run) {
    try {
      return run.startThen();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Thread thread(Runnable body) {
    Thread thread = new Thread(body);
    thread.start();
    return thread;
  }

  /**
   * The owner waits for one task while it ends: whichever comes first, the owner's announcement or
   * the task's last exit, the owner is woken (its park never returns without an unpark here).
   */
  @Test
  void ownerPark_taskEndsAsTheOwnerParks_ownerIsWoken() {
    Lincheck.runConcurrentTest(
        2_000,
        () -> {
          Scripted engine = new Scripted();
          GatherRun run =
              started(Inputs.ofTaskArray(Policy.ALL, options(engine, new ExactTicker()), tasks(2)));
          Thread ending =
              thread(
                  () -> {
                    engine.task(0).end("zero");
                    engine.task(1).end("one");
                  });
          List<Object> results;
          try {
            results = Verdict.all(run);
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          join(ending);
          check(results.equals(List.of("zero", "one")), "results: " + results);
        });
  }

  /** The same handshake with a stream: the owner waits for each completion in turn. */
  @Test
  void ownerPark_streamTasksEndAsTheOwnerWaitsForEach_ownerIsWokenEachTime() {
    Lincheck.runConcurrentTest(
        2_000,
        () -> {
          Scripted engine = new Scripted();
          GatherRun run =
              started(
                  Inputs.ofTasks(
                      Policy.STREAM, options(engine, new ExactTicker()), List.of(TASK, TASK)));
          CompletionStream<Object> completions = new CompletionStream<>(run);
          Thread ending =
              thread(
                  () -> {
                    engine.task(0).end("zero");
                    engine.task(1).end("one");
                  });
          int seen = 0;
          while (completions.hasNext()) {
            completions.next();
            seen++;
          }
          completions.close();
          join(ending);
          check(seen == 2, "completions seen: " + seen);
        });
  }

  /**
   * A lazy input (a collection that is not a list, under a limit of 2) of 4 tasks: the two running
   * tasks end at once and both want the input's lock to start the next. The one that finds it held
   * leaves its slot to the holder, which must start both (and never read the iterator from two
   * threads at once).
   */
  @Test
  void lazyInput_twoEndsWantTheLockAtOnce_bothFreeSlotsAreUsed() {
    Lincheck.runConcurrentTest(
        2_000,
        () -> {
          Scripted engine = new Scripted();
          GatherRun run =
              started(
                  Inputs.ofTasks(
                      Policy.STREAM,
                      options(engine, new ExactTicker()).withLimit(2),
                      new OneReaderAtATime(4)));
          CompletionStateMachineTest.together(
              () -> engine.task(0).end("zero"), () -> engine.task(1).end("one"));
          check(engine.started.containsKey(2), "task 2 never started: a slot was lost");
          check(engine.started.containsKey(3), "task 3 never started: a slot was lost");
          engine.task(2).end("two");
          engine.task(3).end("three");
          run.cancelAndAwait();
        });
  }

  /**
   * A stream of 3 tasks under a limit of 1 reaches its deadline while its running task ends and
   * hands its slot on: the stop and the hand-off race for the next claim. Every index must still
   * come out exactly once, the unclaimed ones as cancelled and never started.
   */
  @Test
  void streamTail_deadlineRacingAHandOff_everyIndexOnceUnclaimedNeverStarted() {
    Lincheck.runConcurrentTest(
        2_000,
        () -> {
          Scripted engine = new Scripted();
          ExactTicker ticker = new ExactTicker();
          GatherRun run =
              started(
                  Inputs.ofTasks(
                      Policy.STREAM,
                      options(engine, ticker).withLimit(1).withTimeout(Duration.ofSeconds(1)),
                      List.of(TASK, TASK, TASK)));
          CompletionStream<Object> completions = new CompletionStream<>(run);
          Thread ending =
              thread(
                  () -> {
                    // Each task's hand-off starts the next on this thread, unless the stop came.
                    for (int i = 0; i < 3; i++) {
                      Scripted.Played played = engine.started.get(i);
                      if (played == null) {
                        return;
                      }
                      played.end("v" + i);
                    }
                  });
          ticker.set(ticker.nanoTime() + Duration.ofSeconds(2).toNanos());
          List<Completed<Object>> seen = new ArrayList<>();
          while (completions.hasNext()) {
            seen.add(completions.next());
          }
          completions.close();
          join(ending);
          check(seen.size() == 3, "completions: " + seen);
          check(
              seen.stream().map(Completed::index).distinct().count() == 3,
              "an index twice: " + seen);
          for (Completed<Object> completed : seen) {
            boolean started = engine.started.containsKey(completed.index());
            check(
                started || completed.outcome() instanceof Outcome.Cancelled<?>,
                "task " + completed.index() + " never started but ended " + completed.outcome());
          }
        });
  }

  /** A collection that is not a list, whose iterator fails if two threads read it at once. */
  private static final class OneReaderAtATime extends AbstractCollection<Callable<Object>> {
    private final int size;
    private final AtomicInteger readers = new AtomicInteger();

    OneReaderAtATime(int size) {
      this.size = size;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<Callable<Object>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Callable<Object> next() {
          check(readers.incrementAndGet() == 1, "two threads read the iterator at once");
          next++;
          readers.decrementAndGet();
          return TASK;
        }
      };
    }
  }
}
