package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScopeTest {

  record User(String name) implements java.io.Serializable {}

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void scope_heterogeneousResults_availableAfterJoin(Gathering g) throws Exception {
    try (Scope scope = g.scope()) {
      Subtask<User> user = scope.fork(Tasks.shipped(() -> new User("ada")));
      Subtask<List<Integer>> orders = scope.fork(Tasks.shipped(() -> List.of(1, 2)));
      Subtask<String> nothing = scope.fork(Tasks.shipped(() -> null));
      scope.join();
      assertThat(user.get()).isEqualTo(new User("ada"));
      assertThat(orders.get()).containsExactly(1, 2);
      assertThat(nothing.get()).isNull();
      assertThat(user.state()).isEqualTo(Subtask.State.SUCCESS);
      assertThat(List.of(user.index(), orders.index(), nothing.index())).containsExactly(0, 1, 2);
    }
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void scope_failure_joinThrowsWithIndexAndSiblingsCancelled(Gathering g) throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    IOException boom = new IOException("orders down");
    try (Scope scope = g.scope()) {
      Subtask<String> a = scope.fork(t.blocking(started));
      Subtask<String> b = scope.fork(t.blocking(started));
      Subtask<String> c = scope.fork(t.failingAfter(started, boom));
      Throwable thrown = catchThrowable(scope::join);
      assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(boom);
      assertThat(((TaskFailedException) thrown).index()).isEqualTo(2);
      assertThat(a.state()).isEqualTo(Subtask.State.CANCELLED);
      assertThat(b.state()).isEqualTo(Subtask.State.CANCELLED);
      assertThat(c.state()).isEqualTo(Subtask.State.FAILED);
      assertThatThrownBy(c::get).isInstanceOf(IllegalStateException.class).hasCause(boom);
      assertThatThrownBy(a::get).isInstanceOf(IllegalStateException.class);
    }
    assertThat(t.interrupted.get()).isEqualTo(2);
    t.assertNoThreadAlive();
  }

  @Test
  void scope_getBeforeJoin_throwsIllegalState() throws Exception {
    try (Scope scope = Gather.scope()) {
      Subtask<String> a = scope.fork(() -> "a");
      assertThatThrownBy(a::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("join()");
      scope.join();
      assertThat(a.get()).isEqualTo("a");
    }
  }

  @Test
  void scope_forkAfterJoin_throwsIllegalState() throws Exception {
    try (Scope scope = Gather.scope()) {
      scope.join();
      assertThatThrownBy(() -> scope.fork(() -> "late")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(scope::join).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void scope_closeWithoutJoin_cancelsAndAwaits() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Subtask<String> a;
    try (Scope scope = Gather.scope()) {
      a = scope.fork(t.blocking(started));
      scope.fork(t.blocking(started));
      await(started);
    }
    assertThat(a.state()).isEqualTo(Subtask.State.CANCELLED);
    assertThat(t.interrupted.get()).isEqualTo(2);
    t.assertNoThreadAlive();
  }

  @Test
  void scope_otherThread_wrongThreadException() throws Exception {
    try (Scope scope = Gather.scope()) {
      CompletableFuture<Throwable> fork = new CompletableFuture<>();
      CompletableFuture<Throwable> join = new CompletableFuture<>();
      CompletableFuture<Throwable> close = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                fork.complete(catchThrowable(() -> scope.fork(() -> "x")));
                join.complete(catchThrowable(scope::join));
                close.complete(catchThrowable(scope::close));
              })
          .join();
      assertThat(fork.get()).isInstanceOf(WrongThreadException.class);
      assertThat(join.get()).isInstanceOf(WrongThreadException.class);
      assertThat(close.get()).isInstanceOf(WrongThreadException.class);
      scope.join();
    }
  }

  @Test
  void scope_failureBeforeJoin_cancelsSiblingsAtOnceAndLaterForksNeverStart() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    try (Scope scope = Gather.scope()) {
      scope.fork(
          t.task(
              () -> {
                started.countDown();
                try {
                  Thread.sleep(Tasks.FOREVER);
                } finally {
                  cancelled.countDown();
                }
                return "never";
              }));
      scope.fork(t.failingAfter(started, new IOException("x")));
      await(cancelled); // cancelled before join() is even called
      Subtask<String> late = scope.fork(t.value("late"));
      assertThat(late.state()).isEqualTo(Subtask.State.CANCELLED);
      assertThatThrownBy(scope::join).isInstanceOf(TaskFailedException.class);
    }
    assertThat(t.started.get()).isEqualTo(2);
  }

  @Test
  void scope_timeout_joinThrowsTimeout() throws Exception {
    Tasks t = new Tasks();
    ManualTicker clock = new ManualTicker();
    CountDownLatch started = new CountDownLatch(2);
    Gathering timed = Internals.withTicker(Gather.with(), clock).timeout(Duration.ofSeconds(1));
    try (Scope scope = timed.scope()) {
      Subtask<String> done = scope.fork(t.valueAfterCountDown("done", started));
      scope.fork(t.blocking(started));
      Thread advancer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      await(started);
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                    clock.advance(Duration.ofSeconds(1));
                  });
      Throwable thrown = catchThrowable(scope::join);
      advancer.join();
      assertThat(thrown).isInstanceOf(GatherTimeoutException.class);
      assertThat(((GatherTimeoutException) thrown).completed()).isEqualTo(1);
      assertThat(((GatherTimeoutException) thrown).total()).isEqualTo(2);
      assertThat(done.state()).isEqualTo(Subtask.State.SUCCESS);
    }
    t.assertNoThreadAlive();
  }

  @Test
  void scope_limit_neverExceeded() throws Exception {
    Tasks t = new Tasks();
    try (Scope scope = Gather.with().limit(2).scope()) {
      for (int i = 0; i < 50; i++) {
        int index = i;
        scope.fork(t.task(() -> index));
      }
      scope.join();
    }
    assertThat(t.started.get()).isEqualTo(50);
    assertThat(t.maxConcurrent.get()).isBetween(1, 2);
  }

  @Test
  void scope_limit_aSlotNoTaskWasWaitingForGoesToTheNextFork() throws Exception {
    // The first task ends with no task waiting: its slot must go back, so that a later fork can
    // start (otherwise join would wait forever, and the deadline below would end it).
    CompletableFuture<Thread> first = new CompletableFuture<>();
    try (Scope scope = Gather.with().limit(1).timeout(Duration.ofSeconds(30)).scope()) {
      Subtask<Integer> a =
          scope.fork(
              () -> {
                first.complete(Thread.currentThread());
                return 1;
              });
      Thread thread = first.get(30, TimeUnit.SECONDS);
      assertThat(thread.join(Duration.ofSeconds(30))).isTrue(); // a has ended, slot and all
      Subtask<Integer> b = scope.fork(() -> 2);
      scope.join();
      assertThat(a.get()).isEqualTo(1);
      assertThat(b.get()).isEqualTo(2);
    }
  }

  @Test
  void scope_callerInterrupted_joinThrowsInterruptedException() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Tasks.Caller caller =
        Tasks.call(
            () -> {
              try (Scope scope = Gather.scope()) {
                scope.fork(t.blocking(started));
                scope.fork(t.blocking(started));
                scope.join();
              }
            });
    await(started);
    caller.thread.interrupt();
    assertThat(caller.join()).isInstanceOf(InterruptedException.class);
    assertThat(caller.interruptFlagAfter).isFalse();
    t.assertNoThreadAlive();
  }

  @Test
  void scope_nested_outerFailureCancelsInnerScope() throws Exception {
    Tasks inner = new Tasks();
    CountDownLatch started = new CountDownLatch(1);
    try (Scope outer = Gather.scope()) {
      outer.fork(
          () -> {
            try (Scope scope = Gather.scope()) {
              scope.fork(inner.blocking(started));
              scope.join();
              return "never";
            }
          });
      outer.fork(inner.failingAfter(started, new IOException("outer fails")));
      assertThatThrownBy(outer::join).isInstanceOf(TaskFailedException.class);
    }
    assertThat(inner.interrupted.get()).isEqualTo(1);
    inner.assertNoThreadAlive();
  }

  @Test
  void scope_nullTask_throws() {
    try (Scope scope = Gather.scope()) {
      assertThatThrownBy(() -> scope.fork(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void scope_getAfterFailedJoin_returnsTheSuccessesAndThrowsForTheRest() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch aDone = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    IOException boom = new IOException("orders down");
    try (Scope scope = Gather.scope()) {
      Subtask<String> a = scope.fork(t.valueAfterCountDown("a", aDone));
      await(aDone);
      Subtask<String> b = scope.fork(t.blocking(started));
      await(started);
      Subtask<String> c = scope.fork(t.failingAfter(new CountDownLatch(0), boom));
      assertThatThrownBy(scope::join).isInstanceOf(TaskFailedException.class).hasCause(boom);
      // a may not have been recorded when it counted down: join waited for every subtask.
      assertThat(a.state()).isEqualTo(Subtask.State.SUCCESS);
      assertThat(a.get()).isEqualTo("a");
      assertThatThrownBy(b::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("subtask 1 was cancelled");
      assertThatThrownBy(c::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("subtask 2 failed")
          .hasCause(boom);
    }
    t.assertNoThreadAlive();
  }

  @Test
  void scope_deadline_cancelsWhenItPassesWhileTheOwnerIsNotInJoin() throws Exception {
    Tasks t = new Tasks();
    ManualTicker clock = new ManualTicker();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(2);
    Gathering timed = Internals.withTicker(Gather.with(), clock).timeout(Duration.ofSeconds(1));
    try (Scope scope = timed.scope()) {
      scope.fork(t.blocking(started, cancelled));
      scope.fork(t.blocking(started, cancelled));
      await(started);
      clock.advance(Duration.ofMillis(999));
      assertThat(cancelled.getCount()).isEqualTo(2);
      clock.advance(Duration.ofMillis(1)); // the timer runs on this thread, in advance()
      // The owner is not in join: the deadline alone cancelled both subtasks.
      await(cancelled);
      Subtask<String> late = scope.fork(t.value("late"));
      assertThat(late.state()).isEqualTo(Subtask.State.CANCELLED);
      Throwable thrown = catchThrowable(scope::join);
      assertThat(thrown).isInstanceOf(GatherTimeoutException.class);
      assertThat(((GatherTimeoutException) thrown).total()).isEqualTo(3);
    }
    assertThat(clock.pendingTimers()).isZero();
    assertThat(t.started.get()).isEqualTo(2);
    t.assertNoThreadAlive();
  }

  @Test
  void scope_closedBeforeItsDeadline_leavesNoTimer() throws Exception {
    ManualTicker clock = new ManualTicker();
    Gathering timed = Internals.withTicker(Gather.with(), clock).timeout(Duration.ofHours(1));
    try (Scope scope = timed.scope()) {
      scope.fork(() -> "a");
      scope.join();
    }
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void scope_closingTheOuterFirst_closesTheInnerThenThrows() throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    Scope outer = Gather.with().name("outer").scope();
    Scope inner = Gather.with().name("inner").scope();
    Subtask<String> outerTask = outer.fork(t.blocking(started));
    Subtask<String> innerTask = inner.fork(t.blocking(started));
    await(started);
    assertThatThrownBy(outer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'outer'")
        .hasMessageContaining("'inner'")
        .hasMessageContaining("close the inner scope first");
    // Both closed, inner first: their subtasks were cancelled and have ended.
    assertThat(innerTask.state()).isEqualTo(Subtask.State.CANCELLED);
    assertThat(outerTask.state()).isEqualTo(Subtask.State.CANCELLED);
    t.assertNoThreadAlive();
    assertThatThrownBy(() -> inner.fork(() -> "late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    inner.close(); // already closed: nothing to do
    assertThat(t.started.get()).isEqualTo(2);
    // The thread's nesting is back to none: a new scope opens and closes normally.
    try (Scope next = Gather.scope()) {
      next.fork(() -> "ok");
      next.join();
    }
  }

  @Test
  void scope_nestedInOrder_closeQuietly() throws Exception {
    try (Scope outer = Gather.scope()) {
      Subtask<String> a = outer.fork(() -> "a");
      try (Scope inner = Gather.scope()) {
        Subtask<String> b = inner.fork(() -> "b");
        inner.join();
        assertThat(b.get()).isEqualTo("b");
      }
      outer.join();
      assertThat(a.get()).isEqualTo("a");
    }
  }

  @Test
  void scope_toString_showsNameStateAndSubtasks() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Scope scope = Gather.with().name("dashboard").scope();
    try {
      assertThat(scope.toString()).isEqualTo("Scope['dashboard', open, 0 subtasks]");
      CountDownLatch aDone = new CountDownLatch(1);
      scope.fork(
          () -> {
            aDone.countDown(); // returns even if b's failure comes first
            return "a";
          });
      scope.fork(
          () -> {
            go.await();
            aDone.await();
            throw new IOException("down");
          });
      assertThat(scope.toString()).startsWith("Scope['dashboard', open, 2 subtasks: ");
      go.countDown();
      catchThrowable(scope::join);
      assertThat(scope.toString())
          .isEqualTo("Scope['dashboard', joined, 2 subtasks: 1 succeeded, 1 failed]");
    } finally {
      scope.close();
    }
    assertThat(scope.toString()).startsWith("Scope['dashboard', closed, ");
    try (Scope unnamed = Gather.scope()) {
      assertThat(unnamed.toString()).isEqualTo("Scope[open, 0 subtasks]");
    }
  }
}
