package io.github.gather4j.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gather4j.Completed;
import io.github.gather4j.Completions;
import io.github.gather4j.Gather;
import io.github.gather4j.GatherException;
import io.github.gather4j.GatherTimeoutException;
import io.github.gather4j.Gathering;
import io.github.gather4j.Outcome;
import io.github.gather4j.Scope;
import io.github.gather4j.Subtask;
import io.github.gather4j.TaskFailedException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The torture suite: random task trees, caller interrupts at random moments, long runs, many
 * callers. Not part of the fast build: {@code ./mvnw -Pstress verify -pl gather4j-core -am}. The
 * system property {@code gather4j.stress=full} runs the full sizes; the default is the short form
 * CI runs.
 */
@Tag("stress")
class StressTest {
  static final boolean FULL = "full".equals(System.getProperty("gather4j.stress"));

  /** Figures of the run, printed at the end of each test for docs/GUARANTEES.md. */
  static void report(String what, Object... figures) {
    System.out.printf("[stress] " + what + "%n", figures);
  }

  // ------------------------------------------------------------------ random trees

  /** Every thread any task ran on, and every failure any task threw. */
  static final class World {
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final AtomicLong violations = new AtomicLong();
    final List<String> problems = new CopyOnWriteArrayList<>();

    void violation(String what) {
      violations.incrementAndGet();
      if (problems.size() < 20) {
        problems.add(what);
      }
    }
  }

  enum Verb {
    ALL,
    SETTLED,
    MAP,
    ANY,
    AS_COMPLETED,
    SCOPE
  }

  /** Builds a random task: leaf (value, failure, error, slow) or a nested gather, depth <= 3. */
  static Callable<Object> task(
      World w, SplittableRandom r, int depth, List<Throwable> thrown, Set<Thread> mine) {
    int kind = r.nextInt(depth >= 3 ? 5 : 7);
    long delayMicros = r.nextInt(4) == 0 ? r.nextInt(3_000) : 0;
    int value = r.nextInt();
    Throwable failure =
        switch (kind) {
          case 1 -> new IllegalStateException("random failure " + value);
          case 2 -> new AssertionError("random error " + value);
          default -> null;
        };
    if (failure != null) {
      thrown.add(failure);
    }
    SplittableRandom child = r.split();
    return () -> {
      w.threads.add(Thread.currentThread());
      mine.add(Thread.currentThread());
      w.started.incrementAndGet();
      try {
        if (delayMicros > 0) {
          Thread.sleep(Duration.ofNanos(delayMicros * 1_000));
        }
        return switch (kind) {
          case 1 -> throw (Exception) failure;
          case 2 -> throw (Error) failure;
          case 3 -> {
            Thread.sleep(Duration.ofMillis(20)); // slow: often cut by a deadline or a failure
            yield value;
          }
          case 5, 6 -> gatherTree(w, child, depth + 1);
          default -> value;
        };
      } finally {
        w.ended.incrementAndGet();
      }
    };
  }

