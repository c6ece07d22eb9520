package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Bugs the stress suite found in asCompleted, each kept as a test named after what it found. */
class AsCompletedRegressionTest {

  /**
   * Found by the random trees: the consumer drained an empty queue, the last task then ended and
   * exited, and the consumer, seeing every task exited, returned from its wait without draining
   * again, so {@code next()} found nothing although {@code hasNext()} was true.
   */
  @Test
  void asCompleted_lastTaskEndsBetweenDrainAndCheck_isStillYielded() throws Exception {
    List<Callable<Integer>> one = List.of(() -> 1);
    List<Callable<Integer>> two = List.of(() -> 1, () -> 2);
    for (int i = 0; i < 100_000; i++) {
      int count = 0;
      try (Completions<Integer> done = Gather.with().asCompleted(i % 2 == 0 ? one : two)) {
        for (Completed<Integer> c : done) {
          assertThat(c.outcome()).isInstanceOf(Outcome.Success.class);
          count++;
        }
      }
      assertThat(count).isEqualTo(i % 2 == 0 ? 1 : 2);
    }
  }
}
