package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RunAndMapTest {

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void run_allActionsRun(Gathering g) throws Exception {
    ConcurrentLinkedQueue<Integer> ran = new ConcurrentLinkedQueue<>();
    g.run(
        Tasks.action(() -> ran.add(1)),
        Tasks.action(() -> ran.add(2)),
        Tasks.action(() -> ran.add(3)));
    assertThat(ran).containsExactlyInAnyOrder(1, 2, 3);
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void run_oneFails_throwsWithIndexAndInterruptsOthers(Gathering g) throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    List<Action> actions = new ArrayList<>();
    for (var task : t.blockingTasks(2, started)) {
      actions.add(Tasks.action(task::call));
    }
    actions.add(
        Tasks.action(
            () -> {
              started.await();
              throw new IOException("disk full");
            }));
    Throwable thrown = catchThrowable(() -> g.run(actions));
    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasMessageContaining("disk full");
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(2);
    assertThat(t.interrupted.get()).isEqualTo(2);
    t.assertNoThreadAlive();
  }

  @Test
  void run_nullAction_throwsNamingIndex() {
    assertThatThrownBy(() -> Gather.run(() -> {}, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("action 1");
  }

  @Test
  void run_callerInterrupted_throwsInterruptedException() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    List<Action> actions = new ArrayList<>();
    for (var task : t.blockingTasks(2, started)) {
      actions.add(task::call);
    }
    Tasks.Caller caller = Tasks.call(() -> Gather.run(actions));
    await(started);
    caller.thread.interrupt();
    assertThat(caller.join()).isInstanceOf(InterruptedException.class);
    t.assertNoThreadAlive();
  }

  @Test
  void run_deadline_throwsTimeout() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    var blocking = t.blocking(started);
    assertThatThrownBy(() -> Gather.with().timeout(Duration.ofMillis(100)).run(blocking::call))
        .isInstanceOf(GatherTimeoutException.class);
    t.assertNoThreadAlive();
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void map_resultsInItemOrder(Gathering g) throws Exception {
    List<Integer> items = IntStream.range(0, 500).boxed().toList();
    List<String> results = g.limit(16).map(items, Tasks.mapper(i -> "#" + i));
    assertThat(results).containsExactlyElementsOf(items.stream().map(i -> "#" + i).toList());
  }

  @Test
  void map_limit_neverExceeded() throws Exception {
    Tasks t = new Tasks();
    List<Integer> items = IntStream.range(0, 300).boxed().toList();
    List<Integer> results = Gather.with().limit(4).map(items, i -> t.task(() -> i * 2).call());
    assertThat(results.get(299)).isEqualTo(598);
    assertThat(t.maxConcurrent.get()).isBetween(1, 4);
  }

  @Test
  void map_itemFails_indexIsTheItemsAndQueuedItemsNeverStart() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    List<Integer> items = IntStream.range(0, 100).boxed().toList();
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.with()
                    .limit(2)
                    .map(
                        items,
                        i ->
                            switch (i) {
                              case 0 -> t.blocking(started).call();
                              case 1 -> t.failingAfter(started, new IOException("bad 1")).call();
                              default -> t.value("late").call();
                            }));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
    assertThat(t.started.get()).isEqualTo(2);
    t.assertNoThreadAlive();
  }

  @Test
  void map_nullItem_throwsNamingIndexAndStartsNothing() {
    Tasks t = new Tasks();
    assertThatThrownBy(() -> Gather.map(Arrays.asList("a", null), s -> t.value(s).call()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("item 1");
    assertThat(t.started.get()).isZero();
  }

  @Test
  void map_nullFunctionOrItems_throwsNamingArgument() {
    assertThatThrownBy(() -> Gather.map(List.of("a"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("fn");
    assertThatThrownBy(() -> Gather.map(null, s -> s))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("items");
  }

  @Test
  void map_emptyItems_returnsEmpty() throws Exception {
    assertThat(Gather.map(List.<String>of(), s -> s)).isEmpty();
  }

  @Test
  void map_nested_innerMapCancelledWithOuter() throws Exception {
    Tasks inner = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Throwable thrown =
        catchThrowable(
            () ->
                Gather.map(
                    List.of(0, 1),
                    i -> {
                      if (i == 0) {
                        return Gather.map(List.of("a", "b"), s -> inner.blocking(started).call());
                      }
                      started.await();
                      throw new IOException("outer item 1");
                    }));
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(1);
    assertThat(inner.interrupted.get()).isEqualTo(2);
    inner.assertNoThreadAlive();
  }
}
