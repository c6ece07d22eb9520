package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Gathering#stream} and {@link Gathering#streamCompleted}: lazy both ways, bounded. */
class StreamTest {

  /** An input of {@code n} integers that counts what was read from it and whether it was closed. */
  static final class Input {
    final AtomicInteger pulled = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();
    final CountDownLatch exhausted = new CountDownLatch(1);

    /** Items 1 to n; {@link #exhausted} once the consumer has found there are no more. */
    Stream<Integer> watched(int n) {
      return Stream.iterate(
              1,
              i -> {
                boolean more = i <= n;
                if (!more) {
                  exhausted.countDown();
                }
                return more;
              },
              i -> i + 1)
          .onClose(() -> closed.set(true));
    }

    Stream<Integer> of(int n) {
      return IntStream.range(0, n)
          .boxed()
          .peek(i -> pulled.incrementAndGet())
          .onClose(() -> closed.set(true));
    }

    Stream<Integer> endless() {
      return Stream.iterate(0, i -> i + 1)
          .peek(i -> pulled.incrementAndGet())
          .onClose(() -> closed.set(true));
    }
  }

  // ---------------------------------------------------------------- order and laziness

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void stream_laterItemsEndFirst_resultsInInputOrder(Gathering g) throws Exception {
    Tasks t = new Tasks();
    int n = 8;
    List<CountDownLatch> ended = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ended.add(new CountDownLatch(1));
    }
    // Item i waits for item i + 1 to end: they end last to first.
    Mapper<Integer, String> fn =
        Tasks.mapper(
            i ->
                t.task(
                        () -> {
                          if (i + 1 < n) {
                            await(ended.get(i + 1));
                          }
                          ended.get(i).countDown();
                          return "r" + i;
                        })
                    .call());
    Input input = new Input();
    List<String> results;
    try (Stream<String> out = g.limit(n).stream(input.of(n), fn)) {
      results = out.toList();
    }
    assertThat(results).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
    assertThat(input.closed).isTrue();
    t.assertNoThreadAlive();
  }

  @Test
  void stream_nothingIsReadNorStartedBeforeItIsConsumed() throws Exception {
    Input input = new Input();
    AtomicInteger calls = new AtomicInteger();
    Mapper<Integer, Integer> fn =
        i -> {
          calls.incrementAndGet();
          return i;
        };
    try (Stream<Integer> out = Gather.with().stream(input.of(10), fn)) {
      assertThat(calls).hasValue(0);
      assertThat(input.pulled).hasValue(0);
      assertThat(out.findFirst()).hasValue(0);
    }
    assertThat(input.pulled.get()).isBetween(1, 10);
    assertThat(input.closed).isTrue();
  }

  @Test
  void stream_readsAtMostTheLimitAheadOfTheConsumer() {
    Input input = new Input();
    int limit = 4;
    try (Stream<Integer> out = Gather.with().limit(limit).stream(input.endless(), i -> i * 2)) {
      Iterator<Integer> results = out.iterator();
      for (int consumed = 0; consumed < 500; consumed++) {
        assertThat(results.next()).isEqualTo(consumed * 2);
        // The item just consumed plus at most `limit` read into the window behind it.
        assertThat(input.pulled.get()).isLessThanOrEqualTo(consumed + 1 + limit);
      }
    }
    assertThat(input.closed).isTrue();
  }

  @Test
  void stream_endlessInput_shortCircuitingConsumerEndsIt() {
    Input input = new Input();
    List<Integer> first;
    try (Stream<Integer> out = Gather.with().limit(8).stream(input.endless(), i -> i + 1)) {
      first = out.limit(1000).toList();
    }
    assertThat(first).hasSize(1000).startsWith(1, 2, 3).endsWith(1000);
    assertThat(input.pulled.get()).isLessThanOrEqualTo(1000 + 8);
    assertThat(input.closed).isTrue();
  }

  @Test
  void stream_limit_neverMoreTasksRunningThanTheLimit() {
    Tasks t = new Tasks();
    long sum;
    try (Stream<Integer> out =
        Gather.with().limit(3).stream(
            IntStream.range(0, 300).boxed(), i -> t.task(() -> i).call())) {
      sum = out.mapToLong(Integer::longValue).sum();
    }
    assertThat(sum).isEqualTo(299L * 300 / 2);
    assertThat(t.maxConcurrent.get()).isBetween(1, 3);
    t.assertNoThreadAlive();
  }

  @Test
  void stream_slowConsumer_finishedResultsHeldAreBoundedByTheLimit() throws Exception {
    Tasks t = new Tasks();
    int limit = 5;
    try (Stream<Integer> out =
        Gather.with().limit(limit).stream(
            IntStream.range(0, 100).boxed(), i -> t.task(() -> i).call())) {
      Iterator<Integer> results = out.iterator();
      results.next();
      // However long the consumer takes now, nothing more is started than fits the window.
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      while (System.nanoTime() - until < 0) {
        assertThat(t.started.get()).isLessThanOrEqualTo(1 + limit);
        Thread.onSpinWait();
      }
      assertThat(t.started.get()).isLessThanOrEqualTo(1 + limit);
    }
    t.assertNoThreadAlive();
  }

  @Test
  void stream_noLimit_theDefaultWindowBoundsIt() {
    Input input = new Input();
    try (Stream<Integer> out = Gather.with().stream(input.endless(), i -> i)) {
      assertThat(out.iterator().next()).isZero();
    }
    assertThat(input.pulled.get())
        .isLessThanOrEqualTo(io.github.gather4j.internal.WindowedStream.DEFAULT_WINDOW);
  }

  // ---------------------------------------------------------------- fail fast

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void stream_failureBehindASlowHead_throwsAtOnceAndCancelsTheHead(Gathering g) throws Exception {
    Tasks t = new Tasks();
    CountDownLatch headStarted = new CountDownLatch(1);
    CountDownLatch headCancelled = new CountDownLatch(1);
    IOException boom = new IOException("item 5 failed");
    Input input = new Input();
    Mapper<Integer, String> fn =
        Tasks.mapper(
            i -> {
              if (i == 0) {
                return t.blocking(headStarted, headCancelled).call(); // the head never ends itself
              }
              if (i == 5) {
                return t.<String>failingAfter(headStarted, boom).call();
              }
              return t.value("r" + i).call();
            });
    Throwable thrown;
    try (Stream<String> out = g.limit(8).stream(input.endless(), fn)) {
      thrown = catchThrowable(out::toList);
    }
    assertThat(thrown)
        .isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("item 5 of the stream")
        .cause()
        .satisfies(Tasks.theFailure(boom));
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(5);
    assertThat(headCancelled.getCount()).isZero();
    assertThat(input.pulled.get()).as("no more read after the failure").isLessThanOrEqualTo(8);
    assertThat(input.closed).isTrue();
    t.assertNoThreadAlive();
  }

  @Test
  void stream_afterAFailure_theStreamHasEndedAndCloseIsQuiet() {
    Stream<Integer> out =
        Gather.with().stream(
            Stream.of(1, 2, 3),
            i -> {
              if (i == 2) {
                throw new IllegalStateException("two");
              }
              return i;
            });
    Iterator<Integer> results = out.iterator();
    Throwable thrown = catchThrowable(() -> results.forEachRemaining(i -> {}));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(results.hasNext()).isFalse();
    out.close();
  }

  // ---------------------------------------------------------------- closing

  @Test
  void stream_closedEarly_cancelsAndAwaitsTheRest_andClosesTheInput() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(3);
    Input input = new Input();
    Mapper<Integer, String> fn = i -> i == 0 ? "first" : t.blocking(started).call();
    try (Stream<String> out = Gather.with().limit(4).stream(input.endless(), fn)) {
      assertThat(out.iterator().next()).isEqualTo("first");
      await(started);
    }
    assertThat(t.interrupted.get()).isEqualTo(3);
    assertThat(input.closed).isTrue();
    assertThat(input.pulled.get()).isLessThanOrEqualTo(5);
    t.assertNoThreadAlive();
  }

  @Test
  void stream_closedUnconsumed_readsNothingAndClosesTheInput() {
    Input input = new Input();
    Stream<Integer> out = Gather.with().stream(input.of(5), i -> i);
    out.close();
    out.close();
    assertThat(input.pulled).hasValue(0);
    assertThat(input.closed).isTrue();
  }

  @Test
  void stream_overFilesLines_closesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lines.txt");
    Files.write(file, IntStream.range(0, 1000).mapToObj(i -> "line " + i).toList());
    AtomicBoolean closed = new AtomicBoolean();
    List<Integer> lengths;
    try (Stream<Integer> out =
        Gather.with().limit(16).stream(
            Files.lines(file).onClose(() -> closed.set(true)), String::length)) {
      lengths = out.toList();
    }
    assertThat(lengths).hasSize(1000).startsWith(6);
    assertThat(closed).isTrue();
  }

  // ---------------------------------------------------------------- deadline and interrupt

  @Test
  void stream_deadlineActsWhileTheConsumerIsBusyElsewhere() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(2);
    Mapper<Integer, String> fn = i -> i == 0 ? "first" : t.blocking(started, cancelled).call();
    ManualTicker clock = new ManualTicker();
    try (Stream<String> out =
        Internals.withTicker(Gather.with(), clock).limit(3).timeout(Duration.ofMillis(200)).stream(
            Stream.of(0, 1, 2), fn)) {
      Iterator<String> results = out.iterator();
      assertThat(results.next()).isEqualTo("first");
      await(started);
      // The consumer is not inside next(): the deadline cancels the tasks all the same.
      clock.advance(Duration.ofMillis(200));
      await(cancelled);
      Throwable thrown = catchThrowable(results::next);
      assertThat(thrown)
          .isInstanceOf(GatherTimeoutException.class)
          .hasMessageContaining("timeout of PT0.2S");
      assertThat(((GatherTimeoutException) thrown).completed()).isEqualTo(1);
    }
    t.assertNoThreadAlive();
  }

  @Test
  void stream_consumerInterruptedWhileWaiting_cancelsTheRest() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Input input = new Input();
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              try (Stream<String> out =
                  Gather.with().limit(2).stream(input.of(10), i -> t.blocking(started).call())) {
                out.forEach(s -> {});
              }
            });
    await(started);
    caller.thread.interrupt();
    Throwable thrown = caller.join();
    assertThat(thrown)
        .isInstanceOf(GatherException.class)
        .hasMessageContaining("interrupted while waiting for the next item")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(caller.interruptFlagAfter).isTrue();
    assertThat(t.interrupted.get()).isEqualTo(2);
    assertThat(input.closed).isTrue();
    t.assertNoThreadAlive();
  }

  @Test
  void stream_consumerAlreadyInterrupted_startsNothing() throws Exception {
    Tasks t = new Tasks();
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              Thread.currentThread().interrupt();
              try (Stream<Integer> out =
                  Gather.with().stream(Stream.of(1, 2), i -> t.task(() -> i).call())) {
                out.toList();
              }
            });
    assertThat(caller.join()).hasCauseInstanceOf(InterruptedException.class);
    assertThat(caller.interruptFlagAfter).isTrue();
    assertThat(t.started).hasValue(0);
  }

  // ---------------------------------------------------------------- the input

  @Test
  void stream_inputThrows_failsNamingThePosition_cancelsWhatRuns_closesTheInput() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(3);
    UncheckedIOException broken = new UncheckedIOException(new IOException("disk gone"));
    AtomicBoolean closed = new AtomicBoolean();
    Stream<Integer> items =
        IntStream.range(0, 10)
            .boxed()
            .map(
                i -> {
                  if (i == 3) {
                    try {
                      started.await(); // the first three run when the input breaks
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                    throw broken;
                  }
                  return i;
                })
            .onClose(() -> closed.set(true));
    Throwable thrown;
    try (Stream<String> out =
        Gather.with().limit(8).stream(items, i -> t.blocking(started).call())) {
      thrown = catchThrowable(out::toList);
    }
    assertThat(thrown)
        .isInstanceOf(GatherException.class)
        .isNotInstanceOf(TaskFailedException.class)
        .hasMessageContaining("reading item 3 of the input")
        .cause()
        .isSameAs(broken);
    assertThat(t.interrupted.get()).isEqualTo(3);
    assertThat(closed).isTrue();
    t.assertNoThreadAlive();
  }

  @Test
  void stream_nullItem_failsNamingIt() {
    Throwable thrown;
    try (Stream<String> out = Gather.with().stream(Stream.of("a", null, "c"), s -> s)) {
      thrown = catchThrowable(out::toList);
    }
    assertThat(thrown)
        .isInstanceOf(GatherException.class)
        .hasMessageContaining("reading item 1")
        .hasRootCauseMessage("item 1 of the input is null: every item must be non-null");
  }

  @Test
  void stream_badInput_clearExceptionAndNothingRead() {
    Input input = new Input();
    Stream<Integer> items = input.of(3);
    assertThatThrownBy(() -> Gather.with().stream(null, i -> i))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("items");
    assertThatThrownBy(() -> Gather.with().stream(items, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("fn");
    assertThatThrownBy(() -> Gather.with().streamCompleted(items, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(input.pulled).hasValue(0);
    Stream<Integer> used = Stream.of(1);
    used.toList();
    assertThatThrownBy(() -> Gather.with().stream(used, i -> i))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stream_consumedFromAnotherThread_wrongThread() throws Exception {
    try (Stream<Integer> out = Gather.with().stream(Stream.of(1, 2, 3), i -> i)) {
      Iterator<Integer> results = out.iterator();
      assertThat(results.next()).isEqualTo(1);
      CompletableFuture<Throwable> other = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> other.complete(catchThrowable(results::next)));
      assertThat(other.get(20, TimeUnit.SECONDS)).isInstanceOf(WrongThreadException.class);
      assertThat(results.next()).isEqualTo(2);
    }
  }

  @Test
  void stream_consumedByAnotherThreadThanItsMaker_thatThreadOwnsIt() throws Exception {
    Stream<Integer> out = Gather.with().stream(Stream.of(1, 2, 3), i -> i * 10);
    CompletableFuture<List<Integer>> results = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (out) {
                results.complete(out.toList());
              }
            });
    assertThat(results.get(20, TimeUnit.SECONDS)).containsExactly(10, 20, 30);
  }

  // ---------------------------------------------------------------- options and nesting

  @Test
  void stream_nestedGathersAndDecorators() {
    List<String> decorated = new CopyOnWriteArrayList<>();
    Gathering g =
        Gather.with()
            .limit(4)
            .decorate(
                task ->
                    () -> {
                      decorated.add(Thread.currentThread().toString());
                      return task.call();
                    });
    List<Integer> sums;
    try (Stream<Integer> out =
        g.stream(
            IntStream.range(0, 20).boxed(),
            i -> Gather.all(() -> i, () -> i * 100).stream().mapToInt(v -> v).sum())) {
      sums = out.toList();
    }
    assertThat(sums).hasSize(20).startsWith(0, 101, 202);
    assertThat(decorated).hasSize(20);
  }

  @Test
  void stream_progress_countsEveryItemRead() {
    List<Progress> reports = new CopyOnWriteArrayList<>();
    try (Stream<Integer> out =
        Gather.with().limit(4).onProgress(reports::add).stream(Stream.of(1, 2, 3, 4, 5), i -> i)) {
      assertThat(out.toList()).containsExactly(1, 2, 3, 4, 5);
    }
    Progress last = reports.get(reports.size() - 1);
    assertThat(last.total()).isEqualTo(5);
    assertThat(last.succeeded()).isEqualTo(5);
  }

  @Test
  void stream_progress_reportedWhileTheConsumerNeverWaits() {
    List<Progress> reports = new CopyOnWriteArrayList<>();
    try (Stream<Integer> out =
        Gather.with().limit(4).onProgress(reports::add).stream(
            IntStream.range(0, 1000).boxed(), i -> i)) {
      Iterator<Integer> results = out.iterator();
      for (int i = 0; i < 500; i++) {
        results.next();
      }
      // The ends are counted as the consumer goes, not kept for a wait that may never come.
      assertThat(reports.get(reports.size() - 1).succeeded()).isGreaterThanOrEqualTo(250);
    }
  }

  // ---------------------------------------------------------------- streamCompleted

  @Test
  void streamCompleted_completionOrder_failuresAreOutcomes() throws Exception {
    Tasks t = new Tasks();
    // opened by the consumer once it has items 1 and 2, in whichever order they ended
    CountDownLatch gate0 = new CountDownLatch(1);
    IOException boom = new IOException("one");
    Mapper<Integer, String> fn =
        i ->
            switch (i) {
              case 0 ->
                  t.task(
                          () -> {
                            await(gate0);
                            return "zero";
                          })
                      .call();
              case 1 ->
                  t.<String>task(
                          () -> {
                            throw boom;
                          })
                      .call();
              default -> t.value("two").call();
            };
    Map<Integer, Outcome<String>> outcomes = new TreeMap<>();
    List<Integer> order = new ArrayList<>();
    try (Stream<Completed<String>> out = Gather.with().streamCompleted(Stream.of(0, 1, 2), fn)) {
      out.forEach(
          c -> {
            order.add(c.index());
            outcomes.put(c.index(), c.outcome());
            if (order.containsAll(List.of(1, 2))) {
              gate0.countDown();
            }
          });
    }
    assertThat(order).hasSize(3).endsWith(0);
    assertThat(outcomes)
        .containsEntry(0, new Outcome.Success<>("zero"))
        .containsEntry(1, new Outcome.Failure<>(boom))
        .containsEntry(2, new Outcome.Success<>("two"));
    t.assertNoThreadAlive();
  }

  @Test
  void streamCompleted_slowConsumer_startsNoMoreThanTheLimitAhead() {
    Tasks t = new Tasks();
    int limit = 3;
    try (Stream<Completed<Integer>> out =
        Gather.with()
            .limit(limit)
            .streamCompleted(IntStream.range(0, 50).boxed(), i -> t.task(() -> i).call())) {
      Iterator<Completed<Integer>> results = out.iterator();
      for (int consumed = 1; consumed <= 50; consumed++) {
        results.next();
        assertThat(t.started.get()).isLessThanOrEqualTo(consumed + limit);
      }
      assertThat(results.hasNext()).isFalse();
    }
    t.assertNoThreadAlive();
  }

  @Test
  void streamCompleted_deadlineAfterTheInputWasRead_yieldsCancelledAndEnds() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    List<Outcome<String>> outcomes = new CopyOnWriteArrayList<>();
    ManualTicker clock = new ManualTicker();
    Input input = new Input();
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              try (Stream<Completed<String>> out =
                  Internals.withTicker(Gather.with(), clock)
                      .timeout(Duration.ofMillis(150))
                      .streamCompleted(input.watched(2), i -> t.blocking(started).call())) {
                out.forEach(c -> outcomes.add(c.outcome()));
              }
            });
    await(started);
    await(input.exhausted);
    clock.advance(Duration.ofMillis(150));
    assertThat(caller.join()).isNull();
    assertThat(outcomes).containsExactly(new Outcome.Cancelled<>(), new Outcome.Cancelled<>());
    t.assertNoThreadAlive();
  }

  @Test
  void streamCompleted_deadlineWithInputUnread_yieldsCancelledThenThrows() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Input input = new Input();
    List<Outcome<String>> outcomes = new CopyOnWriteArrayList<>();
    ManualTicker clock = new ManualTicker();
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              try (Stream<Completed<String>> out =
                  Internals.withTicker(Gather.with(), clock)
                      .limit(2)
                      .timeout(Duration.ofMillis(150))
                      .streamCompleted(input.endless(), i -> t.blocking(started).call())) {
                out.forEach(c -> outcomes.add(c.outcome()));
              }
            });
    await(started);
    clock.advance(Duration.ofMillis(150));
    Throwable thrown = caller.join();
    assertThat(outcomes).containsExactly(new Outcome.Cancelled<>(), new Outcome.Cancelled<>());
    assertThat(thrown)
        .isInstanceOf(GatherTimeoutException.class)
        .hasMessageContaining("no more of the input was read");
    assertThat(input.closed).isTrue();
    t.assertNoThreadAlive();
  }

  @Test
  void streamCompleted_closedEarly_cancelsTheRest() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Callable<String> quick = t.value("quick");
    try (Stream<Completed<String>> out =
        Gather.with()
            .limit(3)
            .streamCompleted(
                Stream.of(0, 1, 2), i -> i == 2 ? quick.call() : t.blocking(started).call())) {
      assertThat(out.iterator().next().index()).isEqualTo(2);
      await(started);
    }
    assertThat(t.interrupted.get()).isEqualTo(2);
    t.assertNoThreadAlive();
  }
}
