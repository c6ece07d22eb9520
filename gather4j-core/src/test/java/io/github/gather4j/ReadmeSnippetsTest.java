package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "What you get" block, compiled and run here against small stand-ins, and kept
 * identical to the README's text (whitespace and comments aside, so the formatter may lay it out).
 */
class ReadmeSnippetsTest {
  record User(int id) {}

  record Order(int id) {}

  record Page(int number) {}

  record Dashboard(User user, List<Order> orders) {}

  record Row(String text) {}

  interface Users {
    User find(int id);
  }

  interface Orders {
    List<Order> recent(int user);
  }

  interface Job {
    void warm();
  }

  interface Index {
    void rebuild();
  }

  private final Users users = User::new;
  private final Orders orders = user -> List.of(new Order(user * 10));
  private final Job cache = () -> {};
  private final Index index = () -> {};
  private final List<Callable<Page>> tasks = List.of(() -> new Page(1), () -> new Page(2));
  private final List<String> urls = List.of("a.txt", "b.txt");
  private final Supplier<String> mirrorA = () -> "from mirror A";
  private final Supplier<String> mirrorB = () -> "from mirror B";
  private final int id = 7;
  private final List<Object> shown = new ArrayList<>();
  private final List<CompletableFuture<String>> responses =
      List.of(
          CompletableFuture.completedFuture("200 OK"), CompletableFuture.completedFuture("204"));

  private Path input = Path.of("rows.txt");

  private Row parse(String line) {
    return new Row(line);
  }

  private void save(Row row) {
    shown.add(row);
  }

  private Path download(String url) {
    return Path.of(url);
  }

  private void show(int position, Outcome<Page> outcome) {
    shown.add(position + "=" + outcome);
  }

  private void render(User user, List<Order> recentOrders) {
    shown.add(user + " " + recentOrders);
  }

  void whatYouGet() throws Exception {
    // README:begin
    List<User> found = Gather.all(() -> users.find(1), () -> users.find(2)); // fail fast
    List<Outcome<Page>> pages = Gather.settled(tasks); // return_exceptions=True
    Gather.run(() -> cache.warm(), () -> index.rebuild()); // side effects only
    List<Path> files =
        Gather.with()
            .limit(8)
            .timeout(Duration.ofMinutes(2))
            .map(urls, url -> download(url)); // big batches
    String fastest = Gather.with().any(List.of(() -> mirrorA.get(), () -> mirrorB.get()));
    try (Completions<Page> done = Gather.with().limit(16).asCompleted(tasks)) { // as they complete
      for (Completed<Page> page : done) {
        show(page.index(), page.outcome());
      }
    }
    try (Stream<String> lines = Files.lines(input); // any length,
        Stream<Row> rows = Gather.with().limit(64).stream(lines, line -> parse(line))) { // lazily
      rows.forEach(row -> save(row));
    }
    try (Scope scope = Gather.scope()) { // mixed types
      Subtask<User> user = scope.fork(() -> users.find(id));
      Subtask<List<Order>> recent = scope.fork(() -> orders.recent(id));
      scope.join();
      render(user.get(), recent.get());
    }
    Dashboard page = Gather.zip(() -> users.find(id), () -> orders.recent(id), Dashboard::new);
    GatherFuture<List<User>> later = Gather.async().all(() -> users.find(1), () -> users.find(2));
    List<String> bodies = Gather.await(responses); // futures already running
    // README:end
    shown.add(page);
    shown.add(later.join());
    shown.add(bodies);
    shown.add(found);
    shown.add(pages);
    shown.add(files);
    shown.add(fastest);
  }

  @Test
  void whatYouGet_runsAndDoesWhatItSays(@TempDir Path dir) throws Exception {
    input = dir.resolve("rows.txt");
    Files.write(input, List.of("first row", "second row"));
    whatYouGet();
    assertThat(shown)
        .contains(
            List.of(new User(1), new User(2)),
            List.of(Path.of("a.txt"), Path.of("b.txt")),
            "User[id=7] [Order[id=70]]",
            new Dashboard(new User(7), List.of(new Order(70))),
            List.of("200 OK", "204"),
            new Row("first row"),
            new Row("second row"))
        .anySatisfy(s -> assertThat(s).isIn("from mirror A", "from mirror B"))
        .anySatisfy(s -> assertThat(s.toString()).startsWith("0=Success"));
  }

  @Test
  void readme_showsTheCompiledBlockVerbatim() throws Exception {
    String source =
        Files.readString(Path.of("src/test/java/io/github/gather4j/ReadmeSnippetsTest.java"));
    String compiled =
        source.substring(source.indexOf("// README:begin"), source.indexOf("// README:end"));
    String readme = Files.readString(Path.of("../README.md"));
    Matcher block =
        Pattern.compile("## What you get\\s+```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("the README has a java block under 'What you get'").isTrue();
    assertThat(code(block.group(1))).isEqualTo(code(compiled.replace("// README:begin", "")));
  }

  /** The code alone: comments and all whitespace removed. */
  private static String code(String text) {
    return text.replaceAll("//[^\\n]*", "").replaceAll("\\s+", "");
  }
}
