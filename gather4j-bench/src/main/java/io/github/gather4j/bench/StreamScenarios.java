package io.github.gather4j.bench;

import com.pivovarit.collectors.ParallelCollectors;
import io.github.gather4j.Gather;
import io.github.gather4j.bench.Compare.Measure;
import io.github.gather4j.bench.Compare.Sample;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.stream.Gatherers;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * (i) lazy streams: {@code Gathering.stream} against the ways a Java user maps a lazy input
 * concurrently in order — {@code Gatherers.mapConcurrent}, parallel-collectors' {@code
 * parallelToOrderedStream}, Reactor's {@code flatMapSequential} on virtual threads — all on {@code
 * IntStream.range(0, n).boxed()} (or {@code Flux.range}), never a list in memory.
 */
final class StreamScenarios {
  private static final Scheduler VIRTUAL = Schedulers.fromExecutorService(Contenders.VIRTUAL);

  private StreamScenarios() {}

  /** The input, lazy: nothing of it is in memory before it is read. */
  private static Stream<Integer> input(int n) {
    return IntStream.range(0, n).boxed();
  }

  /** Each way maps the items through {@code fn} with at most {@code limit} running. */
  private interface OrderedWay {
    void run(int n, int limit, Function<Integer, Integer> fn, Consumer consumer) throws Exception;
  }

  /** What consumes the results: checks their order, and measures the live heap at half. */
  private static final class Consumer {
    private final int n;
    private final long baseline = Compare.usedHeapAfterGc();
    private final long start = System.nanoTime();
    private long paused;
    private long live = -1;
    private int next;
    private boolean inOrder = true;

    Consumer(int n) {
      this.n = n;
    }

    void take(int value) {
      if (value != next) {
        inOrder = false;
      }
      next++;
      if (next == n / 2) {
        long gcStart = System.nanoTime();
        live = Compare.usedHeapAfterGc() - baseline;
        paused += System.nanoTime() - gcStart;
      }
    }

    Sample sample() {
      double seconds = (System.nanoTime() - start - paused) / 1e9;
      double peak = (Compare.peakHeap() - baseline) / (1024.0 * 1024.0);
      return new Sample(
          seconds,
          live / (1024.0 * 1024.0),
          inOrder && next == n,
          String.format("%,.0f items/s, peak heap %,.0f MiB", n / seconds, peak));
    }
  }

  private static Map<String, OrderedWay> orderedWays() {
    Map<String, OrderedWay> ways = new LinkedHashMap<>();
    ways.put(
        "gather4j stream",
        (n, limit, fn, consumer) -> {
          try (Stream<Integer> out = Gather.with().limit(limit).stream(input(n), fn::apply)) {
            out.forEach(consumer::take);
          }
        });
    ways.put(
        "Gatherers.mapConcurrent",
        (n, limit, fn, consumer) ->
            input(n).gather(Gatherers.mapConcurrent(limit, fn)).forEach(consumer::take));
    ways.put(
        "parallel-collectors",
        (n, limit, fn, consumer) ->
            input(n)
                .collect(ParallelCollectors.parallelToOrderedStream(fn, limit))
                .forEach(consumer::take));
    ways.put(
        "Reactor flatMapSequential",
        (n, limit, fn, consumer) ->
            Flux.range(0, n)
                .flatMapSequential(
                    i -> Mono.fromCallable(() -> fn.apply(i)).subscribeOn(VIRTUAL), limit)
                .doOnNext(consumer::take)
                .blockLast());
    return ways;
  }

  /** One measurement of one way at size {@code n}. */
  private interface WayMeasure {
    Sample run(OrderedWay way, int n) throws Exception;
  }

  /** The same measurement of every way, by name. */
  private static Map<String, Measure> eachWay(WayMeasure measure) {
    Map<String, Measure> measures = new LinkedHashMap<>();
    orderedWays().forEach((name, way) -> measures.put(name, (ignored, n) -> measure.run(way, n)));
    return measures;
  }

  /** No-op items in order with {@code limit}: time, live heap at half, and peak heap. */
  static Map<String, Measure> ordered(int limit) {
    return eachWay(
        (way, n) -> {
          Compare.resetPeakHeap();
          Consumer consumer = new Consumer(n);
          way.run(n, limit, i -> i, consumer);
          return consumer.sample();
        });
  }

  /**
   * Item {@code failing} throws at once while item {@code head} sleeps {@code sleep}: the time from
   * the failure to the consumer's exception, and whether every task that started had ended then.
   */
  static Map<String, Measure> failBehindSlowHead(int limit, int head, int failing, Duration sleep) {
    return eachWay(
        (way, n) -> {
          AtomicLong failedAt = new AtomicLong();
          AtomicInteger started = new AtomicInteger();
          AtomicInteger ended = new AtomicInteger();
          IntUnaryOperator body =
              i -> {
                if (i == head) {
                  try {
                    Thread.sleep(sleep);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                  }
                } else if (i == failing) {
                  failedAt.set(System.nanoTime());
                  throw new IllegalStateException("item " + failing + " fails");
                }
                return i;
              };
          Function<Integer, Integer> fn =
              i -> {
                started.incrementAndGet();
                try {
                  return body.applyAsInt(i);
                } finally {
                  ended.incrementAndGet();
                }
              };
          Throwable thrown = null;
          try {
            way.run(n, limit, fn, new Consumer(n));
          } catch (Throwable t) {
            thrown = t;
          }
          long caughtAt = System.nanoTime();
          int startedThen = started.get();
          int endedThen = ended.get();
          double seconds = (caughtAt - failedAt.get()) / 1e9;
          boolean correct = thrown != null && failedAt.get() != 0;
          return new Sample(
              seconds,
              Double.NaN,
              correct,
              String.format(
                  "at the throw: %d of %d started tasks had ended%s",
                  endedThen,
                  startedThen,
                  endedThen == startedThen ? "" : " (the rest still running)"));
        });
  }
}
