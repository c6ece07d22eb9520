package io.github.gather4j.bench;

import io.github.gather4j.Completed;
import io.github.gather4j.Completions;
import io.github.gather4j.Gather;
import io.github.gather4j.Outcome;
import io.github.gather4j.Scope;
import io.github.gather4j.Subtask;
import java.util.ArrayList;
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
 * The cost of each verb over {@code n} no-op tasks, against a virtual thread per task started and
 * joined by hand (the floor), in three forks (the machine varies by about 30 % between processes).
 * Run: {@code java --enable-preview -jar gather4j-bench/target/benchmarks.jar VerbsBenchmark}; one
 * verb at one size: {@code ... VerbsBenchmark.all -p n=100000}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"--enable-preview", "-Xms2g", "-Xmx2g"})
public class VerbsBenchmark {
  @Param({"10", "1000", "100000"})
  int n;

  List<Callable<Integer>> tasks;
  List<Integer> items;

  @Setup
  public void setUp() {
    tasks = IntStream.range(0, n).<Callable<Integer>>mapToObj(i -> () -> i).toList();
    items = IntStream.range(0, n).boxed().toList();
  }

  @Benchmark
  public Object bareVirtualThreads() throws Exception {
    return new Contenders.BareThreads().all(tasks);
  }

  @Benchmark
  public Object all() throws Exception {
    return Gather.all(tasks);
  }

  @Benchmark
  public Object settled() throws Exception {
    return Gather.settled(tasks);
  }

  @Benchmark
  public Object mapLimit64() throws Exception {
    return Gather.with().limit(64).map(items, i -> i);
  }

  @Benchmark
  public Object any() throws Exception {
    return Gather.with().any(tasks);
  }

  @Benchmark
  public long asCompleted() throws Exception {
    long sum = 0;
    try (Completions<Integer> done = Gather.with().asCompleted(tasks)) {
      for (Completed<Integer> c : done) {
        sum += ((Outcome.Success<Integer>) c.outcome()).value();
      }
    }
    return sum;
  }

  @Benchmark
  public Object scope() throws Exception {
    List<Subtask<Integer>> subtasks = new ArrayList<>(n);
    try (Scope scope = Gather.scope()) {
      for (Callable<Integer> task : tasks) {
        subtasks.add(scope.fork(task));
      }
      scope.join();
    }
    return subtasks.get(n - 1).get();
  }
}
