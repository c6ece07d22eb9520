package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/** The Flight Recorder events: one per gather call, one per stuck task, read back as JFR does. */
class JfrEventsTest {

  /** Records gather4j's events of the gathers named {@code prefix...} while {@code body} runs. */
  private static List<RecordedEvent> record(
      String prefix, int expected, Tasks.ThrowingRunnable body) throws Exception {
    return record(prefix, expected, event -> {}, body);
  }

  /** As above, calling {@code each} with every event as it arrives. */
  private static List<RecordedEvent> record(
      String prefix, int expected, Consumer<RecordedEvent> each, Tasks.ThrowingRunnable body)
      throws Exception {
    List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
    CountDownLatch arrived = new CountDownLatch(expected);
    try (RecordingStream stream = new RecordingStream()) {
      stream.enable("io.github.gather4j.Gather");
      stream.enable("io.github.gather4j.StuckTask");
      stream.onEvent(
          event -> {
            if (event.getEventType().getName().startsWith("io.github.gather4j")
                && event.getString("gather").startsWith(prefix)) {
              seen.add(event);
              each.accept(event);
              arrived.countDown();
            }
          });
      CountDownLatch running = new CountDownLatch(1);
      stream.onFlush(running::countDown);
      stream.startAsync();
      assertThat(running.await(20, TimeUnit.SECONDS)).as("the recording runs").isTrue();
      body.run();
      assertThat(arrived.await(20, TimeUnit.SECONDS)).as("the events arrived").isTrue();
    }
    return seen;
  }

  @Test
  void aGatherCall_recordsNameVerbTasksLimitOutcomeAndDuration() throws Exception {
    List<RecordedEvent> events =
        record(
            "jfr-",
            3,
            () -> {
              Gather.with().name("jfr-ok").limit(2).map(List.of(1, 2, 3), i -> i);
              catchThrowable(
                  () ->
                      Gather.with()
                          .name("jfr-failed")
                          .all(
                              () -> {
                                throw new IOException("down");
                              }));
              Gather.with().name("jfr-async").async().settled(() -> "a").join();
            });
    assertThat(events).hasSize(3);
    RecordedEvent ok = byName(events, "jfr-ok");
    assertThat(ok.getEventType().getName()).isEqualTo("io.github.gather4j.Gather");
    assertThat(ok.getString("verb")).isEqualTo("map");
    assertThat(ok.getInt("tasks")).isEqualTo(3);
    assertThat(ok.getInt("limit")).isEqualTo(2);
    assertThat(ok.getString("outcome")).isEqualTo("completed");
    assertThat(ok.getDuration()).isPositive();
    RecordedEvent failed = byName(events, "jfr-failed");
    assertThat(failed.getString("verb")).isEqualTo("all");
    assertThat(failed.getString("outcome")).isEqualTo("failed");
    assertThat(byName(events, "jfr-async").getString("verb")).isEqualTo("async settled");
  }

  @Test
  void aStuckTask_recordsWhichTaskAndWhere() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    List<RecordedEvent> events =
        record(
            "jfr-stuck",
            2,
            event -> {
              if (event.getEventType().getName().equals("io.github.gather4j.StuckTask")) {
                reported.countDown();
              }
            },
            () -> {
              Tasks.Caller caller =
                  Tasks.call(
                      () ->
                          Internals.withStuckTaskGrace(Duration.ZERO)
                              .name("jfr-stuck")
                              .all(
                                  () -> {
                                    started.countDown();
                                    ignoreInterruptsUntil(letGo);
                                    return "late";
                                  },
                                  () -> {
                                    started.await();
                                    throw new IOException("fail fast");
                                  }));
              Tasks.await(reported); // the stuck task's event came while the call still waits
              assertThat(caller.thread.isAlive()).isTrue();
              letGo.countDown();
              assertThat(caller.join()).isInstanceOf(TaskFailedException.class);
            });
    RecordedEvent stuck =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("io.github.gather4j.StuckTask"))
            .findFirst()
            .orElseThrow();
    assertThat(stuck.getInt("task")).isZero();
    assertThat(stuck.getInt("tasks")).isEqualTo(2);
    assertThat(stuck.getString("stack")).contains("ignoreInterruptsUntil");
  }

  @Test
  void aRuntimeWithoutJdkJfr_gathersAllTheSame() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classPath =
        Path.of(Gather.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            + File.pathSeparator
            + Path.of(NoJfrMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process process =
        new ProcessBuilder(
                java, "--limit-modules", "java.base", "-cp", classPath, NoJfrMain.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("jdk.jfr present: false").contains("results: [1, 2]");
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static RecordedEvent byName(List<RecordedEvent> events, String name) {
    return events.stream()
        .filter(e -> e.getString("gather").equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void ignoreInterruptsUntil(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // ignored on purpose: this task is the stuck one
      }
    }
  }
}
