package io.github.gather4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code gather fetch} in-process against a local HTTP server. */
class FetchCommandTest {
  @TempDir Path root;
  Path dir;
  HttpServer server;
  String base;
  final CountDownLatch releaseSlow = new CountDownLatch(1);
  final CountDownLatch slowStarted = new CountDownLatch(1);
  final AtomicInteger concurrent = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void startServer() throws IOException {
    dir = root.resolve("out");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/files/",
        exchange -> {
          try (exchange) {
            byte[] body =
                ("content of " + exchange.getRequestURI().getPath())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.createContext(
        "/missing",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(404, -1);
          }
        });
    server.createContext(
        "/missing-after-slow",
        exchange -> {
          try (exchange) {
            slowStarted.await();
            exchange.sendResponseHeaders(404, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.createContext(
        "/redirect",
        exchange -> {
          try (exchange) {
            exchange.getResponseHeaders().add("Location", "/files/target.txt");
            exchange.sendResponseHeaders(302, -1);
          }
        });
    server.createContext(
        "/slow",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(200, 1 << 20);
            OutputStream body = exchange.getResponseBody();
            body.write(new byte[64 * 1024]); // half-written: then the server stalls
            body.flush();
            slowStarted.countDown();
            releaseSlow.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.createContext(
        "/loop",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "/loop");
            exchange.sendResponseHeaders(302, -1);
          }
        });
    server.createContext(
        "/private/",
        exchange -> {
          try (exchange) {
            String expected =
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString("ada:s3cret".getBytes(StandardCharsets.UTF_8));
            boolean ok = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "private".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, ok ? body.length : -1);
            if (ok) {
              exchange.getResponseBody().write(body);
            }
          }
        });
    server.createContext(
        "/counted/",
        exchange -> {
          try (exchange) {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            Thread.sleep(20); // a realistic server latency, so requests overlap
            concurrent.decrementAndGet();
            byte[] body = "x".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    releaseSlow.countDown();
    server.stop(0);
  }

  int fetch(String... args) {
    List<String> all = new ArrayList<>(List.of("fetch", "-o", dir.toString()));
    all.addAll(List.of(args));
    return GatherCommand.execute(
        all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  List<Path> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  @Test
  void fetch_allSucceed_filesSavedSummaryInInputOrderExit0() throws Exception {
    int code = fetch(base + "/files/b.txt", base + "/files/a.txt");
    assertThat(code).isZero();
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("content of /files/a.txt");
    assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("content of /files/b.txt");
    String summary = out.toString();
    assertThat(summary.indexOf("/files/b.txt  ->")).isLessThan(summary.indexOf("/files/a.txt  ->"));
    assertThat(summary).contains("2 URLs: 2 downloaded, 0 failed, 0 not finished.");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void fetch_404_failsFastCancelsOthersLeavesNoPartialFileExit1() throws Exception {
    int code = fetch("--fail-fast", base + "/slow", base + "/missing-after-slow");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("HTTP 404 Not Found").contains("cancelled");
    assertThat(filesIn(dir)).as("no file, no temporary file").isEmpty();
  }

  @Test
  void fetch_connectionRefused_reportedExit1() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    int code = fetch("http://127.0.0.1:" + port + "/x.txt");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("connection refused");
  }

  @Test
  void fetch_timeout_unfinishedReportedTimedOutNoPartialFileExit1() throws Exception {
    int code = fetch("--timeout", "2s", base + "/files/quick.txt", base + "/slow");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("timed out").contains("unfinished after PT2S");
    assertThat(filesIn(dir)).containsExactly(dir.resolve("quick.txt"));
  }

  /** Runs {@code fetch} on a thread of its own, interrupts it once the slow download runs. */
  String interruptedFetch(String... args) throws Exception {
    AtomicInteger code = new AtomicInteger(-1);
    Thread caller = Thread.ofPlatform().start(() -> code.set(fetch(args)));
    assertThat(slowStarted.await(60, TimeUnit.SECONDS)).isTrue();
    caller.interrupt(); // what the Ctrl-C hook does to the command's thread
    caller.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(caller.isAlive()).isFalse();
    assertThat(code.get()).isEqualTo(1);
    return out.toString();
  }

  @Test
  void fetch_interruptedUnderSettledAndTimeout_unfinishedSaysInterruptedNotTimedOut()
      throws Exception {
    String summary =
        interruptedFetch("--settled", "--timeout", "1h", base + "/files/ok.txt", base + "/slow");
    assertThat(summary)
        .contains("interrupted by the user")
        .doesNotContain("timed out")
        .doesNotContain("PT1H");
  }

  @Test
  void fetch_interruptedFailFast_unfinishedSaysInterruptedNotAnotherFailed() throws Exception {
    String summary =
        interruptedFetch("--fail-fast", "--json", base + "/files/ok.txt", base + "/slow");
    assertThat(summary)
        .contains("interrupted by the user")
        .doesNotContain("another download failed");
  }

  @Test
  void fetch_settled_keepsGoingAfterAFailure() throws Exception {
    int code = fetch("--settled", base + "/missing", base + "/files/ok.txt");
    assertThat(code).isEqualTo(1);
    assertThat(dir.resolve("ok.txt")).exists();
    assertThat(out.toString()).contains("1 downloaded, 1 failed");
  }

  @Test
  void fetch_limit_neverMoreConcurrentRequests() throws Exception {
    List<String> args = new ArrayList<>(List.of("--limit", "2"));
    for (int i = 0; i < 12; i++) {
      args.add(base + "/counted/" + i + ".txt");
    }
    assertThat(fetch(args.toArray(String[]::new))).isZero();
    assertThat(maxConcurrent.get()).isBetween(1, 2);
    assertThat(filesIn(dir)).hasSize(12);
  }

  @Test
  void fetch_json_oneObjectPerUrlInOrder() throws Exception {
    int code = fetch("--json", "--settled", base + "/files/a.txt", base + "/missing");
    assertThat(code).isEqualTo(1);
    String json = out.toString().strip();
    assertThat(json).startsWith("{\"ok\":false,\"results\":[{\"index\":0,");
    assertThat(json).contains("\"outcome\":\"success\",\"status\":200").contains("\"bytes\":23");
    assertThat(json).contains("{\"index\":1,").contains("\"outcome\":\"failure\",\"status\":404");
    assertThat(json).endsWith("]}");
    assertThat(json.lines().count()).isEqualTo(1);
  }

  @Test
  void fetch_pathTraversal_neverWritesOutsideDir() throws Exception {
    int code =
        fetch(
            base + "/files/..%2F..%2Fescape.txt",
            base + "/files/%2e%2e",
            base + "/files/%2Ftmp%2Fabsolute.txt",
            base + "/files/.hidden");
    assertThat(code).isZero();
    assertThat(filesIn(root)).containsExactly(dir);
    assertThat(filesIn(dir))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("escape.txt", "index.html", "absolute.txt", "hidden");
  }

  @Test
  void fetch_existingFile_refusedWithoutForce_overwrittenWithForce() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.txt"), "old");
    assertThat(fetch(base + "/files/a.txt")).isEqualTo(2);
    assertThat(err.toString()).contains("already exists: use --force");
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("old");
    assertThat(fetch("--force", base + "/files/a.txt")).isZero();
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("content of /files/a.txt");
  }

  @Test
  void fetch_redirect_followedAndReported() throws Exception {
    assertThat(fetch(base + "/redirect")).isZero();
    assertThat(out.toString()).contains("redirected to " + base + "/files/target.txt");
    assertThat(Files.readString(dir.resolve("redirect"))).isEqualTo("content of /files/target.txt");
  }

  @Test
  void fetch_sameNameTwice_secondGetsASuffix() throws Exception {
    assertThat(fetch(base + "/files/a.txt", base + "/files/x/a.txt")).isZero();
    assertThat(dir.resolve("a.txt")).exists();
    assertThat(dir.resolve("a-2.txt")).exists();
  }

  @Test
  void fetch_terminatedMidDownload_leavesNoPartialFile() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                GatherCommand.class.getName(),
                "fetch",
                "-o",
                dir.toString(),
                base + "/files/done.txt",
                base + "/slow")
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(slowStarted.await(60, TimeUnit.SECONDS)).isTrue();
      // The slow body is half-written into a temporary file now; stop the process like Ctrl-C.
      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    List<String> left = filesIn(dir).stream().map(p -> p.getFileName().toString()).toList();
    assertThat(left).doesNotContain("slow").noneMatch(name -> name.endsWith(".part"));
  }

  @Test
  void fetch_byDefault_keepsGoingAfterAFailure_atMost16AtOnce() throws Exception {
    assertThat(fetch(base + "/missing", base + "/files/ok.txt")).isEqualTo(1);
    assertThat(dir.resolve("ok.txt")).exists();
    assertThat(out.toString()).contains("1 downloaded, 1 failed");
    List<String> args = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      args.add(base + "/counted/" + i + ".txt");
    }
    assertThat(fetch(args.toArray(String[]::new))).isZero();
    assertThat(maxConcurrent.get()).isBetween(1, FetchCommand.DEFAULT_LIMIT);
  }

  @Test
  void fetch_savedFiles_getTheUmasksModeLikeAnyNewFile() throws Exception {
    assertThat(fetch(base + "/files/a.txt")).isZero();
    Path mine = dir.resolve("made-by-the-test");
    Files.newOutputStream(mine).close();
    assertThat(Files.getPosixFilePermissions(dir.resolve("a.txt")))
        .isEqualTo(Files.getPosixFilePermissions(mine));
  }

  @Test
  void fetch_aUnicodeName_isSentEncodedAndKept() throws Exception {
    assertThat(fetch(base + "/files/été.txt")).isZero();
    List<Path> saved = filesIn(dir);
    assertThat(saved).hasSize(1);
    assertThat(Files.readString(saved.get(0))).isEqualTo("content of /files/été.txt");
    // Kept as it is where this JVM's file names can hold it (a UTF-8 locale), ASCII otherwise.
    assertThat(saved.get(0).getFileName().toString()).isIn("été.txt", "_t_.txt");
  }

  @Test
  void fetch_aRenamedCollision_neverReplacesAFileOfTheUsers_evenWithForce() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a-2.txt"), "the user's own");
    Files.writeString(dir.resolve("a.txt"), "old a");
    assertThat(fetch("--force", base + "/files/a.txt", base + "/files/x/a.txt")).isZero();
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("content of /files/a.txt");
    assertThat(Files.readString(dir.resolve("a-2.txt"))).isEqualTo("the user's own");
    assertThat(Files.readString(dir.resolve("a-3.txt"))).isEqualTo("content of /files/x/a.txt");
  }

  @Test
  void fetch_skipExisting_reRunsABatchLeavingWhatIsThere() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.txt"), "fetched before");
    assertThat(fetch("--skip-existing", base + "/files/a.txt", base + "/files/b.txt")).isZero();
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("fetched before");
    assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("content of /files/b.txt");
    assertThat(out.toString()).contains("skipped").contains("2 URLs: 1 downloaded");
    assertThat(fetch("--skip-existing", "--force", base + "/files/a.txt")).isEqualTo(2);
  }

