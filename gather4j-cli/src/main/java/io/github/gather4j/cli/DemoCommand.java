package io.github.gather4j.cli;

import io.github.gather4j.examples.SeedExample;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gather demo}: the article's example, then the same work done sequentially. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the article's example: three fetches together, then one after another.",
      "Three fetches of 3 s, 1 s and 2 s take about 3 s together, not 6 s."
    })
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() throws InterruptedException {
    SeedExample.run(System.out, Duration.ofSeconds(1));
    return GatherCommand.OK;
  }
}
