package io.github.gather4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gather} command: {@code gather demo}, {@code gather fetch}, {@code gather example}.
 */
@Command(
    name = "gather",
    mixinStandardHelpOptions = true,
    versionProvider = GatherCommand.Version.class,
    description = "Run many things at once and gather the results (gather4j).",
    subcommands = {DemoCommand.class, FetchCommand.class, ExampleCommand.class},
    usageHelpAutoWidth = true)
public final class GatherCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Exit code when every task succeeded. */
  public static final int OK = 0;

  /** Exit code when a task failed, was cancelled or timed out. */
  public static final int FAILED = 1;

  /** Exit code for bad usage: unknown option, bad value, missing argument. */
  public static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command in-process, as {@link #main} does, printing to {@code out} and {@code err}.
   *
   * @return the exit code
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new GatherCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          CommandLine command = e.getCommandLine();
          command.getErr().println("gather: " + e.getMessage());
          command
              .getErr()
              .println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, command, ignored) -> {
          command.getErr().println("gather: " + e);
          return FAILED;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version, from the jar's manifest when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = GatherCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "gather " + (version == null ? "0.1.0-SNAPSHOT" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
