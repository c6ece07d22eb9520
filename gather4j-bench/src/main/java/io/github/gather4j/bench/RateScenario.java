package io.github.gather4j.bench;

import io.github.gather4j.Gather;
import io.github.gather4j.bench.Compare.Measure;
import io.github.gather4j.bench.Compare.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * (h) a start rate on the wall clock: {@code rate(permits, per)} over {@code n} no-op tasks, alone
 * and with a limit; the note says the most starts seen in any window of {@code per} (the target:
 * never more than {@code permits}) and the total time (the target for 100 per second over 1,000
 * tasks: 9.9–10.5 s).
 */
final class RateScenario {
  private RateScenario() {}

  static Map<String, Measure> ways(int permits, Duration per) {
    Map<String, Measure> ways = new LinkedHashMap<>();
    ways.put("gather4j rate", (ignored, n) -> run(n, permits, per, 0));
    ways.put("gather4j rate + limit 8", (ignored, n) -> run(n, permits, per, 8));
    return ways;
  }

  private static Sample run(int n, int permits, Duration per, int limit) throws Exception {
    long[] startedAt = new long[n];
    AtomicInteger next = new AtomicInteger();
    List<Callable<Integer>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      tasks.add(
          () -> {
            startedAt[next.getAndIncrement()] = System.nanoTime();
            return index;
          });
    }
    var gathering = Gather.with().rate(permits, per);
    if (limit > 0) {
      gathering = gathering.limit(limit);
    }
    long start = System.nanoTime();
    List<Integer> results = gathering.all(tasks);
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] at = Arrays.copyOf(startedAt, next.get());
    Arrays.sort(at);
    int most = 0;
    for (int i = 0, j = 0; i < at.length; i++) {
      while (at[i] - at[j] >= per.toNanos()) {
        j++;
      }
      most = Math.max(most, i - j + 1);
    }
    boolean correct = Compare.inOrder(results, n) && most <= permits;
    return new Sample(
        seconds, Double.NaN, correct, "most starts in a window of " + per + ": " + most);
  }
}
