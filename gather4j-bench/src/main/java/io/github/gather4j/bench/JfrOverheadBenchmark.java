package io.github.gather4j.bench;

import io.github.gather4j.Gather;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What gather4j's Flight Recorder events cost: {@code Gather.all} of 10 no-op tasks under the same
 * recording (the JDK's default settings) with gather4j's events on and off, and without a recording
 * for scale. Run: {@code java --enable-preview -jar gather4j-bench/target/benchmarks.jar
 * JfrOverheadBenchmark}; the target is on / off of at most 1.05.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JfrOverheadBenchmark {
  private static final String RECORDING =
      "-XX:StartFlightRecording=disk=false,maxsize=64m,settings=default";

  private final List<Callable<Integer>> tasks =
      IntStream.range(0, 10).<Callable<Integer>>mapToObj(i -> () -> i).toList();

  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
  public Object all10_noRecording() throws Exception {
    return Gather.all(tasks);
  }

  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {
        "-Xms1g",
        "-Xmx1g",
        RECORDING
            + ",io.github.gather4j.Gather#enabled=false,io.github.gather4j.StuckTask#enabled=false"
      })
  public Object all10_recordingGatherEventsOff() throws Exception {
    return Gather.all(tasks);
  }

  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g", RECORDING})
  public Object all10_recordingGatherEventsOn() throws Exception {
    return Gather.all(tasks);
  }
}
