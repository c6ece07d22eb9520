package io.github.gather4j.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.gather4j.Gather;
import io.github.gather4j.Gathering;
import io.github.gather4j.Outcome;
import io.github.gather4j.TaskFailedException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Use case 2: a dashboard loading four HTTP APIs at once from a local server with realistic
 * latencies. One API is down (HTTP 503), handled three ways: fail fast, settled, and async — the
 * exchanges started with {@code HttpClient.sendAsync} gathered by {@link Gather#await}, where the
 * failure cancels the other exchanges in flight and the server's log shows them aborted.
 *
 * <p>The server sends a successful API's body in pieces over its latency, so that it notices when a
 * client goes away mid-response (its next write fails) and logs it.
 */
public final class DashboardExample {

  /** One API of the dashboard: its path, how long it takes, and whether it is down. */
  record Api(String path, Duration latency, int status, String body) {}

  static final List<Api> APIS =
      List.of(
          new Api("/profile", Duration.ofMillis(300), 200, "{\"name\": \"Ada\"}"),
          new Api("/orders", Duration.ofMillis(500), 200, "[{\"id\": 17, \"total\": 42.5}]"),
          new Api("/recommendations", Duration.ofMillis(250), 503, "down for maintenance"),
          new Api("/notifications", Duration.ofMillis(200), 200, "[\"Your order shipped\"]"));

  /** What the example saw; {@code serverLog} holds the server's lines of the async part. */
  public record Result(
      int failedIndex,
      List<Outcome<String>> panels,
      Duration settled,
      Duration sequential,
      int asyncFailedIndex,
      List<String> serverLog) {}

  /** The server's log: one line per exchange, when it was served or when its client went away. */
  static final class ServerLog {
    private final List<String> lines = new ArrayList<>();

    synchronized void add(String line) {
      lines.add(line);
      notifyAll();
    }

    /**
     * Waits (at most {@code max}) until {@code count} lines are logged; returns them and clears.
     */
    synchronized List<String> take(int count, Duration max) throws InterruptedException {
      long until = System.nanoTime() + max.toNanos();
      while (lines.size() < count) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      List<String> taken = List.copyOf(lines);
      lines.clear();
      return taken;
    }
  }

  private DashboardExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  public static Result run(PrintStream out) throws Exception {
    ServerLog log = new ServerLog();
    HttpServer server = startServer(log);
    try (HttpClient client = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      List<Callable<String>> requests = new ArrayList<>();
      for (Api api : APIS) {
        requests.add(() -> get(client, base + api.path()));
      }
      Gathering dashboard = Gather.with().name("dashboard");

      // 1. Fail fast: the first failure cancels the other requests and is reported with its index.
      long start = System.nanoTime();
      int failedIndex = -1;
      try {
        dashboard.all(requests);
      } catch (TaskFailedException e) {
        failedIndex = e.index();
        out.printf(
            "Fail fast: %s failed after %d ms (%s); the other requests were cancelled.%n",
            APIS.get(e.index()).path(), Timing.since(start).toMillis(), e.getCause().getMessage());
      }

      // 2. Settled: every panel gets its own outcome; the page renders without the broken one.
      start = System.nanoTime();
      List<Outcome<String>> panels = dashboard.settled(requests);
      Duration settled = Timing.since(start);
      for (int i = 0; i < panels.size(); i++) {
        String shown =
            switch (panels.get(i)) {
              case Outcome.Success<String> s -> s.value();
              case Outcome.Failure<String> f -> "(unavailable: " + f.exception().getMessage() + ")";
              case Outcome.Cancelled<String> c -> "(did not finish)";
            };
        out.printf("  %-17s %s%n", APIS.get(i).path(), shown);
      }

      start = System.nanoTime();
      for (Api api : APIS) {
        try {
          get(client, base + api.path());
        } catch (IOException e) {
          // the sequential page shows the same gap
        }
      }
      Duration sequential = Timing.since(start);
      out.printf(
          "Settled dashboard in %d ms; one request after another: %d ms.%n",
          settled.toMillis(), sequential.toMillis());

      // 3. Async: exchanges already in flight (HttpClient.sendAsync), gathered with await. The
      // 503 fails its future (okOnly); await then cancels the others, and the JDK aborts them.
      log.take(0, Duration.ZERO); // only the lines of this part
      start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> exchanges = new ArrayList<>();
      for (Api api : APIS) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + api.path())).build();
        exchanges.add(client.sendAsync(request, okOnly(base + api.path())));
      }
      int asyncFailedIndex = -1;
      try {
        Gather.with().name("dashboard-async").await(exchanges);
      } catch (TaskFailedException e) {
        asyncFailedIndex = e.index();
        out.printf(
            "Async: %s failed after %d ms (%s); await cancelled the exchanges still in flight.%n",
            APIS.get(e.index()).path(),
            Timing.since(start).toMillis(),
            e.getCause() instanceof UncheckedIOException io
                ? io.getCause().getMessage()
                : e.getCause().getMessage());
      }
      List<String> serverLog = log.take(APIS.size(), Duration.ofSeconds(10));
      out.println("  The server's log of those exchanges:");
      for (String line : serverLog) {
        out.println("    " + line);
      }
      return new Result(failedIndex, panels, settled, sequential, asyncFailedIndex, serverLog);
    } finally {
      server.stop(0);
    }
  }

  static String get(HttpClient client, String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + url);
    }
    return response.body().strip(); // the server pads the JSON while it streams it
  }

  /**
   * A body handler that fails the exchange's own future on any status but 200, so that {@code
   * await} sees the failure (a {@code thenApply} check would make a new future, and cancelling that
   * one would not abort the exchange).
   */
  static HttpResponse.BodyHandler<String> okOnly(String url) {
    return info ->
        info.statusCode() == 200
            ? HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8)
            : HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.discarding(),
                ignored -> {
                  throw new UncheckedIOException(
                      new IOException("HTTP " + info.statusCode() + " from " + url));
                });
  }

  static HttpServer startServer(ServerLog log) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    for (Api api : APIS) {
      server.createContext(api.path(), exchange -> serve(api, exchange, log));
    }
    server.start();
    return server;
  }

  /**
   * Answers one exchange: an error after the API's latency, or a body sent in ten pieces over it.
   */
  private static void serve(Api api, HttpExchange exchange, ServerLog log) {
    long start = System.nanoTime();
    try (exchange) {
      byte[] body = api.body().getBytes(StandardCharsets.UTF_8);
      if (api.status() != 200) {
        Thread.sleep(api.latency());
        exchange.sendResponseHeaders(api.status(), body.length);
        exchange.getResponseBody().write(body);
        log.add(api.path() + ": answered " + api.status() + " after " + ms(start) + " ms");
        return;
      }
      exchange.sendResponseHeaders(200, 0); // chunked: the body comes in pieces
      OutputStream response = exchange.getResponseBody();
      for (int piece = 0; piece < 10; piece++) {
        Thread.sleep(api.latency().dividedBy(10));
        response.write(' ');
        response.flush(); // fails once the client has gone away
      }
      response.write(body);
      response.flush();
      log.add(api.path() + ": served in " + ms(start) + " ms");
    } catch (IOException e) {
      log.add(api.path() + ": the client aborted the exchange after " + ms(start) + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long ms(long start) {
    return Timing.since(start).toMillis();
  }
}
