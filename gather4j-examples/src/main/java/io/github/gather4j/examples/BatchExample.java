package io.github.gather4j.examples;

import io.github.gather4j.Completed;
import io.github.gather4j.Completions;
import io.github.gather4j.Gather;
import io.github.gather4j.Outcome;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * Use case 5: a batch of 10,000 items through a slow API with {@code map} and a limit of 64, then
 * {@code asCompleted} streaming results as soon as each is ready.
 */
public final class BatchExample {

  /** What the example processed. */
  public record Result(
      List<Integer> results,
      Duration concurrent,
      Duration sequentialEstimate,
      List<Integer> streamOrder) {}

  private BatchExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out, 10_000, Duration.ofMillis(5));
  }

  /** The "API": squares a number, taking {@code latency} like a remote call would. */
  static int square(int item, Duration latency) throws InterruptedException {
    Thread.sleep(latency);
    return item * item;
  }

  public static Result run(PrintStream out, int itemCount, Duration latency) throws Exception {
    List<Integer> items = IntStream.range(0, itemCount).boxed().toList();

    long start = System.nanoTime();
    List<Integer> squares = Gather.with().limit(64).map(items, item -> square(item, latency));
    Duration concurrent = SeedExample.since(start);

    // Doing all of them one by one would take too long to wait for: time a sample and scale.
    int sample = Math.min(100, itemCount);
    start = System.nanoTime();
    for (int i = 0; i < sample; i++) {
      square(items.get(i), latency);
    }
    Duration sequentialEstimate =
        SeedExample.since(start).multipliedBy(itemCount).dividedBy(sample);
    out.printf(
        "map: %,d items, 64 at a time, in %.2f s; one by one would take about %.1f s.%n",
        itemCount, SeedExample.seconds(concurrent), SeedExample.seconds(sequentialEstimate));

    // asCompleted: five jobs of different lengths, each printed the moment it is done.
    List<Callable<String>> jobs = new ArrayList<>();
    int[] tenths = {5, 1, 4, 2, 3};
    for (int i = 0; i < tenths.length; i++) {
      Duration length = latency.multipliedBy(tenths[i] * 20L);
      String name = "job " + i;
      jobs.add(
          () -> {
            Thread.sleep(length);
            return name + " (" + length.toMillis() + " ms)";
          });
    }
    List<Integer> order = new ArrayList<>();
    try (Completions<String> done = Gather.with().asCompleted(jobs)) {
      for (Completed<String> job : done) {
        order.add(job.index());
        if (job.outcome() instanceof Outcome.Success<String> s) {
          out.println("  ready: " + s.value());
        }
      }
    }
    return new Result(squares, concurrent, sequentialEstimate, order);
  }
}
