package io.github.gather4j.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.gather4j.Gather;
import io.github.gather4j.Gathering;
import io.github.gather4j.Outcome;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * A rate-limited API, as so many are ("50 requests a second, 429 above that"): the same batch of
 * requests sent with a limit alone, which the server answers with 429s, and with {@code
 * Gathering.rate} on top, which it answers in full.
 */
public final class RateExample {

  /** How one batch went. */
  public record Run(int requests, int ok, int tooMany, Duration took) {}

  /** Both batches, and the most requests the server saw in any second. */
  public record Result(Run withoutRate, Run withRate, int mostInAnySecondWithRate) {}

  private RateExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out, 300, 50, 45);
  }

  /**
   * Sends {@code requests} requests to a local API allowing {@code serverPerSecond} a second, with
   * a limit of 16, first without a rate and then with {@code rate(clientPerSecond, 1 s)}.
   */
  public static Result run(PrintStream out, int requests, int serverPerSecond, int clientPerSecond)
      throws Exception {
    try (RateLimitedApi api = new RateLimitedApi(serverPerSecond, Duration.ofSeconds(1));
        HttpClient client = HttpClient.newHttpClient()) {
      out.printf(
          "rate: %d requests to a local API that allows %d a second (429 Too Many Requests above"
              + " that), 16 at a time:%n",
          requests, serverPerSecond);
      Run without = batch(Gather.with().limit(16), client, api, requests);
      out.printf(
          "  limit 16 alone:            %5.1f s, %3d answered, %3d refused with 429%n",
          Timing.seconds(without.took()), without.ok(), without.tooMany());
      api.resetCount(); // the first batch's requests no longer count against the second
      Gathering paced = Gather.with().limit(16).rate(clientPerSecond, Duration.ofSeconds(1));
      Run with = batch(paced, client, api, requests);
      int most = api.mostInAnyWindow();
      out.printf(
          "  limit 16, rate(%d, 1 s):   %5.1f s, %3d answered, %3d refused with 429"
              + " (the server saw at most %d in any second)%n",
          clientPerSecond, Timing.seconds(with.took()), with.ok(), with.tooMany(), most);
      out.printf(
          "  The rate paces the starts evenly (one every %d ms), a little under the server's own"
              + " limit, so that network jitter never puts one request too many into a second.%n",
          1000 / clientPerSecond);
      return new Result(without, with, most);
    }
  }

  private static Run batch(Gathering gathering, HttpClient client, RateLimitedApi api, int requests)
      throws InterruptedException {
    List<Integer> items = IntStream.range(0, requests).boxed().toList();
    long start = System.nanoTime();
    List<Outcome<Integer>> statuses =
        gathering.mapSettled(
            items,
            item ->
                client
                    .send(HttpRequest.newBuilder(api.uri(item)).build(), BodyHandlers.discarding())
                    .statusCode());
    Duration took = Timing.since(start);
    int ok = 0;
    int tooMany = 0;
    for (Outcome<Integer> status : statuses) {
      if (status instanceof Outcome.Success<Integer> s) {
        if (s.value() == 200) {
          ok++;
        } else if (s.value() == 429) {
          tooMany++;
        }
      }
    }
    return new Run(requests, ok, tooMany, took);
  }

  /**
   * The API: {@code /quote?item=N} answers 200, unless {@code permits} requests already arrived in
   * the last {@code per} (a sliding window, as strict as real limiters get): then 429.
   */
  static final class RateLimitedApi implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final int permits;
    private final long perNanos;
    // Arrival times of the requests answered 200 in the last window, and the most ever held.
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private int most;

    RateLimitedApi(int permits, Duration per) throws IOException {
      this.permits = permits;
      this.perNanos = per.toNanos();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext("/quote", this::serve);
      server.start();
    }

    private void serve(HttpExchange exchange) throws IOException {
      try (exchange) {
        boolean allowed = admit(System.nanoTime());
        byte[] body = (allowed ? "42\n" : "too many requests\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(allowed ? 200 : 429, body.length);
        exchange.getResponseBody().write(body);
      }
    }

    /** Counts an arrival; returns whether it is within the rate. Refused ones do not count. */
    private synchronized boolean admit(long now) {
      while (!recent.isEmpty() && now - recent.peekFirst() >= perNanos) {
        recent.pollFirst();
      }
      if (recent.size() >= permits) {
        return false;
      }
      recent.addLast(now);
      most = Math.max(most, recent.size());
      return true;
    }

    synchronized int mostInAnyWindow() {
      return most;
    }

    synchronized void resetCount() {
      recent.clear();
      most = 0;
    }

    URI uri(int item) {
      return URI.create(
          "http://127.0.0.1:" + server.getAddress().getPort() + "/quote?item=" + item);
    }

    @Override
    public void close() {
      server.stop(0);
      executor.close();
    }
  }
}
