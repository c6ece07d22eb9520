package io.github.gather4j.bench;

import io.github.gather4j.bench.Compare.Measure;
import io.github.gather4j.bench.Compare.Sample;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * (j) small gathers at server rates: the per-call cost of a request handler's fan-out of 3 to 10
 * tasks, made one call after another by one caller (on a platform thread or a virtual thread), and
 * by 200 virtual-thread callers at once. For every contender: time per call, its p50 and p99, calls
 * per second and the bytes allocated per call (by every thread of the JVM, the tasks' included).
 */
final class SmallCalls {
  /** Iterations of {@link #spin} that take about a microsecond on this machine. */
  private static final int MICROSECOND = calibrate();

  /** Where {@link #spin}'s result goes, so that the JIT cannot drop the work. */
  @SuppressWarnings("unused")
  private static volatile long sink;

  private SmallCalls() {}

  /**
   * One caller making {@code calls} gathers of {@code k} tasks one after another.
   *
   * @param virtualCaller whether the caller is a virtual thread (else a platform thread)
   * @param work whether each task does about a microsecond of work (else nothing)
   */
  static Map<String, Measure> oneCaller(
      List<Contender> contenders, boolean virtualCaller, int k, boolean work) {
    List<Callable<Integer>> tasks = tasks(k, work, Duration.ZERO);
    Map<String, Measure> ways = new LinkedHashMap<>();
    for (Contender c : contenders) {
      ways.put(
          c.name(),
          (ignored, calls) -> {
            long[] latencies = new long[calls];
            return onThread(
                virtualCaller,
                () -> {
                  long allocated = allocated();
                  long start = System.nanoTime();
                  boolean correct = true;
                  for (int i = 0; i < calls; i++) {
                    long t = System.nanoTime();
                    correct &= Compare.inOrder(c.all(tasks), k);
                    latencies[i] = System.nanoTime() - t;
                  }
                  long nanos = System.nanoTime() - start;
                  return sample(nanos, allocated() - allocated, calls, latencies, correct);
                });
          });
    }
    return ways;
  }

  /**
   * {@code callers} virtual threads at once, each making its share of {@code calls} gathers of
   * {@code k} tasks one after another; each task sleeps {@code sleep} (zero: does nothing).
   */
  static Map<String, Measure> manyCallers(
      List<Contender> contenders, int callers, int k, Duration sleep) {
    List<Callable<Integer>> tasks = tasks(k, false, sleep);
    Map<String, Measure> ways = new LinkedHashMap<>();
    for (Contender c : contenders) {
      ways.put(
          c.name(),
          (ignored, calls) -> {
            int each = Math.max(1, calls / callers);
            long[] latencies = new long[each * callers];
            boolean[] correct = new boolean[callers];
            AtomicReference<Throwable> failed = new AtomicReference<>();
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            Thread[] threads = new Thread[callers];
            for (int t = 0; t < callers; t++) {
              int caller = t;
              threads[t] =
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            boolean right = true;
                            try {
                              ready.countDown();
                              go.await();
                              for (int i = 0; i < each; i++) {
                                long start = System.nanoTime();
                                right &= Compare.inOrder(c.all(tasks), k);
                                latencies[caller * each + i] = System.nanoTime() - start;
                              }
                            } catch (Throwable e) {
                              failed.compareAndSet(null, e);
                              right = false;
                            }
                            correct[caller] = right;
                          });
            }
            ready.await();
            long allocated = allocated();
            long start = System.nanoTime();
            go.countDown();
            for (Thread thread : threads) {
              thread.join();
            }
            long nanos = System.nanoTime() - start;
            long bytes = allocated() - allocated;
            if (failed.get() != null) {
              throw new IllegalStateException(c.name() + " failed", failed.get());
            }
            boolean all = true;
            for (boolean right : correct) {
              all &= right;
            }
            return sample(nanos, bytes, latencies.length, latencies, all);
          });
    }
    return ways;
  }

  /** The tasks of one call: task {@code i} returns {@code i}. */
  private static List<Callable<Integer>> tasks(int k, boolean work, Duration sleep) {
    return IntStream.range(0, k)
        .<Callable<Integer>>mapToObj(
            i -> {
              if (!sleep.isZero()) {
                return () -> {
                  Thread.sleep(sleep);
                  return i;
                };
              }
              if (work) {
                return () -> {
                  sink = spin(MICROSECOND);
                  return i;
                };
              }
              return () -> i;
            })
        .toList();
  }

  /** Runs {@code body} on a new platform or virtual thread and returns what it returned. */
  private static Sample onThread(boolean virtual, Callable<Sample> body) throws Exception {
    AtomicReference<Sample> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Runnable run =
        () -> {
          try {
            result.set(body.call());
          } catch (Exception e) {
            failure.set(e);
          }
        };
    Thread thread = virtual ? Thread.ofVirtual().start(run) : Thread.ofPlatform().start(run);
    thread.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  private static Sample sample(
      long nanos, long bytes, int calls, long[] latencies, boolean correct) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    double perCall = nanos / 1e3 / calls;
    String note =
        String.format(
            "%.2f µs/call (p50 %.1f, p99 %.1f µs), %,.0f calls/s",
            perCall,
            sorted[sorted.length / 2] / 1e3,
            sorted[(int) (sorted.length * 0.99)] / 1e3,
            calls / (nanos / 1e9));
    return new Sample(nanos / 1e9, bytes < 0 ? Double.NaN : bytes / (double) calls, correct, note);
  }

  /** Bytes allocated so far by all threads of the JVM, or a negative number if not measured. */
  private static long allocated() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
      return threads.getTotalThreadAllocatedBytes();
    }
    return -1;
  }

  /** Some arithmetic the JIT cannot fold: {@code n} rounds of a xorshift. */
  static long spin(int n) {
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }

  private static int calibrate() {
    int n = 1_000;
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 200; round++) {
      long start = System.nanoTime();
      sink = spin(n * 100);
      best = Math.min(best, System.nanoTime() - start);
    }
    return (int) Math.max(1, n * 100 * 1_000L / Math.max(1, best));
  }
}
