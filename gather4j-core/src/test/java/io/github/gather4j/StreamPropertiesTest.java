package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code stream} held to {@code map}, and {@code streamCompleted} to {@code mapSettled}, over
 * random inputs, limits and failures; and closing at random points leaves nothing running.
 */
class StreamPropertiesTest {

  /** One item's plan: fail or return its value, after a delay (which shuffles completion order). */
  record Item(boolean fails, int delayMicros, int value) {}

  @Provide
  Arbitrary<List<Item>> items() {
    Arbitrary<Item> item =
        Combinators.combine(
                Arbitraries.integers().between(0, 9).map(d -> d == 0), // one in ten fails
                Arbitraries.integers().between(0, 2_000),
                Arbitraries.integers())
            .as(Item::new);
    return item.list().ofMinSize(0).ofMaxSize(40);
  }

  /** The mapper of a plan: item i's failure is made once, so that both verbs see the same one. */
  private static Mapper<Integer, Integer> mapper(
      List<Item> plan, List<Throwable> failures, Tasks t) {
    return i ->
        t.task(
                () -> {
                  Item item = plan.get(i);
                  if (item.delayMicros() > 0) {
                    Thread.sleep(Duration.ofNanos(item.delayMicros() * 1_000L));
                  }
                  if (item.fails()) {
                    throw (Exception) failures.get(i);
                  }
                  return item.value();
                })
            .call();
  }

  private static List<Throwable> failuresOf(List<Item> plan) {
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      failures.add(new IOException("item " + i));
    }
    return failures;
  }

  private static List<Integer> indices(int n) {
    return Stream.iterate(0, i -> i + 1).limit(n).toList();
  }

  @Property(tries = 60)
  void stream_returnsOrThrowsWhatMapDoes(
      @ForAll("items") List<Item> plan, @ForAll @IntRange(min = 1, max = 8) int limit)
      throws Exception {
    List<Throwable> failures = failuresOf(plan);
    Gathering g = Gather.with().limit(limit);
    Tasks viaMap = new Tasks();
    Object expected;
    try {
      expected = g.map(indices(plan.size()), mapper(plan, failures, viaMap));
    } catch (TaskFailedException e) {
      expected = e;
    }
    Tasks viaStream = new Tasks();
    Object actual;
    try (Stream<Integer> out =
        g.stream(indices(plan.size()).stream(), mapper(plan, failures, viaStream))) {
      actual = out.toList();
    } catch (TaskFailedException e) {
      actual = e;
    }
    long failing = plan.stream().filter(Item::fails).count();
    if (failing == 0) {
      assertThat(actual).isEqualTo(expected);
    } else {
      assertThat(actual).isInstanceOf(TaskFailedException.class);
      assertThat(expected).isInstanceOf(TaskFailedException.class);
      TaskFailedException thrown = (TaskFailedException) actual;
      assertThat(plan.get(thrown.index()).fails()).isTrue();
      assertThat(thrown.getCause()).isSameAs(failures.get(thrown.index()));
      if (failing == 1) {
        assertThat(thrown.index()).isEqualTo(((TaskFailedException) expected).index());
      }
    }
    viaStream.assertNoThreadAlive();
    assertThat(viaStream.maxConcurrent.get()).isLessThanOrEqualTo(limit);
  }

  @Property(tries = 60)
  void streamCompleted_yieldsWhatMapSettledReturns(
      @ForAll("items") List<Item> plan, @ForAll @IntRange(min = 1, max = 8) int limit)
      throws Exception {
    List<Throwable> failures = failuresOf(plan);
    Gathering g = Gather.with().limit(limit);
    List<Outcome<Integer>> expected =
        g.mapSettled(indices(plan.size()), mapper(plan, failures, new Tasks()));
    Tasks t = new Tasks();
    List<Completed<Integer>> completed;
    try (Stream<Completed<Integer>> out =
        g.streamCompleted(indices(plan.size()).stream(), mapper(plan, failures, t))) {
      completed = out.toList();
    }
    List<Outcome<Integer>> byIndex =
        completed.stream()
            .sorted(Comparator.comparingInt(Completed::index))
            .map(Completed::outcome)
            .toList();
    assertThat(byIndex).isEqualTo(expected);
    t.assertNoThreadAlive();
    assertThat(t.maxConcurrent.get()).isLessThanOrEqualTo(limit);
  }

  @Property(tries = 60)
  void stream_closedAtARandomPoint_leavesNothingRunning_andReadsAtMostTheLimitAhead(
      @ForAll @IntRange(min = 0, max = 30) int consumed,
      @ForAll @IntRange(min = 1, max = 8) int limit,
      @ForAll boolean ordered)
      throws Exception {
    Tasks t = new Tasks();
    AtomicInteger pulled = new AtomicInteger();
    Stream<Integer> input = Stream.iterate(0, i -> i + 1).peek(i -> pulled.incrementAndGet());
    Mapper<Integer, Integer> fn =
        i ->
            t.task(
                    () -> {
                      if (i % 3 == 0) {
                        Thread.sleep(Duration.ofNanos((i % 7) * 100_000L));
                      }
                      return i;
                    })
                .call();
    Gathering g = Gather.with().limit(limit);
    try (Stream<?> out = ordered ? g.stream(input, fn) : g.streamCompleted(input, fn)) {
      Iterator<?> results = out.iterator();
      for (int k = 0; k < consumed; k++) {
        results.next();
        assertThat(pulled.get()).isLessThanOrEqualTo(k + 1 + limit);
      }
    }
    t.assertNoThreadAlive();
    assertThat(t.started.get()).isLessThanOrEqualTo(consumed + limit);
    assertThat(pulled.get()).isLessThanOrEqualTo(consumed + limit);
  }
}
