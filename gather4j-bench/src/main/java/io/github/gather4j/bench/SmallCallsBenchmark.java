package io.github.gather4j.bench;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (j) in JMH: one call of {@code k} no-op tasks, from JMH's own (platform) thread, for every
 * contender of the comparison. With {@code -prof gc} it also gives the bytes allocated per call.
 * Run: {@code java --enable-preview -jar gather4j-bench/target/benchmarks.jar SmallCallsBenchmark
 * -prof gc}; the harness ({@code ./bench j}) measures the virtual-thread caller and 200 callers.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"--enable-preview", "-Xms2g", "-Xmx2g"})
public class SmallCallsBenchmark {
  @Param({"3", "10"})
  int k;

  @Param({
    "gather4j",
    "bare virtual threads",
    "StructuredTaskScope",
    "CompletableFuture.allOf",
    "Gatherers.mapConcurrent",
    "Guava Futures.allAsList",
    "Reactor flatMapSequential",
    "parallel-collectors",
    "Mug Fanout"
  })
  String contender;

  private Contender chosen;
  private List<Callable<Integer>> tasks;

  @Setup
  public void setUp() {
    tasks = IntStream.range(0, k).<Callable<Integer>>mapToObj(i -> () -> i).toList();
    chosen =
        Contenders.withCollectors().stream()
            .filter(c -> c.name().equals(contender))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no contender named " + contender));
  }

  @Benchmark
  public Object call() throws Exception {
    return chosen.all(tasks);
  }
}
