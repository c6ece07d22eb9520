package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code {@snippet :}} of the public API's Javadoc, compiled here against small stand-ins
 * (and run where it is cheap), and checked to be the text the Javadoc shows (whitespace and
 * comments aside): a snippet that stops compiling, or one edited in the Javadoc only, fails the
 * build.
 */
class JavadocSnippetsTest {
  record User(int id) {}

  record Order(int id) {}

  record Page(int number) {}

  record Dashboard(User user, List<Order> orders) {}

  interface Users {
    User find(int id);
  }

  interface Orders {
    List<Order> recent(int user);
  }

  /** Stands in for SLF4J's MDC, a map per thread. */
  static final class MDC {
    private static final ThreadLocal<Map<String, String>> CONTEXT =
        ThreadLocal.withInitial(HashMap::new);

    static Map<String, String> getCopyOfContextMap() {
      return new HashMap<>(CONTEXT.get());
    }

    static void setContextMap(Map<String, String> context) {
      CONTEXT.set(new HashMap<>(context));
    }

    static void clear() {
      CONTEXT.get().clear();
    }
  }

  private final Users users = User::new;
  private final Orders orders = user -> List.of(new Order(user * 10));
  private final int id = 7;
  private final List<Callable<Page>> downloads = List.of(() -> new Page(1), () -> new Page(2));
  private final List<Callable<String>> tasks = List.of(() -> "a", () -> "b");
  private final List<String> urls = List.of("a.txt");

  record Price(String shop, int cents) {}

  record Report(String region) {}

  interface Shop {
    Price price(String item);
  }

  private final List<Shop> shops = List.of(item -> new Price("a", 100), item -> new Price("b", 90));
  private final String item = "tea";
  private final List<List<Price>> shown = new ArrayList<>();
  private final List<String> regions = List.of("north", "south");
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<URI> uris = List.of(URI.create("http://127.0.0.1:1/"));

  private void show(List<Price> list) {
    shown.add(list);
  }

