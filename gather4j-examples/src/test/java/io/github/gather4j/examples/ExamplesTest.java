package io.github.gather4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.gather4j.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example and checks what it did; speed-up bounds are generous on purpose. */
class ExamplesTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void seed_threeFetches_takeTheLongestNotTheSum() throws Exception {
    SeedExample.Result result = SeedExample.run(out, Duration.ofMillis(200));
    assertThat(result.results())
        .containsExactly("Data from API 1", "Data from API 2", "Data from API 3");
    assertThat(result.concurrent()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    assertThat(result.sequential()).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
    assertThat(result.concurrent()).isLessThan(result.sequential());
    assertThat(printed())
        .contains(
            "Fetching data from API 1...", "Done fetching from API 2", "All requests completed in")
        .contains("Results: [Data from API 1, Data from API 2, Data from API 3]");
  }

  @Test
  void dashboard_failFastReportsTheDownApi_settledRendersTheRest() throws Exception {
    DashboardExample.Result result = DashboardExample.run(out);
    assertThat(result.failedIndex()).isEqualTo(2);
    assertThat(result.panels()).hasSize(4);
    assertThat(result.panels().get(0)).isEqualTo(new Outcome.Success<>("{\"name\": \"Ada\"}"));
    assertThat(result.panels().get(2)).isInstanceOf(Outcome.Failure.class);
    assertThat(result.panels().get(3)).isInstanceOf(Outcome.Success.class);
    assertThat(result.settled()).isLessThan(result.sequential());
    assertThat(printed()).contains("/recommendations failed", "HTTP 503");
    // Async: the 503 fails its exchange's future; await cancels the others, and the JDK aborts
    // them: /orders (500 ms, 250 ms after the failure) cannot have been served.
    assertThat(result.asyncFailedIndex()).isEqualTo(2);
    assertThat(result.serverLog())
        .hasSize(4)
        .anySatisfy(line -> assertThat(line).startsWith("/recommendations: answered 503"))
        .anySatisfy(line -> assertThat(line).startsWith("/orders: the client aborted"));
  }

  @Test
  void download_allFilesComplete_noFolderLeftInTheTemporaryFolder(@TempDir Path dir)
      throws Exception {
    List<Path> before = sequentialFolders();
    DownloadExample.Result result = DownloadExample.run(out, dir, 5);
    assertThat(sequentialFolders()).isEqualTo(before);
    assertThat(result.files()).hasSize(5);
    for (int i = 0; i < 5; i++) {
      Path file = result.files().get(i);
      assertThat(file.getParent()).isEqualTo(dir);
      assertThat(Files.size(file)).isEqualTo(256 * 1024 + i * 64 * 1024);
    }
    assertThat(result.concurrent()).isLessThan(result.sequential());
  }

