package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's first example, run for real, and kept identical to the README's text. */
class ReadmeExampleTest {
  // README:begin
  String fetchData(String source, int seconds) throws InterruptedException {
    System.out.println("Fetching data from " + source + "...");
    Thread.sleep(Duration.ofSeconds(seconds)); // simulating a network request
    System.out.println("Done fetching from " + source);
    return "Data from " + source;
  }

  List<String> fetchAll() throws InterruptedException {
    long start = System.nanoTime();
    List<String> results =
        Gather.all(
            () -> fetchData("API 1", 3), () -> fetchData("API 2", 1), () -> fetchData("API 3", 2));
    System.out.printf(
        "All requests completed in %.2f seconds%n", (System.nanoTime() - start) / 1e9);
    System.out.println("Results: " + results);
    return results;
  }

  // README:end

  @Test
  void seedExample_takesTheLongestTaskNotTheSum() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    long start = System.nanoTime();
    List<String> results;
    try {
      results = fetchAll();
    } finally {
      System.setOut(original);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(results).containsExactly("Data from API 1", "Data from API 2", "Data from API 3");
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3))
        .isLessThan(Duration.ofSeconds(6));
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains(
            "Fetching data from API 1...", "Done fetching from API 2", "All requests completed")
        .contains("Results: [Data from API 1, Data from API 2, Data from API 3]");
    // API 2 (1 s) is done before API 3 (2 s), which is done before API 1 (3 s).
    assertThat(text.indexOf("Done fetching from API 2"))
        .isLessThan(text.indexOf("Done fetching from API 3"));
    assertThat(text.indexOf("Done fetching from API 3"))
        .isLessThan(text.indexOf("Done fetching from API 1"));
  }

  @Test
  void readme_showsThisExampleVerbatim() throws Exception {
    String source =
        Files.readString(Path.of("src/test/java/io/github/gather4j/ReadmeExampleTest.java"));
    String snippet =
        source.substring(
            source.indexOf("// README:begin") + "// README:begin".length(),
            source.indexOf("  // README:end"));
    String readme = Files.readString(Path.of("../README.md"));
    for (String line : snippet.strip().lines().map(String::strip).toList()) {
      assertThat(readme).as("README contains the example line").contains(line);
    }
  }
}