  private Report report(String region) {
    return new Report(region);
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).build();
  }

  private String fetch(String source, Duration took) {
    return "Data from " + source;
  }

  private Path download(String url) {
    return Path.of(url);
  }

  List<String> gather() throws InterruptedException {
    // Gather.java
    List<String> results =
        Gather.all(
            () -> fetch("API 1", Duration.ofSeconds(3)),
            () -> fetch("API 2", Duration.ofSeconds(1)),
            () -> fetch("API 3", Duration.ofSeconds(2))); // about 3 s, not 6 s
    // [Data from API 1, Data from API 2, Data from API 3]
    // end
    return results;
  }

  List<Path> gathering() throws InterruptedException {
    // Gathering.java
    Gathering downloads = Gather.with().name("downloads").limit(8).timeout(Duration.ofMinutes(2));
    List<Path> files = downloads.map(urls, url -> download(url));
    // end
    return files;
  }

  Dashboard zip() throws InterruptedException {
    // Gathering.java
    Dashboard dashboard =
        Gather.zip(
            () -> users.find(id),
            () -> orders.recent(id),
            (user, recent) -> new Dashboard(user, recent));
    // end
    return dashboard;
  }

  List<HttpResponse<String>> await() throws InterruptedException {
    // Gathering.java (compiled, not run: it would call the network)
    List<CompletableFuture<HttpResponse<String>>> calls =
        uris.stream().map(uri -> client.sendAsync(get(uri), BodyHandlers.ofString())).toList();
    List<HttpResponse<String>> responses = Gather.await(calls); // one fails: the rest aborted
    // end
    return responses;
  }

  GatherFuture<List<Price>> async() {
    // AsyncGathering.java
    GatherFuture<List<Price>> prices =
        Gather.with().timeout(Duration.ofSeconds(2)).async().map(shops, shop -> shop.price(item));
    prices.thenAccept(list -> show(list)); // no thread of the caller waits
    // end
    return prices;
  }

  GatherFuture<List<Report>> gatherFuture() {
    // GatherFuture.java
    GatherFuture<List<Report>> reports = Gather.async().map(regions, region -> report(region));
    reports.cancel(true); // the user navigated away: every running report is interrupted
    reports.ended().join(); // returns once none of them runs any more
    // end
    return reports;
  }

  record Result(String line) {}

  private final List<Result> written = new ArrayList<>();
  private Path input = Path.of("lines.txt");

  private Result lookUp(String line) {
    return new Result(line);
  }

  private void write(Result result) {
    written.add(result);
  }

  void stream() throws IOException {
    try (Stream<String> lines = Files.lines(input);
        Stream<Result> results = Gather.with().limit(64).stream(lines, line -> lookUp(line))) {
      results.forEach(result -> write(result));
    }
  }

  void streamCompleted() {
    try (Stream<Completed<Path>> done =
        Gather.with().limit(16).streamCompleted(urls.stream(), url -> download(url))) {
      done.forEach(c -> System.out.println("download " + c.index() + ": " + c.outcome()));
    }
  }

  void completions() throws InterruptedException {
    // Completions.java
    try (Completions<Page> pages = Gather.with().limit(8).asCompleted(downloads)) {
      for (Completed<Page> done : pages) {
        System.out.println("download " + done.index() + ": " + done.outcome());
      }
    }
    // end
  }

  void outcome() throws InterruptedException {
    // Outcome.java
    for (Outcome<String> outcome : Gather.settled(tasks)) {
      switch (outcome) {
        case Outcome.Success<String> s -> System.out.println("got " + s.value());
        case Outcome.Failure<String> f -> System.out.println("failed: " + f.exception());
        case Outcome.Cancelled<String> c -> System.out.println("did not finish");
      }
    }
    // end
  }

  Dashboard scope() throws InterruptedException {
    // Scope.java
    try (Scope scope = Gather.scope()) {
      Subtask<User> user = scope.fork(() -> users.find(id));
      Subtask<List<Order>> recent = scope.fork(() -> orders.recent(id));
      scope.join(); // throws if either failed; the other is cancelled
      return new Dashboard(user.get(), recent.get());
    }
    // end
  }

  Gathering taskDecorator() {
    // TaskDecorator.java
    Gathering withMdc =
        Gather.with()
            .decorate(
                task -> {
                  Map<String, String> context = MDC.getCopyOfContextMap(); // on the caller's thread
                  return () -> {
                    MDC.setContextMap(context); // on the task's thread
                    try {
                      return task.call();
                    } finally {
                      MDC.clear();
                    }
                  };
                });
    // end
    return withMdc;
  }

  @Test
  void snippets_run() throws Exception {
    assertThat(gather()).containsExactly("Data from API 1", "Data from API 2", "Data from API 3");
    assertThat(gathering()).containsExactly(Path.of("a.txt"));
    completions();
    outcome();
    input = Files.createTempFile("gather4j-snippet", ".txt");
    try {
      Files.write(input, List.of("one", "two"));
      stream();
    } finally {
      Files.delete(input);
    }
    assertThat(written).containsExactly(new Result("one"), new Result("two"));
    streamCompleted();
    assertThat(scope()).isEqualTo(new Dashboard(new User(7), List.of(new Order(70))));
    assertThat(zip()).isEqualTo(new Dashboard(new User(7), List.of(new Order(70))));
    assertThat(async().join()).containsExactly(new Price("a", 100), new Price("b", 90));
    assertThat(gatherFuture().isDone()).isTrue();
    MDC.setContextMap(Map.of("request", "42"));
    List<Object> seen =
        taskDecorator().all(() -> MDC.getCopyOfContextMap().get("request"), () -> "other");
    assertThat(seen).containsExactly("42", "other");
  }

  @Test
  void javadoc_showsTheCompiledSnippets() throws IOException {
    String compiled = code(read("src/test/java/io/github/gather4j/JavadocSnippetsTest.java"));
    List<Path> api;
    try (Stream<Path> files = Files.list(Path.of("src/main/java/io/github/gather4j"))) {
      api = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    List<String> found = new ArrayList<>();
    for (Path file : api) {
      for (String snippet : snippets(Files.readString(file))) {
        found.add(file.getFileName().toString());
        assertThat(compiled)
            .as("the snippet of %s is compiled in this test, as the Javadoc shows it", file)
            .contains(code(snippet));
      }
    }
    assertThat(found)
        .as("every snippet is here (add a method above for a new one)")
        .containsExactlyInAnyOrder(
            "AsyncGathering.java",
            "Completions.java",
            "Gather.java",
            "GatherFuture.java",
            "Gathering.java",
            "Gathering.java",
            "Gathering.java",
            "Gathering.java",
            "Gathering.java",
            "Outcome.java",
            "Scope.java",
            "TaskDecorator.java");
  }

  /** The bodies of the inline snippets of a source file, without the comment's leading stars. */
  private static List<String> snippets(String source) {
    List<String> bodies = new ArrayList<>();
    String tag = "{@snippet :";
    for (int at = source.indexOf(tag); at >= 0; at = source.indexOf(tag, at + 1)) {
      int depth = 1;
      int i = at + tag.length();
      while (depth > 0) {
        char c = source.charAt(i++);
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      bodies.add(source.substring(at + tag.length(), i - 1).replaceAll("(?m)^\\s*\\*", ""));
    }
    return bodies;
  }

  private static String read(String path) throws IOException {
    return Files.readString(Path.of(path));
  }

  /** The code alone: comments and all whitespace removed. */
  private static String code(String text) {
    return text.replaceAll("//[^\\n]*", "").replaceAll("\\s+", "");
  }
}
