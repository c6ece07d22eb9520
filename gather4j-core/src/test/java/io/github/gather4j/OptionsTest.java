package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void limit_belowOne_throwsNamingOption() {
    assertThatThrownBy(() -> Gather.with().limit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> Gather.with().limit(-3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timeout_zeroOrNegativeOrNull_throwsNamingOption() {
    assertThatThrownBy(() -> Gather.with().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> Gather.with().timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gather.with().timeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
  }

  @Test
  void otherOptions_nullOrBlank_throwNamingOption() {
    assertThatThrownBy(() -> Gather.with().deadline(null)).hasMessageContaining("deadline");
    assertThatThrownBy(() -> Gather.with().threadFactory(null))
        .hasMessageContaining("threadFactory");
    assertThatThrownBy(() -> Gather.with().onProgress(null)).hasMessageContaining("listener");
    assertThatThrownBy(() -> Gather.with().decorate(null)).hasMessageContaining("decorator");
    assertThatThrownBy(() -> Gather.with().name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  @Test
  void options_areImmutable_eachCallReturnsANewGathering() throws Exception {
    Gathering base = Gather.with();
    Gathering limited = base.limit(1);
    assertThat(limited).isNotSameAs(base);
    assertThat(base.toString()).contains("limit=none");
    assertThat(limited.toString()).contains("limit=1");
  }

  @Test
  void timeoutAndDeadline_lastOneWins() throws Exception {
    Gathering expired = Gather.with().timeout(Duration.ofDays(1)).deadline(Instant.EPOCH);
    assertThat(expired.settled(() -> "a")).containsExactly(new Outcome.Cancelled<>());
    Gathering generous = Gather.with().deadline(Instant.EPOCH).timeout(Duration.ofDays(1));
    assertThat(generous.all(() -> "a")).containsExactly("a");
  }

  @Test
  void threadFactory_usedForEveryTask() throws Exception {
    AtomicInteger made = new AtomicInteger();
    List<String> names =
        Gather.with()
            .threadFactory(
                r -> {
                  made.incrementAndGet();
                  return Thread.ofPlatform().name("custom").unstarted(r);
                })
            .all(() -> Thread.currentThread().getName(), () -> Thread.currentThread().getName());
    assertThat(made.get()).isEqualTo(2);
    assertThat(names).containsOnly("custom");
  }

  @Test
  void threadFactoryReturningNull_isAFailureOfThatTask() {
    assertThatThrownBy(() -> Gather.with().threadFactory(r -> null).all(() -> "a"))
        .isInstanceOf(TaskFailedException.class)
        .hasRootCauseInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  @Test
  void outcomeAndCompleted_rejectBadArguments() {
    assertThatThrownBy(() -> new Outcome.Failure<String>(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Completed<>(-1, new Outcome.Cancelled<>()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
