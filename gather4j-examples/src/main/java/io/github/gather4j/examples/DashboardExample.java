package io.github.gather4j.examples;

import com.sun.net.httpserver.HttpServer;
import io.github.gather4j.Gather;
import io.github.gather4j.Gathering;
import io.github.gather4j.Outcome;
import io.github.gather4j.TaskFailedException;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.concurrent.Executors;

/**
 * Use case 2: a dashboard loading four HTTP APIs at once from a local server with realistic
 * latencies. One API is down (HTTP 503), handled both ways: fail fast, and settled.
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

  /** What the example saw. */
  public record Result(
      int failedIndex, List<Outcome<String>> panels, Duration settled, Duration sequential) {}

  private DashboardExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  public static Result run(PrintStream out) throws Exception {
    HttpServer server = startServer();
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
            APIS.get(e.index()).path(),
            SeedExample.since(start).toMillis(),
            e.getCause().getMessage());
      }

      // 2. Settled: every panel gets its own outcome; the page renders without the broken one.
      start = System.nanoTime();
      List<Outcome<String>> panels = dashboard.settled(requests);
      Duration settled = SeedExample.since(start);
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
      Duration sequential = SeedExample.since(start);
      out.printf(
          "Settled dashboard in %d ms; one request after another: %d ms.%n",
          settled.toMillis(), sequential.toMillis());
      return new Result(failedIndex, panels, settled, sequential);
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
    return response.body();
  }

  static HttpServer startServer() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    for (Api api : APIS) {
      server.createContext(
          api.path(),
          exchange -> {
            try (exchange) {
              Thread.sleep(api.latency());
              byte[] body = api.body().getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(api.status(), body.length);
              exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    server.start();
    return server;
  }
}
