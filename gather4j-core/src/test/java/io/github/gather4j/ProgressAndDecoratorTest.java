package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProgressAndDecoratorTest {

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void onProgress_calledAfterEachTaskAndAtEnd_neverConcurrently(Gathering g) throws Exception {
    List<Progress> seen = new CopyOnWriteArrayList<>();
    AtomicInteger inside = new AtomicInteger();
    AtomicBoolean overlapped = new AtomicBoolean();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int index = i;
      tasks.add(Tasks.shipped(() -> index));
    }
    g.onProgress(
            p -> {
              if (inside.incrementAndGet() > 1) {
                overlapped.set(true);
              }
              seen.add(p);
              Thread.yield();
              inside.decrementAndGet();
            })
        .all(tasks);
    assertThat(overlapped).isFalse();
    assertThat(seen).hasSize(201);
    assertThat(seen.get(200)).isEqualTo(new Progress(200, 200, 0, 0));
    for (int i = 0; i < 200; i++) {
      assertThat(seen.get(i).ended()).isEqualTo(i + 1);
    }
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void onProgress_failFastFinalCounts_addUpToTotal(Gathering g) throws Exception {
    List<Progress> seen = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    Tasks t = new Tasks();
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add(t.value("ok"));
    tasks.add(t.blocking(started));
    tasks.add(t.failingAfter(started, new IOException("x")));
    for (int i = 0; i < 10; i++) {
      tasks.add(t.value("queued"));
    }
    // limit 3: the ten queued tasks never start and count as cancelled
    catchThrowable(() -> g.limit(3).onProgress(seen::add).all(tasks));
    Progress last = seen.get(seen.size() - 1);
    assertThat(last.total()).isEqualTo(13);
    assertThat(last.failed()).isEqualTo(1);
    assertThat(last.isDone()).isTrue();
    assertThat(last.succeeded() + last.cancelled()).isEqualTo(12);
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void onProgress_settledDeadline_countsCancelled(Gathering g) throws Exception {
    List<Progress> seen = new CopyOnWriteArrayList<>();
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    g.timeout(Duration.ofSeconds(1))
        .onProgress(seen::add)
        .settled(t.value("a"), t.blocking(started));
    assertThat(seen.get(seen.size() - 1)).isEqualTo(new Progress(2, 1, 0, 1));
  }

  @Test
  void onProgress_listenerThrows_gatherStillCompletes() throws Exception {
    List<String> results =
        Gather.with()
            .onProgress(
                p -> {
                  throw new IllegalStateException("listener bug");
                })
            .all(() -> "a", () -> "b");
    assertThat(results).containsExactly("a", "b");
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void onProgress_scope_finalCallAtJoin(Gathering g) throws Exception {
    List<Progress> seen = new CopyOnWriteArrayList<>();
    try (Scope scope = g.onProgress(seen::add).scope()) {
      scope.fork(Tasks.shipped(() -> 1));
      scope.fork(Tasks.shipped(() -> 2));
      scope.join();
      assertThat(seen.get(seen.size() - 1)).isEqualTo(new Progress(2, 2, 0, 0));
    }
  }

  static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

  @Test
  void decorate_appliedOnCallersThread_carriesContextIntoTasks() throws Exception {
    Thread caller = Thread.currentThread();
    List<Thread> decoratedOn = new CopyOnWriteArrayList<>();
    TaskDecorator carryContext =
        task -> {
          decoratedOn.add(Thread.currentThread());
          String captured = CONTEXT.get();
          return () -> {
            CONTEXT.set(captured);
            try {
              return task.call();
            } finally {
              CONTEXT.remove();
            }
          };
        };
    CONTEXT.set("request-42");
    try {
      List<String> seen =
          Gather.with()
              .limit(1)
              .decorate(carryContext)
              .map(List.of(1, 2, 3), i -> CONTEXT.get() + "/" + i);
      assertThat(seen).containsExactly("request-42/1", "request-42/2", "request-42/3");
      assertThat(decoratedOn).hasSize(3).containsOnly(caller);
    } finally {
      CONTEXT.remove();
    }
  }

  @Test
  void decorate_composesInOrderAdded() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    TaskDecorator a =
        task ->
            () -> {
              order.add("a");
              return task.call();
            };
    TaskDecorator b =
        task ->
            () -> {
              order.add("b");
              return task.call();
            };
    Gather.with().decorate(a).decorate(b).all(() -> order.add("task"));
    // b.decorate(a.decorate(task)): b's wrapper runs first
    assertThat(order).containsExactly("b", "a", "task");
  }

  @Test
  void decorate_returningNull_throwsBeforeAnythingStarts() {
    Tasks t = new Tasks();
    assertThatThrownBy(() -> Gather.with().decorate(task -> null).all(t.value("a")))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task 0");
    assertThat(t.started.get()).isZero();
  }

  @Test
  void decorate_scopeForks_decoratedOnOwner() throws Exception {
    AtomicInteger decorated = new AtomicInteger();
    try (Scope scope =
        Gather.with()
            .decorate(
                task -> {
                  decorated.incrementAndGet();
                  return task;
                })
            .scope()) {
      scope.fork(() -> 1);
      scope.join();
    }
    assertThat(decorated.get()).isEqualTo(1);
  }
}