  @Test
  void fetch_aRedirectLoop_saysTooManyRedirects() throws Exception {
    assertThat(fetch(base + "/loop")).isEqualTo(1);
    assertThat(out.toString()).contains("too many redirects (5 followed");
  }

  @Test
  void fetch_userAndPasswordInTheUrl_sentAsBasicAuth_neverShown() throws Exception {
    String url = base.replace("http://", "http://ada:s3cret@") + "/private/p.txt";
    assertThat(fetch(url)).isZero();
    assertThat(Files.readString(dir.resolve("p.txt"))).isEqualTo("private");
    assertThat(out.toString()).contains("ada:***@").doesNotContain("s3cret");
    out.getBuffer().setLength(0);
    assertThat(fetch("--json", "--force", url)).isZero();
    assertThat(out.toString()).contains("ada:***@").doesNotContain("s3cret");
  }

  @Test
  void fetch_badOutputFolderOrPort_oneLineExit2_nothingSent() throws Exception {
    Files.createDirectories(root);
    Path file = root.resolve("a-file");
    Files.writeString(file, "x");
    List<String> args = List.of("fetch", "-o", file.resolve("sub").toString(), base + "/loop");
    StringWriter errors = new StringWriter();
    int code =
        GatherCommand.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(errors, true));
    assertThat(code).isEqualTo(2);
    assertThat(errors.toString()).contains("is a file, not a folder").doesNotContain("Exception");
    assertThat(fetch("http://127.0.0.1:99999/x.txt")).isEqualTo(2);
    assertThat(err.toString()).contains("port 99999 out of range").doesNotContain("Exception");
    assertThat(requests.get()).isZero();
  }
}
