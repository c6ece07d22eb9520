package io.github.gather4j;

import static io.github.gather4j.Tasks.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated
class StuckTaskTest {
  private LogCapture log;

  @BeforeEach
  void capture() {
    log = new LogCapture();
  }

  @AfterEach
  void release() {
    log.close();
  }

  @Test
  void all_taskIgnoresInterruption_callWaitsAndStuckTaskIsReportedOnceWithStack() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    Tasks t = new Tasks();
    Tasks.Caller caller =
        Tasks.call(
            () ->
                Internals.withStuckTaskGrace(Duration.ofMillis(200))
                    .name("stubborn")
                    .all(
                        t.task(
                            () -> {
                              started.countDown();
                              ignoreInterrupts(letGo);
                              return "late";
                            }),
                        t.failingAfter(started, new IOException("fail fast"))));
    await(log.first);
    assertThat(caller.thread.isAlive()).as("the call waits for the stuck task").isTrue();
    letGo.countDown();
    assertThat(caller.join()).isInstanceOf(TaskFailedException.class);
    t.assertNoThreadAlive();

    assertThat(log.records).hasSize(1);
    LogRecord record = log.records.get(0);
    assertThat(record.getLevel()).isEqualTo(Level.WARNING);
    assertThat(record.getMessage()).contains("task 0 of 2").contains("'stubborn'");
    assertThat(record.getThrown().getStackTrace())
        .anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("ignoreInterrupts"));
  }

  /** Waits for {@code latch} and swallows interrupts: the anti-pattern rule 8 is about. */
  private static void ignoreInterrupts(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // ignored on purpose
      }
    }
  }
}
