package io.github.gather4j.bench;

import io.github.gather4j.Gather;
import io.github.gather4j.GatherFuture;
import io.github.gather4j.bench.Compare.Measure;
import io.github.gather4j.bench.Compare.Sample;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * (g) the async face side by side with what a user writes without it: an async {@code all} of 10
 * no-op tasks against {@code supplyAsync} on virtual threads + {@code allOf}; {@code await} over
 * running futures against {@code allOf} + {@code join} of each; cancelling an async gather of
 * sleeping tasks until every one has ended, against closing a {@code StructuredTaskScope}.
 */
final class AsyncScenarios {
  private static final List<Callable<Integer>> TEN =
      IntStream.range(0, 10).<Callable<Integer>>mapToObj(i -> () -> i).toList();

  private AsyncScenarios() {}

  /** g1: {@code calls} async gathers of 10 no-op tasks, one after another, each joined. */
  static Map<String, Measure> smallCalls() {
    Map<String, Measure> ways = new LinkedHashMap<>();
    ways.put(
        "gather4j async().all",
        (ignored, calls) -> {
          long start = System.nanoTime();
          boolean correct = true;
          for (int c = 0; c < calls; c++) {
            correct &= Compare.inOrder(Gather.async().all(TEN).join(), 10);
          }
          return perCall(start, calls, correct);
        });
    ways.put(
        "supplyAsync + allOf",
        (ignored, calls) -> {
          long start = System.nanoTime();
          boolean correct = true;
          for (int c = 0; c < calls; c++) {
            @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array, written and read here
            CompletableFuture<Integer>[] futures = new CompletableFuture[10];
            for (int i = 0; i < 10; i++) {
              Callable<Integer> task = TEN.get(i);
              futures[i] =
                  CompletableFuture.supplyAsync(
                      () -> Contenders.callUnchecked(task), Contenders.VIRTUAL);
            }
            CompletableFuture.allOf(futures).join();
            List<Integer> results = new ArrayList<>(10);
            for (CompletableFuture<Integer> f : futures) {
              results.add(f.join());
            }
            correct &= Compare.inOrder(results, 10);
          }
          return perCall(start, calls, correct);
        });
    return ways;
  }

  private static Sample perCall(long start, int calls, boolean correct) {
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Sample(
        seconds, Double.NaN, correct, String.format("%.2f µs/call", seconds * 1e6 / calls));
  }

  /**
   * g2: {@code n} futures that are not done when the gather starts, completed in order by the
   * measuring thread while a caller waits for all of them; time until the caller has them all.
   */
  static Map<String, Measure> runningFutures() {
    Map<String, Measure> ways = new LinkedHashMap<>();
    ways.put("gather4j await", (ignored, n) -> gatherRunning(n, futures -> Gather.await(futures)));
    ways.put(
        "allOf + join each",
        (ignored, n) ->
            gatherRunning(
                n,
                futures -> {
                  CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
                  List<Integer> results = new ArrayList<>(futures.size());
                  for (CompletableFuture<Integer> f : futures) {
                    results.add(f.join());
                  }
                  return results;
                }));
    return ways;
  }

  interface Gatherer {
    List<Integer> gather(List<CompletableFuture<Integer>> futures) throws Exception;
  }

  private static Sample gatherRunning(int n, Gatherer gatherer) throws Exception {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      futures.add(new CompletableFuture<>());
    }
    var threads = ManagementFactory.getThreadMXBean();
    long threadsBefore = threads.getTotalStartedThreadCount();
    CountDownLatch waiting = new CountDownLatch(1);
    List<List<Integer>> got = new ArrayList<>(1);
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  waiting.countDown();
                  try {
                    got.add(gatherer.gather(futures));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    waiting.await();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      futures.get(i).complete(i);
    }
    caller.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    long started = threads.getTotalStartedThreadCount() - threadsBefore;
    boolean correct = got.size() == 1 && Compare.inOrder(got.get(0), n);
    return new Sample(
        seconds, Double.NaN, correct, started + " platform thread(s) started, the caller's");
  }

  /**
   * g3: {@code n} tasks sleeping until cancelled, all started; time from the cancel until every
   * task has ended (gather4j: {@code cancel(true)} then {@code ended()}; the JDK: the scope's
   * {@code close()}).
   */
  static Map<String, Measure> cancelSleepers(Duration sleep) {
    Map<String, Measure> ways = new LinkedHashMap<>();
    ways.put(
        "gather4j cancel + ended()",
        (ignored, n) -> {
          Sleepers s = new Sleepers(n, sleep);
          GatherFuture<List<Integer>> future = Gather.async().all(s.tasks);
          s.asleep.await();
          long start = System.nanoTime();
          future.cancel(true);
          future.ended().join();
          return s.sample(start, future.isCancelled());
        });
    ways.put(
        "StructuredTaskScope close",
        (ignored, n) -> {
          Sleepers s = new Sleepers(n, sleep);
          long start;
          var scope = StructuredTaskScope.open();
          try {
            for (Callable<Integer> task : s.tasks) {
              scope.fork(task);
            }
            s.asleep.await();
          } finally {
            start = System.nanoTime();
            try {
              scope.close(); // cancels and waits for every thread
            } catch (IllegalStateException notJoined) {
              // closed without join, as intended: the threads have ended all the same
            }
          }
          return s.sample(start, true);
        });
    return ways;
  }

  /** n tasks that sleep until interrupted, and how many have ended. */
  private static final class Sleepers {
    final CountDownLatch asleep;
    final AtomicInteger ended = new AtomicInteger();
    final List<Callable<Integer>> tasks;

    Sleepers(int n, Duration sleep) {
      asleep = new CountDownLatch(n);
      tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        tasks.add(
            () -> {
              try {
                asleep.countDown();
                Thread.sleep(sleep);
                return index;
              } finally {
                ended.incrementAndGet();
              }
            });
      }
    }

    Sample sample(long start, boolean cancelled) {
      double seconds = (System.nanoTime() - start) / 1e9;
      boolean correct = cancelled && ended.get() == tasks.size();
      return new Sample(seconds, Double.NaN, correct, ended.get() + " ended");
    }
  }
}
