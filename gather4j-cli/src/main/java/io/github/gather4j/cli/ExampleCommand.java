package io.github.gather4j.cli;

import io.github.gather4j.examples.BatchExample;
import io.github.gather4j.examples.ClusterExample;
import io.github.gather4j.examples.DashboardExample;
import io.github.gather4j.examples.DatabaseExample;
import io.github.gather4j.examples.DownloadExample;
import io.github.gather4j.examples.RateExample;
import io.github.gather4j.examples.RetryExample;
import io.github.gather4j.examples.SeedExample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gather example NAME}: runs one of the examples in gather4j-examples. */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description =
        "Runs one of the examples: seed, dashboard, download, database, batch, rate, retry or cluster.")
final class ExampleCommand implements Callable<Integer> {

  enum Name {
    seed,
    dashboard,
    download,
    database,
    batch,
    rate,
    retry,
    cluster
  }

  @Parameters(
      paramLabel = "NAME",
      description = "seed, dashboard, download, database, batch, rate, retry or cluster")
  Name name;

  /**
   * What follows the name goes to the example ({@code database --port N}, {@code batch --lines N},
   * {@code cluster --chaos}).
   */
  @CommandLine.Unmatched List<String> rest = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    String[] none = {};
    String[] given = rest.toArray(String[]::new);
    switch (name) {
      case seed -> SeedExample.main(none);
      case dashboard -> DashboardExample.main(none);
      case download -> DownloadExample.main(none);
      case database -> DatabaseExample.main(given);
      case batch -> BatchExample.main(given);
      case rate -> RateExample.main(none);
      case retry -> RetryExample.main(none);
      case cluster -> ClusterExample.main(given);
    }
    return GatherCommand.OK;
  }
}
