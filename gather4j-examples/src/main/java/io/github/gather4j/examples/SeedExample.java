package io.github.gather4j.examples;

import io.github.gather4j.Gather;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Use case 1, the article's own example: three "fetches" of 3 s, 1 s and 2 s finish in about 3 s,
 * not 6 s. Run by {@code ./gather demo}.
 */
public final class SeedExample {

  /** What the example measured. */
  public record Result(List<String> results, Duration concurrent, Duration sequential) {}

  private SeedExample() {}

  public static void main(String[] args) throws InterruptedException {
    run(System.out, Duration.ofSeconds(1));
  }

  /**
   * Runs the three fetches with gather4j, then one after another, and prints both.
   *
   * @param out where to print
   * @param second how long "one second" of the article lasts (tests shorten it)
   */
  public static Result run(PrintStream out, Duration second) throws InterruptedException {
    // Load the classes of virtual threads, their timer and gather4j first, as Python has imported
    // asyncio before its example starts its clock: the timing below is of the gather, not of the
    // JVM loading classes.
    Gather.all(
        () ->
            fetchData(
                new PrintStream(OutputStream.nullOutputStream()), "warm-up", Duration.ofMillis(1)));
    long start = System.nanoTime();
    List<String> results =
        Gather.all(
            () -> fetchData(out, "API 1", second.multipliedBy(3)),
            () -> fetchData(out, "API 2", second.multipliedBy(1)),
            () -> fetchData(out, "API 3", second.multipliedBy(2)));
    Duration concurrent = Timing.since(start);
    out.printf("All requests completed in %.2f seconds%n", Timing.seconds(concurrent));
    out.println("Results: " + results);

    out.println();
    out.println("The same three requests, one after another:");
    start = System.nanoTime();
    List<String> sequentialResults = new ArrayList<>();
    sequentialResults.add(fetchData(out, "API 1", second.multipliedBy(3)));
    sequentialResults.add(fetchData(out, "API 2", second.multipliedBy(1)));
    sequentialResults.add(fetchData(out, "API 3", second.multipliedBy(2)));
    Duration sequential = Timing.since(start);
    out.printf(
        "Sequentially: %.2f seconds. Gather.all took %.2f seconds, %.1fx faster.%n",
        Timing.seconds(sequential),
        Timing.seconds(concurrent),
        Timing.seconds(sequential) / Timing.seconds(concurrent));
    return new Result(results, concurrent, sequential);
  }

  static String fetchData(PrintStream out, String source, Duration delay)
      throws InterruptedException {
    out.println("Fetching data from " + source + "...");
    Thread.sleep(delay); // simulating a network request
    out.println("Done fetching from " + source);
    return "Data from " + source;
  }
}
