package io.github.gather4j.examples;

import io.github.gather4j.Completed;
import io.github.gather4j.Completions;
import io.github.gather4j.Gather;
import io.github.gather4j.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Use case 5: a batch of 10,000 items through a slow API with {@code map} and a limit of 64, then
 * {@code asCompleted} streaming results as soon as each is ready, then a file of 10 million lines
 * through {@code stream}: read lazily, 64 lines at a time, in bounded memory whatever the file's
 * size, with a progress bar.
 */
public final class BatchExample {

  /** What the example processed. */
  public record Result(
      List<Integer> results,
      Duration concurrent,
      Duration sequentialEstimate,
      List<Integer> streamOrder) {}

  private BatchExample() {}

  /** What the file part streamed. */
  public record FileResult(
      long lines, long checksum, long expectedChecksum, long fileBytes, long peakLiveHeap) {}

  /**
   * Runs the example; {@code --lines N} sets the file's length (10 million by default).
   *
   * @param args {@code [--lines N]}
   */
  public static void main(String[] args) throws Exception {
    long lines = 10_000_000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--lines") && i + 1 < args.length) {
        lines = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
      } else {
        System.err.println("gather example batch: unknown argument " + args[i] + "; use --lines N");
        System.exit(2);
      }
    }
    run(System.out, 10_000, Duration.ofMillis(5));
    System.out.println();
    streamFile(System.out, lines, System.console() != null);
  }

  /** What is done with each line: its CRC-32, as a stand-in for parsing and looking it up. */
  static long work(String line) {
    CRC32 crc = new CRC32();
    crc.update(line.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /**
   * Writes a file of {@code lineCount} lines, streams it through {@code Gathering.stream} with a
   * limit of 64 and a progress bar, and reports the peak live heap next to the file's size.
   *
   * @param out where to print
   * @param lineCount how many lines the file has
   * @param terminal whether {@code out} is a terminal (the bar is redrawn in place) or not (a line
   *     every tenth)
   */
  public static FileResult streamFile(PrintStream out, long lineCount, boolean terminal)
      throws IOException {
    Path file = Files.createTempFile("gather4j-batch", ".csv");
    try {
      long expected = 0;
      try (BufferedWriter writer = Files.newBufferedWriter(file)) {
        for (long i = 0; i < lineCount; i++) {
          String line = "item-" + i + "," + (i * 7919 % 100_003);
          writer.write(line);
          writer.newLine();
          expected += work(line);
        }
      }
      long bytes = Files.size(file);
      out.printf(
          "stream: %,d lines (%,.0f MiB) from %s, 64 at a time:%n",
          lineCount, bytes / 1048576.0, file.getFileName());
      ProgressBar bar = new ProgressBar(out, lineCount, "lines", terminal);
      long baseline = liveHeap();
      long peak = 0;
      long sum = 0;
      long count = 0;
      long start = System.nanoTime();
      long sampleEvery = Math.max(1, lineCount / 10);
      try (Stream<String> lines = Files.lines(file);
          Stream<Long> crcs =
              Gather.with().limit(64).onProgress(bar::update).stream(lines, line -> work(line))) {
        for (Iterator<Long> it = crcs.iterator(); it.hasNext(); ) {
          sum += it.next();
          if (++count % sampleEvery == sampleEvery / 2) {
            peak = Math.max(peak, liveHeap() - baseline); // after a GC: what is really held
          }
        }
      }
      bar.finish();
      Duration took = Timing.since(start);
      out.printf(
          "  %,d lines in %.1f s (%,.0f lines/s); checksum %s.%n",
          count,
          Timing.seconds(took),
          count / Timing.seconds(took),
          sum == expected ? "matches" : "DOES NOT MATCH");
      out.printf(
          "  peak live heap while streaming: %,.1f MiB, for a file of %,.0f MiB: memory follows"
              + " the limit, not the input.%n",
          peak / 1048576.0, bytes / 1048576.0);
      return new FileResult(count, sum, expected, bytes, peak);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static long liveHeap() {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
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
    Duration concurrent = Timing.since(start);

    // Doing all of them one by one would take too long to wait for: time a sample and scale.
    int sample = Math.min(100, itemCount);
    start = System.nanoTime();
    for (int i = 0; i < sample; i++) {
      square(items.get(i), latency);
    }
    Duration sequentialEstimate = Timing.since(start).multipliedBy(itemCount).dividedBy(sample);
    out.printf(
        "map: %,d items, 64 at a time, in %.2f s; one by one would take about %.1f s.%n",
        itemCount, Timing.seconds(concurrent), Timing.seconds(sequentialEstimate));

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
