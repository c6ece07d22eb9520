package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Races between asCompleted's tasks and its consumer: bugs the stress suite found, each kept as a
 * test named after what it found, and the consumer's wake-up.
 */
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

  /**
   * Guards the consumer's wake-up (it announces itself just before parking, then looks again): a
   * task that ends between the consumer's last look and its announcement must still be seen. The
   * other task waits for the consumer to receive the first, so a missed wake-up hangs.
   */
  @Test
  void asCompleted_taskEndsAsTheConsumerParks_consumerIsWoken() throws Exception {
    int rounds = 50_000;
    AtomicInteger done = new AtomicInteger();
    Thread consumer = Thread.ofPlatform().start(() -> consume(rounds, done));
    consumer.join(TimeUnit.MINUTES.toMillis(1));
    if (consumer.isAlive()) {
      consumer.interrupt();
      consumer.join();
      fail("the consumer was not woken for a task's result in round " + done.get());
    }
    assertThat(done.get()).isEqualTo(rounds);
  }

  private static void consume(int rounds, AtomicInteger done) {
    for (int i = 0; i < rounds; i++) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch received = new CountDownLatch(1);
      List<Callable<Integer>> tasks =
          List.of(
              () -> {
                started.countDown();
                return 1;
              },
              () -> {
                received.await();
                return 2;
              });
      try (Completions<Integer> results = Gather.with().asCompleted(tasks)) {
        // Spin, not wait, so that the task ends just as the consumer asks.
        while (started.getCount() > 0) {
          Thread.onSpinWait();
        }
        results.next();
        received.countDown();
        results.next();
      } catch (InterruptedException e) {
        return; // the test gave up on this round
      }
      done.set(i + 1);
    }
  }
}