  /** Runs one random gather of random tasks, checks its invariants, returns a summary value. */
  static Object gatherTree(World w, SplittableRandom r, int depth) throws Exception {
    int n = r.nextInt(depth == 1 ? 12 : 6);
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    Set<Thread> mine = ConcurrentHashMap.newKeySet();
    List<Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(task(w, r, depth, thrown, mine));
    }
    Gathering g = Gather.with();
    if (r.nextBoolean()) {
      g = g.limit(1 + r.nextInt(4));
    }
    if (r.nextInt(4) == 0) {
      g = g.timeout(Duration.ofMillis(1 + r.nextInt(15)));
    }
    if (r.nextInt(3) == 0) {
      g = g.threadFactory(Thread.ofPlatform().factory());
    }
    Verb verb = Verb.values()[r.nextInt(Verb.values().length)];
    try {
      Object result = run(verb, g, tasks, thrown, w);
      checkNothingAlive(w, mine, verb);
      return result;
    } catch (Exception | Error e) {
      checkNothingAlive(w, mine, verb);
      checkReported(e, thrown, w, verb);
      throw e;
    }
  }

  static Object run(
      Verb verb, Gathering g, List<Callable<Object>> tasks, List<Throwable> thrown, World w)
      throws Exception {
    switch (verb) {
      case ALL -> {
        List<Object> results = g.all(tasks);
        if (results.size() != tasks.size()) {
          w.violation("all returned " + results.size() + " of " + tasks.size());
        }
        return results.size();
      }
      case MAP -> {
        List<Object> results = g.map(tasks, Callable::call);
        if (results.size() != tasks.size()) {
          w.violation("map returned " + results.size() + " of " + tasks.size());
        }
        return results.size();
      }
      case SETTLED -> {
        List<Outcome<Object>> outcomes = g.settled(tasks);
        if (outcomes.size() != tasks.size()) {
          w.violation("settled returned " + outcomes.size() + " of " + tasks.size());
        }
        for (Outcome<Object> o : outcomes) {
          if (o instanceof Outcome.Failure<Object> f
              && !thrown.contains(f.exception())
              && !(f.exception() instanceof GatherTimeoutException)
              && !(f.exception() instanceof TaskFailedException)) {
            w.violation("settled reported an unknown failure " + f.exception());
          }
        }
        return outcomes.size();
      }
      case ANY -> {
        if (tasks.isEmpty()) {
          return 0;
        }
        return g.any(tasks);
      }
      case AS_COMPLETED -> {
        Set<Integer> seen = new HashSet<>();
        // Every other stream reads its tasks through an iterator (lazily, under a limit).
        Collection<Callable<Object>> input =
            (tasks.size() & 1) == 0 ? tasks : new ArrayDeque<>(tasks);
        try (Completions<Object> done = g.asCompleted(input)) {
          for (Completed<Object> c : done) {
            if (!seen.add(c.index())) {
              w.violation("asCompleted yielded index " + c.index() + " twice");
            }
          }
        }
        if (seen.size() != tasks.size()) {
          w.violation("asCompleted yielded " + seen.size() + " of " + tasks.size());
        }
        return seen.size();
      }
      default -> {
        List<Subtask<Object>> subtasks = new ArrayList<>();
        try (Scope scope = g.scope()) {
          for (Callable<Object> task : tasks) {
            subtasks.add(scope.fork(task));
          }
          scope.join();
        }
        for (Subtask<Object> s : subtasks) {
          if (s.state() != Subtask.State.SUCCESS) {
            w.violation("scope joined with a subtask in state " + s.state());
          }
        }
        return subtasks.size();
      }
    }
  }

  /** The structured guarantee at every level: no thread of this call's tasks is alive. */
  static void checkNothingAlive(World w, Set<Thread> mine, Verb verb) {
    for (Thread t : mine) {
      if (t.isAlive()) {
        w.violation(verb + ": thread " + t + " alive after its gather returned");
      }
    }
  }

  static void checkReported(Throwable e, List<Throwable> thrown, World w, Verb verb) {
    if (e instanceof TaskFailedException tf) {
      List<Throwable> reported = new ArrayList<>(List.of(tf.getSuppressed()));
      reported.add(tf.getCause());
      for (Throwable t : reported) {
        if (!thrown.contains(t)
            && !(t instanceof GatherTimeoutException)
            && !(t instanceof TaskFailedException)) {
          w.violation(verb + " reported a failure no task threw: " + t);
        }
      }
      if (new HashSet<>(reported).size() != reported.size()) {
        w.violation(verb + " reported a failure twice");
      }
    }
  }

  /** One root gather, from a fresh caller, sometimes interrupted at a random moment. */
  static void rootCall(World w, long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    boolean interrupt = r.nextInt(5) == 0;
    long interruptAfterMicros = r.nextInt(5_000);
    Throwable[] thrown = new Throwable[1];
    boolean[] flagAfter = new boolean[1];
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    gatherTree(w, r, 1);
                  } catch (Throwable t) {
                    thrown[0] = t;
                  }
                  flagAfter[0] = Thread.currentThread().isInterrupted();
                });
    if (interrupt) {
      Thread.sleep(Duration.ofNanos(interruptAfterMicros * 1_000));
      caller.interrupt();
    }
    caller.join();
    // After the root call: every task thread of the whole tree has ended.
    for (Thread t : w.threads) {
      if (t.isAlive()) {
        w.violation("seed " + seed + ": thread " + t + " alive after the root call returned");
      }
    }
    if (w.started.get() != w.ended.get()) {
      w.violation(
          "seed " + seed + ": " + w.started.get() + " started, " + w.ended.get() + " ended");
    }
    if (thrown[0] instanceof InterruptedException && flagAfter[0]) {
      w.violation("seed " + seed + ": InterruptedException thrown with the flag still set");
    }
    if (thrown[0] instanceof GatherException ge
        && ge.getCause() instanceof InterruptedException
        && !flagAfter[0]) {
      w.violation("seed " + seed + ": GatherException(InterruptedException) without the flag");
    }
  }

  @Test
  void randomTrees_invariantsHoldUnderFailuresDeadlinesAndInterrupts() throws Exception {
    int calls = FULL ? 20_000 : 1_500;
    World w = new World();
    long seed = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      World one = new World();
      rootCall(one, seed + i);
      w.violations.addAndGet(one.violations.get());
      one.problems.forEach(
          p -> {
            if (w.problems.size() < 20) {
              w.problems.add(p);
            }
          });
      w.started.addAndGet(one.started.get());
    }
    report(
        "random trees: %d root calls (seed %d), %d tasks run, %d violations",
        calls, seed, w.started.get(), w.violations.get());
    assertThat(w.problems).isEmpty();
    assertThat(w.violations.get()).isZero();
  }

  // ------------------------------------------------------------------ long runs

  @Test
  void gathersBackToBack_noGrowthInThreadsOrHeap() throws Exception {
    int calls = FULL ? 1_000_000 : 100_000;
    var threads = ManagementFactory.getThreadMXBean();
    Callable<Integer> one = () -> 1;
    for (int i = 0; i < 10_000; i++) {
      Gather.all(one, one); // warm up
    }
    long heapBefore = usedHeapAfterGc();
    int threadsBefore = threads.getThreadCount();
    for (int i = 0; i < calls; i++) {
      Gather.all(one, one, one);
    }
    long heapAfter = usedHeapAfterGc();
    int threadsAfter = threads.getThreadCount();
    report(
        "back to back: %d gathers; platform threads %d -> %d; heap %d KiB -> %d KiB",
        calls, threadsBefore, threadsAfter, heapBefore >> 10, heapAfter >> 10);
    assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 2);
    assertThat(heapAfter).isLessThan(heapBefore + (32L << 20));
  }

  static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void manyCallersAtOnce_mixedVerbs_allCorrect() throws Exception {
    int callers = FULL ? 200 : 50;
    int tasksEach = FULL ? 1_000 : 200;
    AtomicLong violations = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      go.await();
                      List<Callable<Integer>> tasks = new ArrayList<>();
                      for (int i = 0; i < tasksEach; i++) {
                        int index = i;
                        tasks.add(() -> index);
                      }
                      List<Integer> results =
                          switch (caller % 4) {
                            case 0 -> Gather.all(tasks);
                            case 1 -> Gather.with().limit(8).all(tasks);
                            case 2 ->
                                Gather.settled(tasks).stream()
                                    .map(o -> ((Outcome.Success<Integer>) o).value())
                                    .toList();
                            default -> Gather.with().limit(16).map(tasks, Callable::call);
                          };
                      for (int i = 0; i < tasksEach; i++) {
                        if (results.get(i) != i) {
                          violations.incrementAndGet();
                        }
                      }
                    } catch (Exception e) {
                      violations.incrementAndGet();
                    }
                  }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    report(
        "many callers: %d callers x %d tasks, %d violations", callers, tasksEach, violations.get());
    assertThat(violations.get()).isZero();
  }
}
