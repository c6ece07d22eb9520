package io.github.gather4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad arguments: one line of error, a usage hint, exit code 2, never a stack trace. */
class UsageTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return GatherCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "fetch --bogus http://127.0.0.1/a",
        "fetch --timeout soon http://127.0.0.1/a",
        "fetch --timeout -5s http://127.0.0.1/a",
        "fetch --limit 0 http://127.0.0.1/a",
        "fetch --limit many http://127.0.0.1/a",
        "fetch http://exa mple.com/a",
        "fetch ftp://127.0.0.1/a",
        "fetch not-a-url",
        "fetch",
        "nonsense"
      })
  void badArguments_oneLineErrorHintExit2(String line) {
    int code = run(line.split(" "));
    assertThat(code).isEqualTo(2);
    String[] lines = err.toString().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("gather: ");
    assertThat(lines[1]).startsWith("Try 'gather").endsWith("--help' for usage.");
    assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void badDuration_saysWhatWouldWork() {
    run("fetch", "--timeout", "soon", "http://127.0.0.1/a");
    assertThat(err.toString()).contains("'soon' is not a duration").contains("30s");
  }

  @Test
  void limitZero_namesTheOption() {
    run("fetch", "--limit", "0", "http://127.0.0.1/a");
    assertThat(err.toString()).contains("--limit must be at least 1, was 0");
  }

  @Test
  void help_and_version_exit0() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo").contains("fetch");
    assertThat(run("fetch", "--help")).isZero();
    assertThat(out.toString())
        .contains("--fail-fast")
        .contains("--skip-existing")
        .contains("--json")
        .contains("--limit");
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("gather 0.1");
  }
}
