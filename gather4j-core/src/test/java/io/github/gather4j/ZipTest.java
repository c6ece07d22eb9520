package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code zip}: typed fan-out without a scope. */
class ZipTest {
  record User(String name) implements java.io.Serializable {}

  record Dashboard(User user, List<Integer> orders, String weather) {}

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void zip_onEveryEngine_typedResultsCombined(Gathering g) throws Exception {
    Dashboard d =
        g.zip(
            Tasks.shipped(() -> new User("ada")),
            Tasks.shipped(() -> List.of(1, 2)),
            Tasks.shipped(() -> "sunny"),
            Dashboard::new);
    assertThat(d).isEqualTo(new Dashboard(new User("ada"), List.of(1, 2), "sunny"));
  }

  @Test
  void zip_combinesTypedResults_onTheCallersThread() throws Exception {
    Thread caller = Thread.currentThread();
    Dashboard d =
        Gather.zip(
            () -> new User("ada"),
            () -> List.of(1, 2),
            () -> "sunny",
            (user, orders, weather) -> {
              assertThat(Thread.currentThread()).isSameAs(caller);
              return new Dashboard(user, orders, weather);
            });
    assertThat(d).isEqualTo(new Dashboard(new User("ada"), List.of(1, 2), "sunny"));
    Integer two = Gather.zip(() -> 1, () -> 2, Integer::sum);
    assertThat(two).isEqualTo(3);
    Integer four = Gather.zip(() -> 1, () -> 2, () -> 3, () -> 4, (a, b, c, e) -> a + b + c + e);
    assertThat(four).isEqualTo(10);
    String five =
        Gather.zip(
            () -> "a",
            () -> "b",
            () -> "c",
            () -> "d",
            () -> null,
            (a, b, c, e, f) -> a + b + c + e + f);
    assertThat(five).isEqualTo("abcdnull");
  }

  @ParameterizedTest
  @MethodSource("io.github.gather4j.Tasks#gatherings")
  void zip_failFast_indexIsTheTasksPosition_othersCancelled(Gathering g) throws Exception {
    Tasks t = new Tasks();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(2);
    IOException boom = new IOException("weather down");
    Throwable thrown =
        catchThrowable(
            () ->
                g.zip(
                    t.blocking(started, cancelled),
                    t.blocking(started, cancelled),
                    t.failingAfter(started, boom),
                    (a, b, c) -> "never"));
    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(boom);
    assertThat(((TaskFailedException) thrown).index()).isEqualTo(2);
    await(cancelled);
    t.assertNoThreadAlive();
  }

  @Test
  void zip_theCombinersExceptions_uncheckedAsTheyAre_checkedWrapped() {
    IllegalStateException unchecked = new IllegalStateException("bad combine");
    assertThatThrownBy(
            () ->
                Gather.zip(
                    () -> 1,
                    () -> 2,
                    (a, b) -> {
                      throw unchecked;
                    }))
        .isSameAs(unchecked);
    IOException checked = new IOException("bad io");
    assertThatThrownBy(
            () ->
                Gather.zip(
                    () -> 1,
                    () -> 2,
                    (a, b) -> {
                      throw checked;
                    }))
        .isExactlyInstanceOf(GatherException.class)
        .hasCause(checked)
        .hasMessageContaining("combiner");
  }

  @Test
  void zip_badInput_nothingStarts() {
    Tasks t = new Tasks();
    assertThatThrownBy(() -> Gather.zip(t.value(1), t.value(2), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("combiner must not be null");
    assertThatThrownBy(() -> Gather.zip(t.value(1), null, (a, b) -> a))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("task 1 is null");
    assertThat(t.started.get()).isZero();
  }

  @Test
  void zip_callerInterrupted_nothingStarts() {
    Tasks t = new Tasks();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Gather.zip(t.value(1), t.value(2), Integer::sum))
        .isInstanceOf(InterruptedException.class);
    assertThat(t.started.get()).isZero();
  }
}