  @Test
  void database_aRealServerAnswersTheSixReportsInParallel() throws Exception {
    DatabaseExample.Result result = DatabaseExample.run(out, 400_000, 0);
    assertThat(result.reports()).hasSize(6);
    assertThat(result.reports().get(0)).matches("[A-Z]{2} \\(.+\\)");
    assertThat(result.reports().get(1)).startsWith("product ");
    assertThat(Integer.parseInt(result.reports().get(3))).isPositive();
    assertThat(printed()).contains("Started PostgreSQL on port", "Best country by revenue");
    // The server really had the gathered queries at once. Not a timing: the queries are CPU-bound,
    // and on a busy 2-core machine six at once can take longer than six in a row; the example's
    // own output is the measurement (docs/BENCHMARKS.md).
    assertThat(result.peakAtOnce()).isBetween(2, DatabaseExample.QUERIES.size());
    // The server was stopped: its port takes connections no more.
    assertThatThrownBy(
            () -> new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), result.port()))
        .isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void database_aTakenPort_oneClearLine() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Throwable thrown =
          catchThrowable(() -> DatabaseExample.run(out, 1_000, taken.getLocalPort()));
      assertThat(thrown)
          .isInstanceOf(DatabaseExample.ServerFailed.class)
          .hasMessageStartingWith("PostgreSQL did not start on port " + taken.getLocalPort());
      assertThat(thrown.getMessage()).doesNotContain("\n");
    }
  }

  @Test
  void cluster_spreadsTheBatchOverThreeMemberJvms_andAKilledMemberIsSeenOrRerun() throws Exception {
    List<ClusterExample.Run> runs = ClusterExample.run(out, 600, Duration.ofMillis(5), true, false);
    assertThat(runs).hasSize(3);
    ClusterExample.Run plain = runs.get(0);
    assertThat(plain.results()).hasSize(600);
    assertThat(plain.perMember()).containsOnlyKeys(1, 2, 3);
    ClusterExample.Run killed = runs.get(1);
    assertThat(killed.results()).isEmpty();
    assertThat(killed.failure())
        .contains("of 600 failed")
        .containsAnyOf(
            "TargetDisconnectedException", "TargetNotMemberException", "MemberLeftException");
    ClusterExample.Run rerun = runs.get(2);
    assertThat(rerun.failure()).isNull();
    assertThat(rerun.results()).hasSize(600);
    assertThat(rerun.perMember().keySet()).contains(1).doesNotContain(2);
    assertThat(printed()).contains("no member process is left");
  }

  @Test
  void batch_mapKeepsOrder_asCompletedStreamsShortestFirst() throws Exception {
    BatchExample.Result result = BatchExample.run(out, 2_000, Duration.ofMillis(2));
    assertThat(result.results())
        .containsExactlyElementsOf(IntStream.range(0, 2_000).map(i -> i * i).boxed().toList());
    assertThat(result.concurrent()).isLessThan(result.sequentialEstimate());
    assertThat(result.streamOrder()).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThat(printed()).contains("ready: job 1");
  }

  @Test
  void batch_streamsAFileInBoundedMemory_andRemovesIt() throws Exception {
    List<Path> before = batchFiles();
    BatchExample.FileResult result = BatchExample.streamFile(out, 300_000, false);
    assertThat(result.lines()).isEqualTo(300_000);
    assertThat(result.checksum()).isEqualTo(result.expectedChecksum());
    // What the stream holds follows the limit: far below the file (over 5 MiB here).
    assertThat(result.fileBytes()).isGreaterThan(5L << 20);
    assertThat(result.peakLiveHeap()).isLessThan(result.fileBytes() / 2);
    assertThat(printed()).contains("100 %  300,000 of 300,000 lines").contains("checksum matches");
    assertThat(batchFiles()).isEqualTo(before);
  }

  @Test
  void rate_withoutItTheApiRefuses_withItEveryRequestIsAnswered() throws Exception {
    RateExample.Result result = RateExample.run(out, 70, 50, 45);
    assertThat(result.withoutRate().tooMany()).isPositive();
    assertThat(result.withoutRate().ok() + result.withoutRate().tooMany()).isEqualTo(70);
    assertThat(result.withRate().tooMany()).isZero();
    assertThat(result.withRate().ok()).isEqualTo(70);
    // Paced: 70 starts, one every 1/45 s, take at least 69/45 s (a lower bound: a busy machine
    // only adds to it).
    assertThat(result.withRate().took()).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
    // (What the server saw in any second is not asserted: it counts arrivals, which network jitter
    // can bunch — 46 in a second on a loaded machine, with starts never closer than 1/45 s. No
    // 429, above, is what keeping under its limit means.)
    assertThat(printed()).contains("rate(45, 1 s)").contains("refused with 429");
  }

  private static List<Path> batchFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("gather4j-batch")).toList();
    }
  }

  private static List<Path> sequentialFolders() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("gather4j-sequential"))
          .sorted()
          .toList();
    }
  }
}
